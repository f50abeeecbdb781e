package dev.cusp.core.event;

/**
 * Names a data set that every worker can load by itself: {@code fashion-mnist} with split
 * {@code train} or {@code test}, or {@code two-moons} (synthetic; the split is ignored).
 */
public record DatasetRef(String name, String split) {
    public static final String FASHION_MNIST = "fashion-mnist";
    public static final String TWO_MOONS = "two-moons";

    public static DatasetRef fashionMnistTest() {
        return new DatasetRef(FASHION_MNIST, "test");
    }
}
