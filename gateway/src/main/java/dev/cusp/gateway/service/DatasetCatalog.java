package dev.cusp.gateway.service;

import dev.cusp.core.data.DatasetLoader;
import dev.cusp.core.event.DatasetRef;
import java.util.List;
import java.util.Optional;

/**
 * The data sets a job may name, with their sizes and what a model needs to be analysed on them; the gateway
 * never loads the data itself (Fashion-MNIST: 60,000 training and 10,000 test images of 28×28 pixels, 10 classes;
 * two moons: the fixed synthetic set of {@code DatasetLoader}, 2 features, 2 classes, any split name).
 */
public final class DatasetCatalog {

    /** A data set split: how many examples it has, the model input size and the class count it needs. */
    public record Entry(DatasetRef ref, int size, int inputSize, int classes) {
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry(new DatasetRef(DatasetRef.FASHION_MNIST, "test"), 10_000, 28 * 28, 10),
            new Entry(new DatasetRef(DatasetRef.FASHION_MNIST, "train"), 60_000, 28 * 28, 10),
            new Entry(new DatasetRef(DatasetRef.TWO_MOONS, "all"), DatasetLoader.TWO_MOONS_SIZE, 2, 2));

    private DatasetCatalog() {
    }

    public static Optional<Entry> find(DatasetRef ref) {
        return ENTRIES.stream()
                .filter(e -> e.ref().name().equals(ref.name())
                        && (DatasetRef.TWO_MOONS.equals(ref.name()) || e.ref().split().equals(ref.split())))
                .findFirst();
    }

    /** Every supported data set as {@code name/split}, for error messages. */
    public static List<String> names() {
        return ENTRIES.stream().map(e -> e.ref().name() + "/" + e.ref().split()).toList();
    }
}
