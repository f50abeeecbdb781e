package dev.cusp.core.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.model.Classifier;
import dev.cusp.core.testing.FiniteDifferences;
import dev.cusp.core.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every Jacobian entry against central differences in DOUBLE (h = 1e-6; truncation ~1e-12, round-off ~1e-9,
 * tolerance 1e-6 relative to the largest entry), skipping ReLU kinks where the one-sided slopes disagree.
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
}
