package dev.cusp.attack;

import dev.cusp.core.data.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the tests find Fashion-MNIST; a missing installation fails the run with a clear message (never skips). */
public final class TestData {
    private static final List<String> FILES = List.of(
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    private TestData() {
    }

    public static Path fashionMnistDir() {
        Path dir = FashionMnist.DEFAULT_DIR;
        for (String file : FILES) {
            if (!Files.isReadable(dir.resolve(file))) {
                throw new IllegalStateException("Fashion-MNIST is not installed: " + dir.resolve(file)
                        + " is missing. Install the Debian package with `apt-get install dataset-fashion-mnist`"
                        + " (the project's .ci/run does this); these tests need the real data set.");
            }
        }
        return dir;
    }
}
