package dev.cusp.core.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Encodes tensors for events: float32 little-endian, row-major, gzip-compressed, base64 text. */
public final class TensorCodec {
    public static final String ENCODING = "gzip+base64;float32-le";

    /** The tensor's values as float32 (row-major), gzip-compressed and base64-encoded. */
    public static String encode(INDArray matrix) {
        float[] values = matrix.castTo(DataType.FLOAT).dup('c').data().asFloat();
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        ByteArrayOutputStream out = new ByteArrayOutputStream(buffer.capacity() / 2 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
            gzip.write(buffer.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** A FLOAT tensor of {@code shape} from {@link #encode} output; the length must match the shape exactly. */
    public static INDArray decode(int[] shape, String data) {
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException("a tensor shape is required");
        }
        long count = 1;
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count *= dim;
            if (count * Float.BYTES > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("no tensor data");
        }
        int expected = (int) count * Float.BYTES;
        byte[] compressed;
        try {
            compressed = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tensor data is not base64 (" + ENCODING + "): " + e.getMessage(), e);
        }
        byte[] bytes = inflate(compressed, expected, shape);
        float[] values = new float[(int) count];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        long[] longShape = Arrays.stream(shape).asLongStream().toArray();
        return Nd4j.create(values, longShape, DataType.FLOAT);
    }

    private static byte[] inflate(byte[] compressed, int expected, int[] shape) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            byte[] bytes = in.readNBytes(expected);
            if (bytes.length < expected) {
                throw new IllegalArgumentException("tensor data has " + bytes.length + " bytes, shape "
                        + Arrays.toString(shape) + " needs " + expected);
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("tensor data is longer than shape " + Arrays.toString(shape)
                        + " needs (" + expected + " bytes)");
            }
            return bytes;
        } catch (IOException e) {
            throw new IllegalArgumentException("tensor data is not valid " + ENCODING + ": " + e.getMessage(), e);
        }
    }

    private TensorCodec() {
    }
}
