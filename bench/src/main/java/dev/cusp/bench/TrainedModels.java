package dev.cusp.bench;

import dev.cusp.core.data.FashionMnist;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.train.DemoTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two benchmark networks trained on Fashion-MNIST, for the benchmarks whose work depends on the weights
 * (attacks stop early per example, analyses label what they find): each one epoch on the 60,000 training images
 * (the CNN on the first {@link #CNN_TRAINING_EXAMPLES} of a seeded shuffle). Trained once and kept in
 * {@code bench/target/models/}, found from where this class was loaded, so that every working directory shares one
 * cache ({@code -Dcusp.bench.models=DIR} chooses another).
 */
public final class TrainedModels {
    static final Path DIR = modelsDirectory();
    static final int CNN_TRAINING_EXAMPLES = 60_000;
    static final long SEED = 42;

    private TrainedModels() {
    }

    /** {@code target/models} beside {@code target/classes} or the bench jar; {@code bench/target/models} otherwise. */
    private static Path modelsDirectory() {
        String chosen = System.getProperty("cusp.bench.models");
        if (chosen != null) {
            return Path.of(chosen);
        }
        java.security.CodeSource source = TrainedModels.class.getProtectionDomain().getCodeSource();
        if (source != null) {
            try {
                return Path.of(source.getLocation().toURI()).toAbsolutePath().getParent().resolve("models");
            } catch (java.net.URISyntaxException e) {
                // an unusual class loader: fall back to the path relative to the reactor root
            }
        }
        return Path.of("bench", "target", "models");
    }

    /** The trained network {@code mlp} or {@code cnn}, trained now or read from the cache. */
    public static Classifier get(String name) {
        Path file = DIR.resolve(name + ".zip");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(DIR);
                MultiLayerNetwork network = train(name);
                ModelSerializer.writeModel(network, file.toFile(), false);
            }
            return Classifier.of(ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot train or read the benchmark model " + file, e);
        }
    }

    /** The Fashion-MNIST test images the benchmarks attack, in file order. */
    public static LabeledData testExamples(int count) {
        LabeledData test = FashionMnist.load(FashionMnist.DEFAULT_DIR, "test");
        int[] first = new int[count];
        Arrays.setAll(first, i -> i);
        return test.select(first);
    }

    private static MultiLayerNetwork train(String name) {
        LabeledData train = FashionMnist.load(FashionMnist.DEFAULT_DIR, "train");
        long start = System.nanoTime();
        MultiLayerNetwork network;
        if (name.equals("mlp")) {
            network = DemoTrainer.train(train, 1, SEED, line -> System.err.println("training mlp: " + line));
        } else {
            network = BenchModels.network(name, DataType.FLOAT);
            Classifier.of(network); // installs the oneDNN convolution helpers for training too
            int n = Math.min(CNN_TRAINING_EXAMPLES, train.size());
            int[] order = new int[n];
            Arrays.setAll(order, i -> i);
            shuffle(order, new Random(SEED));
            INDArray labels = train.oneHot();
            for (int from = 0; from < n; from += DemoTrainer.BATCH_SIZE) {
                int[] batch = Arrays.copyOfRange(order, from, Math.min(n, from + DemoTrainer.BATCH_SIZE));
                network.fit(Nd4j.pullRows(train.features(), 1, batch), Nd4j.pullRows(labels, 1, batch));
            }
        }
        Classifier trained = Classifier.of(network);
        System.err.printf(Locale.ROOT, "trained %s in %.0f s: test accuracy %.3f%n", name,
                (System.nanoTime() - start) / 1e9, DemoTrainer.accuracy(trained, testExamples(2_000)));
        return network;
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }
}
