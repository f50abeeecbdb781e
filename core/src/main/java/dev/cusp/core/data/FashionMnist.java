package dev.cusp.core.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Fashion-MNIST (Xiao et al. 2017) from its IDX files: 28×28 grey images scaled to [0,1], 10 classes. */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the IDX files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final int ROWS = 28;
    public static final int COLUMNS = 28;
    public static final int CLASSES = 10;

    /** Loads split {@code train} (60,000 examples) or {@code test} (10,000) from {@code dir}; gzip or raw files. */
    public static LabeledData load(Path dir, String split) {
        String prefix = switch (split == null ? "" : split) {
            case "train" -> "train";
            case "test" -> "t10k";
            default -> throw new IllegalArgumentException(
                    "unknown Fashion-MNIST split '" + split + "', expected 'train' or 'test'");
        };
        try {
            IdxReader.Images images = IdxReader.readImages(locate(dir, prefix + "-images-idx3-ubyte"));
            int[] labels = IdxReader.readLabels(locate(dir, prefix + "-labels-idx1-ubyte"));
            if (images.rows() != ROWS || images.columns() != COLUMNS) {
                throw new IOException("Fashion-MNIST images must be " + ROWS + "×" + COLUMNS + ", got "
                        + images.rows() + "×" + images.columns());
            }
            if (images.count() != labels.length) {
                throw new IOException("Fashion-MNIST " + split + ": " + images.count() + " images but "
                        + labels.length + " labels");
            }
            return new LabeledData(scale(images), labels, CLASSES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load Fashion-MNIST " + split + " from " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    private static INDArray scale(IdxReader.Images images) {
        byte[] pixels = images.pixels();
        float[] scaled = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            scaled[i] = (pixels[i] & 0xFF) / 255f;
        }
        return Nd4j.create(scaled, new long[] {images.count(), images.pixelsPerImage()}, DataType.FLOAT);
    }

    private static Path locate(Path dir, String name) throws IOException {
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        throw new IOException("neither " + gz + " nor " + raw + " exists (install the Debian package "
                + "dataset-fashion-mnist, or point cusp.data.fashion-mnist-dir at the IDX files)");
    }

    private FashionMnist() {
    }
}
