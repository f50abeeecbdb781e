package dev.cusp.core.train;

import dev.cusp.core.data.FashionMnist;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.model.Classifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Command line: {@code DemoTrainerMain <out.zip> [epochs] [fashionMnistDir]} trains the demo MLP on
 * Fashion-MNIST train, prints a line per epoch and the test accuracy, and writes the model zip atomically.
 */
public final class DemoTrainerMain {

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: DemoTrainerMain <out.zip> [epochs=" + DemoTrainer.EPOCHS + "] [fashionMnistDir="
                    + FashionMnist.DEFAULT_DIR + "]");
            System.exit(2);
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        int epochs = args.length > 1 ? parseEpochs(args[1]) : DemoTrainer.EPOCHS;
        Path dir = args.length > 2 ? Path.of(args[2]) : FashionMnist.DEFAULT_DIR;

        long start = System.nanoTime();
        LabeledData train = FashionMnist.load(dir, "train");
        LabeledData test = FashionMnist.load(dir, "test");
        System.out.printf(Locale.ROOT, "loaded Fashion-MNIST from %s: %d train, %d test examples%n", dir, train.size(),
                test.size());
        MultiLayerNetwork network = DemoTrainer.train(train, epochs, DemoTrainer.SEED, System.out::println);
        double accuracy = DemoTrainer.accuracy(Classifier.of(network), test);
        System.out.printf(Locale.ROOT, "test accuracy %.4f on %d examples%n", accuracy, test.size());
        write(network, out);
        System.out.printf(Locale.ROOT, "wrote %s (%d bytes) in %.1f s%n", out, Files.size(out),
                (System.nanoTime() - start) / 1e9);
    }

    private static int parseEpochs(String text) {
        try {
            int epochs = Integer.parseInt(text);
            if (epochs >= 1) {
                return epochs;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("epochs must be a positive integer, got '" + text + "'");
    }

    /** Writes to a temporary file next to {@code out} and moves it into place, so no reader sees half a zip. */
    static void write(MultiLayerNetwork network, Path out) throws IOException {
        Path parent = out.getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, out.getFileName().toString(), ".partial");
        try {
            ModelSerializer.writeModel(network, partial.toFile(), false);
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private DemoTrainerMain() {
    }
}
