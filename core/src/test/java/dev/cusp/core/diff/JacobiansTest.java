package dev.cusp.core.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.model.Classifier;
import dev.cusp.core.testing.FiniteDifferences;
import dev.cusp.core.testing.TestModels;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every Jacobian entry against central differences in DOUBLE (h = 1e-6; truncation ~1e-12, round-off ~1e-9,
 * tolerance 1e-6 relative to the largest entry), skipping ReLU kinks where the one-sided slopes disagree; the dense
 * product against DL4J's replicated backpropagation.
 */
class JacobiansTest {
    private static final long SEED = 77;

    private static INDArray uniform(long seed, int rows, int columns) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, rows, columns);
    }

    @Test
    void everyEntryMatchesCentralDifferences() {
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.DOUBLE, Activation.RELU, 12, 8, 6, 4));
        INDArray x = uniform(SEED, 3, 12);
        INDArray jacobians = Jacobians.logits(model, x);
        assertThat(jacobians.shape()).containsExactly(3, 4, 12);

        int checked = 0;
        int kinks = 0;
        for (int n = 0; n < 3; n++) {
            double scale = Math.max(1, jacobians.slice(n).amaxNumber().doubleValue());
            for (int k = 0; k < 4; k++) {
                int klass = k;
                FiniteDifferences.Differences fd = FiniteDifferences.of(
                        rows -> model.logits(rows).getColumn(klass).toDoubleVector(), x.getRow(n), 1e-6);
                double[] row = jacobians.get(NDArrayIndex.point(n), NDArrayIndex.point(k), NDArrayIndex.all()).toDoubleVector();
                for (int i = 0; i < 12; i++) {
                    if (fd.isKink(i, 1e-4 * scale)) {
                        kinks++;
                        continue;
                    }
                    assertThat(row[i]).as("J[%d,%d,%d]", n, k, i).isCloseTo(fd.central()[i], within(1e-6 * scale));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(130); // of 144 entries; a kink at h = 1e-6 is rare
        assertThat(kinks).isEqualTo(144 - checked);
    }

    @Test
    void jacobianOfALinearModelIsItsWeightMatrixEverywhere() {
        double[][] w = {{1, -2, 0.5}, {0, 3, -1}, {2, 2, 2}};
        Classifier model = Classifier.of(TestModels.linear(w, new double[] {1, 2, 3}));
        INDArray jacobians = Jacobians.logits(model, uniform(SEED, 5, 3));
        for (int n = 0; n < 5; n++) {
            assertThat(jacobians.slice(n).toDoubleMatrix()).isDeepEqualTo(w);
        }
    }

    @Test
    void seededCombinationOfTheRowsIsTheVectorJacobianProduct() {
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.DOUBLE, Activation.TANH, 10, 7, 5));
        int n = Jacobians.CHUNK + 6; // crosses a chunk boundary
        INDArray x = uniform(SEED + 1, n, 10);
        INDArray seeds = uniform(SEED + 2, n, 5).subi(0.5);
        INDArray jacobians = Jacobians.logits(model, x);
        // Σ_k s_k J[n,k,:] as a batched matrix product [n,1,c]·[n,c,d].
        INDArray combined = Nd4j.matmul(seeds.reshape(n, 1, 5), jacobians).reshape(n, 10);
        // Same double arithmetic in a different order: 1e-12.
        assertThat(combined.sub(model.vectorJacobian(x, seeds)).amaxNumber().doubleValue()).isLessThan(1e-12);
        INDArray alone = Jacobians.logits(model, x.getRow(n - 1, true));
        assertThat(alone.slice(0).sub(jacobians.slice(n - 1)).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    /** max |a − b| / max(1, max |b|). */
    private static double relativeDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue() / Math.max(1, b.amaxNumber().doubleValue());
    }

    /** Asserts that J [n, c, d] matches central differences of the logits entry by entry; returns the kinks skipped. */
    private static int assertMatchesCentralDifferences(Classifier model, INDArray x, INDArray jacobians) {
        int kinks = 0;
        for (int n = 0; n < x.rows(); n++) {
            double scale = Math.max(1, jacobians.slice(n).amaxNumber().doubleValue());
            for (int k = 0; k < model.classes(); k++) {
                int klass = k;
                FiniteDifferences.Differences fd = FiniteDifferences.of(
                        rows -> model.logits(rows).getColumn(klass).toDoubleVector(), x.getRow(n), 1e-6);
                double[] row = jacobians.get(NDArrayIndex.point(n), NDArrayIndex.point(k), NDArrayIndex.all()).toDoubleVector();
                for (int i = 0; i < row.length; i++) {
                    if (fd.isKink(i, 1e-4 * scale)) {
                        kinks++;
                        continue;
                    }
                    assertThat(row[i]).as("J[%d,%d,%d]", n, k, i).isCloseTo(fd.central()[i], within(1e-6 * scale));
                }
            }
        }
        return kinks;
    }

    enum Hidden {
        RELU(Activation.RELU), LEAKYRELU(Activation.LEAKYRELU), TANH(Activation.TANH), SIGMOID(Activation.SIGMOID),
        IDENTITY(Activation.IDENTITY);

        final Activation activation;

        Hidden(Activation activation) {
            this.activation = activation;
        }
    }

    @ParameterizedTest
    @EnumSource(Hidden.class)
    void denseProductEqualsReplicatedBackpropagation(Hidden hidden) {
        // same DOUBLE arithmetic in a different order (sums of ≤ 12 products): 1e-12 relative to the largest entry;
        // 3 examples more than a dense chunk, so the chunked assembly is covered too
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.DOUBLE, hidden.activation, 12, 9, 7, 5));
        assertThat(Jacobians.usesDenseProduct(model)).isTrue();
        INDArray x = uniform(SEED + 3, Jacobians.DENSE_CHUNK + 3, 12).subi(0.5).muli(4);
        INDArray dense = Jacobians.logits(model, x);
        INDArray replicated = Jacobians.byBackprop(model, x);
        assertThat(dense.shape()).containsExactly(Jacobians.DENSE_CHUNK + 3, 5, 12);
        assertThat(relativeDifference(dense, replicated)).isLessThan(1e-12);
    }

    @Test
    void denseProductInFloatEqualsReplicatedBackpropagationToFloatRoundOff() {
        // FLOAT (ε = 1.2e-7) through 3 layers of widths ≤ 64 summed in different orders: 1e-5 relative
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.FLOAT, Activation.RELU, 64, 32, 32, 10));
        INDArray x = uniform(SEED + 4, 40, 64).castTo(DataType.FLOAT);
        INDArray dense = Jacobians.logits(model, x);
        assertThat(dense.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(relativeDifference(dense, Jacobians.byBackprop(model, x))).isLessThan(1e-5);
    }

    @Test
    void tanhJacobianMatchesCentralDifferencesWithoutKinks() {
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.DOUBLE, Activation.TANH, 12, 8, 6, 4));
        assertThat(Jacobians.usesDenseProduct(model)).isTrue();
        INDArray x = uniform(SEED + 5, 3, 12);
        assertThat(assertMatchesCentralDifferences(model, x, Jacobians.logits(model, x))).as("tanh is smooth").isZero();
    }

    @Test
    void convolutionalNetworkTakesTheSharedForwardPassAndMatchesCentralDifferences() {
        MultiLayerNetwork network = TestModels.tinyCnn(SEED, Activation.TANH);
        Classifier model = Classifier.of(network);
        assertThat(Jacobians.usesDenseProduct(model)).isFalse();
        assertThat(model.convolutional()).isTrue();
        INDArray x = uniform(SEED + 6, 3, 30);
        INDArray jacobians = Jacobians.logits(model, x);
        assertThat(jacobians.shape()).containsExactly(3, 3, 30);
        assertThat(assertMatchesCentralDifferences(model, x, jacobians)).as("tanh is smooth").isZero();
    }

    @Test
    void convolutionalJacobiansEqualReplicatedInputsOverSeveralChunks() {
        // one forward pass with repeated activations against the inputs repeated through the whole pass (both
        // verified against DL4J and central differences), over 2 chunks and a partial one; ReLU, so the masks
        // must be repeated row by row: DOUBLE round-off only, 1e-12 of the largest entry
        Classifier model = Classifier.of(TestModels.tinyCnn(SEED + 1, Activation.RELU));
        INDArray x = uniform(SEED + 7, 2 * Jacobians.CHUNK + 5, 30);
        INDArray shared = Jacobians.logits(model, x);
        assertThat(shared.shape()).containsExactly(2 * Jacobians.CHUNK + 5, 3, 30);
        assertThat(relativeDifference(shared, Jacobians.byBackprop(model, x))).isLessThan(1e-12);
        INDArray strided = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, x.rows()),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertThat(Jacobians.logits(model, strided)).isEqualTo(Jacobians.logits(model, strided.dup()));
    }

    @Test
    void chunksOnSeveralThreadsAssembleTheSameJacobians() {
        // chunk sizes change with the number of threads (n/threads rows each, at most a chunk), and every chunk lands
        // in its own rows: the same DOUBLE arithmetic per example, GEMM-blocked differently, 1e-12 of the largest
        // entry; the replicated backpropagation is the independent reference
        Classifier dense = Classifier.of(TestModels.mlp(SEED, DataType.DOUBLE, Activation.RELU, 12, 9, 5));
        Classifier conv = Classifier.of(TestModels.tinyCnn(SEED + 2, Activation.RELU));
        for (Classifier model : List.of(dense, conv)) {
            INDArray x = uniform(SEED + 8, 2 * Jacobians.CHUNK + 7, model.inputSize());
            INDArray reference = Jacobians.byBackprop(model, x);
            for (int workers : new int[] {1, 2, 3}) {
                INDArray jacobians = Jacobians.logits(model, x, workers);
                assertThat(relativeDifference(jacobians, reference)).as("%s on %d threads",
                        model.dense() ? "dense" : "convolutional", workers).isLessThan(1e-12);
            }
        }
        assertThat(Jacobians.defaultWorkers()).isBetween(1, Runtime.getRuntime().availableProcessors());
    }

    @Test
    void denseLayerWithAnUnsupportedActivationTakesTheGeneralPath() {
        // softplus is elementwise but not in the supported set: DL4J's backpropagation computes its Jacobian
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.DOUBLE, Activation.SOFTPLUS, 6, 5, 3));
        assertThat(Jacobians.usesDenseProduct(model)).isFalse();
        INDArray x = uniform(SEED + 7, 2, 6);
        assertThat(assertMatchesCentralDifferences(model, x, Jacobians.logits(model, x))).isZero();
    }

    @Test
    void badInputIsRefusedWithItsShapeOrValues() {
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.DOUBLE, Activation.RELU, 4, 3, 2));
        assertThatThrownBy(() -> Jacobians.logits(model, Nd4j.zeros(DataType.DOUBLE, 2, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[n, 4]").hasMessageContaining("[2, 5]");
        INDArray nan = Nd4j.zeros(DataType.DOUBLE, 2, 4);
        nan.putScalar(1, 2, Double.NaN);
        assertThatThrownBy(() -> Jacobians.logits(model, nan))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }
}
