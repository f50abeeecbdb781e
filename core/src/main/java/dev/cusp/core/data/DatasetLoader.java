package dev.cusp.core.data;

import dev.cusp.core.event.DatasetRef;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Resolves a {@link DatasetRef} to its examples, loading each data set once and keeping it. */
public final class DatasetLoader {
    /** The synthetic two-moons set every worker regenerates identically: 1,000 points, noise 0.1, seed 7. */
    public static final int TWO_MOONS_SIZE = 1000;
    public static final double TWO_MOONS_NOISE = 0.1;
    public static final long TWO_MOONS_SEED = 7;

    private final Path fashionMnistDir;
    private final Map<String, LabeledData> cache = new ConcurrentHashMap<>();

    public DatasetLoader(Path fashionMnistDir) {
        this.fashionMnistDir = fashionMnistDir;
    }

    /** The data set {@code ref} names: {@code fashion-mnist} ({@code train}|{@code test}) or {@code two-moons}. */
    public LabeledData load(DatasetRef ref) {
        if (ref == null || ref.name() == null) {
            throw new IllegalArgumentException("a data set reference with a name is required");
        }
        return switch (ref.name()) {
            case DatasetRef.FASHION_MNIST -> {
                String split = ref.split();
                if (!"train".equals(split) && !"test".equals(split)) {
                    throw new IllegalArgumentException(
                            "unknown Fashion-MNIST split '" + split + "', expected 'train' or 'test'");
                }
                yield cache.computeIfAbsent(DatasetRef.FASHION_MNIST + "/" + split,
                        key -> FashionMnist.load(fashionMnistDir, split));
            }
            case DatasetRef.TWO_MOONS -> cache.computeIfAbsent(DatasetRef.TWO_MOONS,
                    key -> TwoMoons.generate(TWO_MOONS_SIZE, TWO_MOONS_NOISE, TWO_MOONS_SEED));
            default -> throw new IllegalArgumentException("unknown data set '" + ref.name() + "', supported: "
                    + DatasetRef.FASHION_MNIST + ", " + DatasetRef.TWO_MOONS);
        };
    }
}
