package dev.cusp.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cusp.core.testing.TestModels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ModelLoaderTest {
    private static final long SEED = 11;
    private static final ModelLimits SMALL = new ModelLimits(1 << 20, 8, 1 << 20);

    /** The entries of a real model zip, to rebuild variants of it. */
    private static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void loadsAModelSerializerZipAndDerivesItsShape() throws Exception {
        MultiLayerNetwork original = TestModels.tinyMlp(SEED);
        Classifier model = ModelLoader.load(TestModels.tinyMlpZip(SEED), ModelLimits.defaults());

        assertThat(model.inputShape()).containsExactly(784);
        assertThat(model.classes()).isEqualTo(10);
        assertThat(model.parameterCount()).isEqualTo(784 * 16 + 16 + 16 * 10 + 10);
        assertThat(model.dataType()).isEqualTo(DataType.FLOAT);
        Nd4j.getRandom().setSeed(SEED);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 784);
        assertThat(model.network().output(x).toFloatMatrix()).isDeepEqualTo(original.output(x).toFloatMatrix());
    }

    @Test
    void rejectsAFileLargerThanTheLimit() {
        byte[] zip = TestModels.tinyMlpZip(SEED);
        assertThatThrownBy(() -> ModelLoader.load(zip, new ModelLimits(1000, 8, 1 << 20)))
                .isInstanceOf(ModelRejectedException.class).hasMessageContaining(zip.length + " bytes")
                .hasMessageContaining("limit is 1000");
    }

    @Test
    void rejectsANonZip() {
        assertThatThrownBy(() -> ModelLoader.load("{\"layers\": []}".getBytes(), ModelLimits.defaults()))
                .isInstanceOf(ModelRejectedException.class).hasMessageContaining("not a zip archive")
                .hasMessageContaining("0x7b22");
        assertThatThrownBy(() -> ModelLoader.load(new byte[0], ModelLimits.defaults()))
                .isInstanceOf(ModelRejectedException.class).hasMessageContaining("empty");
    }

    @Test
    void rejectsATruncatedZip() {
        byte[] zip = TestModels.tinyMlpZip(SEED);
        assertThatThrownBy(() -> ModelLoader.load(Arrays.copyOf(zip, zip.length / 2), ModelLimits.defaults()))
                .isInstanceOf(ModelRejectedException.class).hasMessageContaining("truncated or corrupt");
    }

    @Test
    void defaultLimitsAreTheDocumentedOnes() {
        assertThat(ModelLimits.defaults()).isEqualTo(new ModelLimits(64L << 20, 64, 256L << 20));
    }

    @Test
    void rejectsAZipBombAboveTheInflatedSizeLimit() throws Exception {
        Map<String, byte[]> entries = entries(TestModels.tinyMlpZip(SEED));
        entries.put("padding.bin", new byte[32 << 20]); // zeros deflate ~1000:1, to about 32 KiB
        byte[] bomb = zip(entries);
        ModelLimits limits = new ModelLimits(1 << 20, 8, 16 << 20);
        assertThat(bomb.length).isLessThan(1 << 20);
        assertThatThrownBy(() -> ModelLoader.load(bomb, limits))
                .isInstanceOf(ModelRejectedException.class).hasMessageContaining("inflates to more than 16777216")
                .hasMessageContaining("padding.bin");
    }

    @Test
    void countsInflatedBytesInsteadOfTrustingDeclaredSizes() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("configuration.json", "{}".getBytes());
        entries.put("coefficients.bin", new byte[4 << 20]);
        byte[] zip = zip(entries);
        lieAboutSizes(zip);
        assertThatThrownBy(() -> ModelLoader.load(zip, SMALL))
                .isInstanceOf(ModelRejectedException.class).hasMessageContaining("inflates to more than 1048576");
    }

    /** Overwrites every central-directory entry's declared uncompressed size with 1. */
    private static void lieAboutSizes(byte[] zip) {
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int patched = 0;
        for (int i = 0; i + 46 <= zip.length; i++) {
            if (buffer.getInt(i) == 0x02014b50) { // central directory file header
                buffer.putInt(i + 24, 1);
                patched++;
            }
        }
        assertThat(patched).isEqualTo(2);
    }

    @Test
    void rejectsTooManyEntries() throws Exception {
        Map<String, byte[]> entries = entries(TestModels.tinyMlpZip(SEED));
        for (int i = 0; i < 65; i++) {
            entries.put("extra-" + i, new byte[] {1});
        }
        assertThatThrownBy(() -> ModelLoader.load(zip(entries), ModelLimits.defaults()))
                .isInstanceOf(ModelRejectedException.class).hasMessageContaining("entries, the limit is 64");
    }

    @Test
    void rejectsPathTraversalAndAbsoluteEntryNames() throws Exception {
        for (String name : new String[] {"../evil.sh", "a/../../evil", "/etc/cron.d/x", "..\\win.ini", "C:/x"}) {
            Map<String, byte[]> entries = entries(TestModels.tinyMlpZip(SEED));
            entries.put(name, new byte[] {1});
            assertThatThrownBy(() -> ModelLoader.load(zip(entries), ModelLimits.defaults()))
                    .as(name).isInstanceOf(ModelRejectedException.class).hasMessageContaining("unsafe entry name '" + name + "'");
        }
    }

    @Test
    void requiresConfigurationAndCoefficients() throws Exception {
        Map<String, byte[]> entries = entries(TestModels.tinyMlpZip(SEED));
        entries.remove("coefficients.bin");
        assertThatThrownBy(() -> ModelLoader.load(zip(entries), ModelLimits.defaults()))
                .isInstanceOf(ModelRejectedException.class).hasMessageContaining("no 'coefficients.bin'");
    }

    @Test
    void reportsWhyDl4jCannotRestoreTheModel() throws Exception {
        Map<String, byte[]> entries = entries(TestModels.tinyMlpZip(SEED));
        entries.put("configuration.json", "{\"confs\": 42".getBytes());
        assertThatThrownBy(() -> ModelLoader.load(zip(entries), ModelLimits.defaults()))
                .isInstanceOf(ModelRejectedException.class).hasMessageContaining("DL4J cannot restore");

        Map<String, byte[]> mismatched = entries(TestModels.tinyMlpZip(SEED));
        mismatched.put("coefficients.bin", entries(TestModels.zip(TestModels.mlp(1, DataType.FLOAT,
                Activation.RELU, 784, 8, 10))).get("coefficients.bin"));
        assertThatThrownBy(() -> ModelLoader.load(zip(mismatched), ModelLimits.defaults()))
                .isInstanceOf(ModelRejectedException.class).hasMessageContaining("DL4J cannot restore");
    }

    @Test
    void rejectsAModelThatIsNotASoftmaxClassifier() {
        MultiLayerNetwork regression = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(2)
                        .activation(Activation.IDENTITY).build()).build());
        regression.init();
        assertThatThrownBy(() -> ModelLoader.load(TestModels.zip(regression), ModelLimits.defaults()))
                .isInstanceOf(ModelRejectedException.class).hasMessageContaining("unsupported model")
                .hasMessageContaining("softmax");
    }

    @Test
    void rejectsNonFiniteParameters() {
        MultiLayerNetwork network = TestModels.mlp(SEED, DataType.FLOAT, Activation.RELU, 4, 3, 2);
        network.params().putScalar(2, Float.NaN);
        assertThatThrownBy(() -> ModelLoader.load(TestModels.zip(network), ModelLimits.defaults()))
                .isInstanceOf(ModelRejectedException.class).hasMessageContaining("NaN or infinite");
    }
}
