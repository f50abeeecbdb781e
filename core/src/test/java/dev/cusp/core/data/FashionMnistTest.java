package dev.cusp.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class FashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void scalesPixelsToUnitIntervalFromGeneratedFiles() throws Exception {
        byte[] pixels = new byte[2 * 784];
        pixels[0] = (byte) 255;
        pixels[1] = (byte) 51;
        pixels[784 + 783] = (byte) 128;
        IdxFiles.write(dir, "t10k-images-idx3-ubyte", IdxFiles.images(2051, 2, 28, 28, pixels));
        IdxFiles.write(dir, "t10k-labels-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels(2049, 2, new byte[] {3, 9})));

        LabeledData data = FashionMnist.load(dir, "test");

        assertThat(data.features().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(data.features().shape()).containsExactly(2, 784);
        assertThat(data.labels()).containsExactly(3, 9);
        assertThat(data.classes()).isEqualTo(10);
        assertThat(data.features().getFloat(0, 0)).isEqualTo(1f);
        assertThat(data.features().getFloat(0, 1)).isEqualTo(0.2f);
        assertThat(data.features().getFloat(1, 783)).isEqualTo(128 / 255f);
        assertThat(data.features().sumNumber().doubleValue()).isCloseTo((255 + 51 + 128) / 255.0,
                within(1e-6)); // float sum of 3 values: rounding ~1e-7
    }

    @Test
    void rejectsImagesOfAnotherSizeAndCountMismatch() throws Exception {
        IdxFiles.write(dir, "t10k-images-idx3-ubyte", IdxFiles.images(2051, 1, 2, 2, new byte[4]));
        IdxFiles.write(dir, "t10k-labels-idx1-ubyte", IdxFiles.labels(2049, 1, new byte[] {1}));
        assertThatThrownBy(() -> FashionMnist.load(dir, "test"))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("28×28").hasMessageContaining("2×2");

        IdxFiles.write(dir, "t10k-images-idx3-ubyte", IdxFiles.images(2051, 1, 28, 28, new byte[784]));
        IdxFiles.write(dir, "t10k-labels-idx1-ubyte", IdxFiles.labels(2049, 2, new byte[] {1, 2}));
        assertThatThrownBy(() -> FashionMnist.load(dir, "test"))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("1 images but 2 labels");
    }

    @Test
    void rejectsUnknownSplitAndMissingFiles() {
        assertThatThrownBy(() -> FashionMnist.load(dir, "validation"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validation");
        assertThatThrownBy(() -> FashionMnist.load(dir, "train"))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("dataset-fashion-mnist");
    }

    @Test
    void realTestSplitHasTenThousandBalancedImagesInUnitRange() {
        LabeledData test = FashionMnist.load(FashionMnist.DEFAULT_DIR, "test");

        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.featureCount()).isEqualTo(784);
        assertThat(test.features().minNumber().doubleValue()).isEqualTo(0.0);
        assertThat(test.features().maxNumber().doubleValue()).isEqualTo(1.0);
        int[] perClass = new int[10];
        Arrays.stream(test.labels()).forEach(label -> perClass[label]++);
        assertThat(perClass).containsOnly(1000); // the published test split has exactly 1,000 per class
    }
}
