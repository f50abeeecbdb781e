package dev.cusp.core.singularity.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.model.Classifier;
import dev.cusp.core.diff.Jacobians;
import dev.cusp.core.testing.FiniteDifferences;
import dev.cusp.core.testing.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Margin gradients and full Jacobians of a smooth (tanh) MLP in DOUBLE against central differences with
 * h = 1e-6: truncation ~h²·|f'''| ≈ 1e-12, round-off ~ε·|f|/h ≈ 1e-10, so 1e-7 absolute is three orders of
 * margin while a wrong sign, class or factor is of order 1e-1.
 */
class MarginGradientTest {

    private static final double H = 1e-6;
    private static final double TOL = 1e-7;

    @Test
    void marginGradientMatchesFiniteDifferencesOfTheMargin() {
        Classifier model = Classifier.of(TestModels.mlp(81, DataType.DOUBLE, Activation.TANH, 6, 8, 8, 4));
        Nd4j.getRandom().setSeed(82);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 6).subi(0.5).muli(2);
        INDArray logits = model.logits(x);
        int[] labels = {0, 1, 2, 3};
        INDArray seeds = MarginGeometry.seeds(logits, labels);
        INDArray grads = model.vectorJacobian(x, seeds);
        List<MarginGeometry> geometry = MarginGeometry.of(logits, grads, labels);
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            int k = geometry.get(i).runnerUp();
            FiniteDifferences.Differences fd = FiniteDifferences.of(
                    rows -> {
                        INDArray f = model.logits(rows);
                        return f.getColumn(y).sub(f.getColumn(k)).toDoubleVector();
                    }, x.getRow(i, true), H);
            double[] g = grads.getRow(i).toDoubleVector();
            double norm = 0;
            for (int j = 0; j < g.length; j++) {
                assertThat(g[j]).isCloseTo(fd.central()[j], within(TOL));
                norm += g[j] * g[j];
            }
            assertThat(geometry.get(i).gradientNorm2()).isCloseTo(Math.sqrt(norm), within(1e-14));
        }
    }

    @Test
    void logitJacobianMatchesFiniteDifferencesColumnByColumn() {
        Classifier model = Classifier.of(TestModels.mlp(83, DataType.DOUBLE, Activation.TANH, 5, 7, 3));
        Nd4j.getRandom().setSeed(84);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 5);
        INDArray jac = Jacobians.logits(model, x);
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 3; k++) {
                int cls = k;
                FiniteDifferences.Differences fd = FiniteDifferences.of(
                        rows -> model.logits(rows).getColumn(cls).toDoubleVector(), x.getRow(i, true), H);
                for (int j = 0; j < 5; j++) {
                    assertThat(jac.getDouble(i, k, j)).isCloseTo(fd.central()[j], within(TOL));
                }
            }
        }
    }
}
