package dev.cusp.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (LeCun's MNIST format), gzip-compressed or raw: unsigned-byte image tensors (magic 2051)
 * and label vectors (magic 2049), checking magic, dimensions and exact length.
 */
public final class IdxReader {
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;

    /** Images of an IDX3 file: {@code count} images of {@code rows × columns} unsigned bytes, row-major. */
    public record Images(int count, int rows, int columns, byte[] pixels) {
        public int pixelsPerImage() {
            return rows * columns;
        }
    }

    /** Reads an image file (magic 2051, three dimensions). */
    public static Images readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            expectMagic(file, in, IMAGES_MAGIC);
            int count = dimension(file, in, "image count", 0);
            int rows = dimension(file, in, "rows", 1);
            int columns = dimension(file, in, "columns", 1);
            long length = (long) count * rows * columns;
            if (length > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": " + count + "×" + rows + "×" + columns + " pixels is too large");
            }
            byte[] pixels = readExactly(file, in, (int) length);
            return new Images(count, rows, columns, pixels);
        }
    }

    /** Reads a label file (magic 2049, one dimension); labels are unsigned bytes. */
    public static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            expectMagic(file, in, LABELS_MAGIC);
            int count = dimension(file, in, "label count", 0);
            byte[] raw = readExactly(file, in, count);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xFF;
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("IDX file not found: " + file);
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw);
    }

    private static void expectMagic(Path file, DataInputStream in, int expected) throws IOException {
        int magic = readHeaderInt(file, in, "magic number");
        if (magic != expected) {
            throw new IOException(file + ": wrong IDX magic number " + magic + ", expected " + expected
                    + (expected == IMAGES_MAGIC ? " (images)" : " (labels)"));
        }
    }

    private static int dimension(Path file, DataInputStream in, String name, int minimum) throws IOException {
        int value = readHeaderInt(file, in, name);
        if (value < minimum) {
            throw new IOException(file + ": invalid " + name + " " + value + " (must be at least " + minimum + ")");
        }
        return value;
    }

    private static int readHeaderInt(Path file, DataInputStream in, String name) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new IOException(file + ": truncated header, missing the " + name, e);
        }
    }

    private static byte[] readExactly(Path file, DataInputStream in, int length) throws IOException {
        byte[] data = new byte[length];
        int read;
        try {
            read = in.readNBytes(data, 0, length);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated: the compressed stream ends before the " + length
                    + " data bytes the header promises", e);
        }
        if (read < length) {
            throw new IOException(file + ": truncated: header promises " + length + " data bytes, found " + read);
        }
        if (readByte(file, in) != -1) {
            throw new IOException(file + ": trailing bytes after the " + length + " data bytes the header promises");
        }
        return data;
    }

    private static int readByte(Path file, DataInputStream in) throws IOException {
        try {
            return in.read();
        } catch (EOFException e) {
            throw new IOException(file + ": the compressed stream is truncated after the data", e);
        }
    }

    private IdxReader() {
    }
}
