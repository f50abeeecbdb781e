package dev.cusp.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static byte[] pixels(int n) {
        byte[] pixels = new byte[n];
        for (int i = 0; i < n; i++) {
            pixels[i] = (byte) (i * 37 + 11); // covers values above 127 (unsigned bytes)
        }
        return pixels;
    }

    @Test
    void readsRawAndGzipImagesIdentically() throws IOException {
        byte[] raw = IdxFiles.images(2051, 3, 2, 4, pixels(24));
        IdxReader.Images plain = IdxReader.readImages(IdxFiles.write(dir, "raw-idx3", raw));
        IdxReader.Images gz = IdxReader.readImages(IdxFiles.write(dir, "gz-idx3.gz", IdxFiles.gzip(raw)));

        assertThat(plain.count()).isEqualTo(3);
        assertThat(plain.rows()).isEqualTo(2);
        assertThat(plain.columns()).isEqualTo(4);
        assertThat(plain.pixels()).containsExactly(pixels(24));
        assertThat(gz.pixels()).containsExactly(plain.pixels());
    }

    @Test
    void readsLabelsAsUnsignedBytes() throws IOException {
        byte[] raw = IdxFiles.labels(2049, 4, new byte[] {0, 9, (byte) 200, 5});
        assertThat(IdxReader.readLabels(IdxFiles.write(dir, "l", raw))).containsExactly(0, 9, 200, 5);
        assertThat(IdxReader.readLabels(IdxFiles.write(dir, "l.gz", IdxFiles.gzip(raw)))).containsExactly(0, 9, 200, 5);
    }

    @Test
    void rejectsWrongMagicWithBothNumbers() throws IOException {
        Path labelsAsImages = IdxFiles.write(dir, "x", IdxFiles.labels(2049, 1, new byte[] {1}));
        assertThatThrownBy(() -> IdxReader.readImages(labelsAsImages))
                .isInstanceOf(IOException.class).hasMessageContaining("2049").hasMessageContaining("2051");
        Path imagesAsLabels = IdxFiles.write(dir, "y", IdxFiles.images(2051, 1, 1, 1, new byte[] {1}));
        assertThatThrownBy(() -> IdxReader.readLabels(imagesAsLabels))
                .isInstanceOf(IOException.class).hasMessageContaining("wrong IDX magic number 2051");
    }

    @Test
    void rejectsTruncatedDataRawAndGzip() throws IOException {
        byte[] full = IdxFiles.images(2051, 3, 2, 4, pixels(24));
        byte[] cut = Arrays.copyOf(full, full.length - 5);
        assertThatThrownBy(() -> IdxReader.readImages(IdxFiles.write(dir, "cut", cut)))
                .isInstanceOf(IOException.class).hasMessageContaining("truncated").hasMessageContaining("24")
                .hasMessageContaining("19");
        byte[] gz = IdxFiles.gzip(full);
        byte[] cutGz = Arrays.copyOf(gz, gz.length - 12);
        assertThatThrownBy(() -> IdxReader.readImages(IdxFiles.write(dir, "cut.gz", cutGz)))
                .isInstanceOf(IOException.class).hasMessageContaining("truncated");
    }

    @Test
    void rejectsTruncatedHeader() throws IOException {
        byte[] header = Arrays.copyOf(IdxFiles.images(2051, 3, 2, 4, new byte[0]), 10);
        assertThatThrownBy(() -> IdxReader.readImages(IdxFiles.write(dir, "h", header)))
                .isInstanceOf(IOException.class).hasMessageContaining("truncated header");
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] extra = IdxFiles.labels(2049, 2, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> IdxReader.readLabels(IdxFiles.write(dir, "t", extra)))
                .isInstanceOf(IOException.class).hasMessageContaining("trailing bytes");
    }

    @Test
    void rejectsImpossibleDimensions() throws IOException {
        Path negative = IdxFiles.write(dir, "n", IdxFiles.images(2051, -1, 2, 2, new byte[0]));
        assertThatThrownBy(() -> IdxReader.readImages(negative))
                .isInstanceOf(IOException.class).hasMessageContaining("image count -1");
        Path zeroRows = IdxFiles.write(dir, "z", IdxFiles.images(2051, 1, 0, 2, new byte[0]));
        assertThatThrownBy(() -> IdxReader.readImages(zeroRows))
                .isInstanceOf(IOException.class).hasMessageContaining("rows 0");
        Path huge = IdxFiles.write(dir, "big", IdxFiles.images(2051, 100_000, 1000, 1000, new byte[0]));
        assertThatThrownBy(() -> IdxReader.readImages(huge))
                .isInstanceOf(IOException.class).hasMessageContaining("too large");
    }

    @Test
    void reportsMissingFile() {
        assertThatThrownBy(() -> IdxReader.readLabels(dir.resolve("absent")))
                .isInstanceOf(IOException.class).hasMessageContaining("not found");
    }
}
