package dev.cusp.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TensorCodecTest {

    @Test
    void roundTripIsExactForFloats() {
        INDArray matrix = Nd4j.rand(DataType.FLOAT, 7, 13);
        INDArray back = TensorCodec.decode(new int[] {7, 13}, TensorCodec.encode(matrix));
        assertThat(back.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(back.toFloatMatrix()).isEqualTo(matrix.toFloatMatrix());
    }

    @Test
    void encodesRowMajorLittleEndianFloat32() throws Exception {
        // Independent decoding by hand: base64 → gunzip → little-endian floats in row-major order.
        INDArray matrix = Nd4j.createFromArray(new double[][] {{1.5, -2}, {0.25, 3}}).transpose(); // 'f'-ordered view
        byte[] raw = new GZIPInputStream(new ByteArrayInputStream(
                Base64.getDecoder().decode(TensorCodec.encode(matrix)))).readAllBytes();
        float[] values = new float[4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        assertThat(values).containsExactly(1.5f, 0.25f, -2f, 3f);
    }

    @Test
    void rejectsDataThatDoesNotMatchTheShape() {
        String twoByThree = TensorCodec.encode(Nd4j.zeros(DataType.FLOAT, 2, 3));
        assertThatThrownBy(() -> TensorCodec.decode(new int[] {2, 4}, twoByThree))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24 bytes").hasMessageContaining("32");
        assertThatThrownBy(() -> TensorCodec.decode(new int[] {2, 2}, twoByThree))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer");
    }

    @Test
    void rejectsDataThatIsNotGzipBase64() throws Exception {
        assertThatThrownBy(() -> TensorCodec.decode(new int[] {1}, "not base64!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base64");
        String plain = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4});
        assertThatThrownBy(() -> TensorCodec.decode(new int[] {1}, plain))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(TensorCodec.ENCODING);
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bomb)) {
            out.write(new byte[10_000_000]);
        }
        String huge = Base64.getEncoder().encodeToString(bomb.toByteArray());
        assertThatThrownBy(() -> TensorCodec.decode(new int[] {2, 2}, huge)).hasMessageContaining("longer");
    }
}
