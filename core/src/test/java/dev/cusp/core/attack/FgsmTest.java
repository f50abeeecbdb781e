package dev.cusp.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cusp.core.data.LabeledData;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.testing.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class FgsmTest {
    private static final long SEED = 1234;
    private static final List<Double> EPSILONS = List.of(0.0, 0.01, 0.1, 0.3, 1.0);

    private static INDArray images(int n) {
        Nd4j.getRandom().setSeed(SEED);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 784);
        x.getColumn(0).assign(0); // pixels on the data range's edges, where the clip binds
        x.getColumn(1).assign(1);
        return x;
    }

    @Test
    void fgsmNeverLeavesTheEpsilonBallOrTheDataRange() {
        Classifier model = Classifier.of(TestModels.tinyMlp(SEED));
        INDArray x = images(32);
        INDArray oneHot = LabeledData.oneHot(new int[32], 10, DataType.FLOAT);
        List<INDArray> adversarial = Fgsm.perturb(model, x, oneHot, EPSILONS);

        assertThat(adversarial).hasSize(EPSILONS.size());
        for (int e = 0; e < EPSILONS.size(); e++) {
            INDArray a = adversarial.get(e);
            double epsilon = EPSILONS.get(e);
            // x + ε·s is rounded to float once: |x' − x| ≤ ε + ulp(1) = ε + 1.2e-7 at worst; we allow 1e-7 over ε
            // relative to values ≤ 1 plus the ε's own float rounding (ε as float differs from ε by < 6e-8·ε).
            double distance = a.sub(x).amaxNumber().doubleValue();
            assertThat(distance).as("L∞ distance at ε=%s", epsilon).isLessThanOrEqualTo(epsilon + 1e-7);
            assertThat(a.minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
            assertThat(a.maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
        }
        assertThat(adversarial.get(0).toFloatMatrix()).isDeepEqualTo(x.toFloatMatrix());
    }

    @Test
    void unclippedCoordinatesMoveByExactlyEpsilonAgainstTheGradientSign() {
        Classifier model = Classifier.of(TestModels.tinyMlp(SEED));
        INDArray x = images(8);
        INDArray oneHot = LabeledData.oneHot(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, 10, DataType.FLOAT);
        INDArray sign = Transforms.sign(model.lossGradient(x, oneHot));
        INDArray moved = Fgsm.perturb(model, x, oneHot, List.of(0.01)).get(0).sub(x);
        // Interior pixels (0.01 < x < 0.99) are never clipped: the move is exactly 0.01·sign(g) up to float rounding.
        INDArray interior = x.gt(0.01).castTo(DataType.FLOAT).muli(x.lt(0.99).castTo(DataType.FLOAT));
        INDArray error = moved.sub(sign.mul(0.01)).muli(interior);
        assertThat(error.amaxNumber().doubleValue()).isLessThan(1e-7);
        assertThat(sign.mul(interior).norm1Number().doubleValue()).isGreaterThan(0.9 * interior.sumNumber().doubleValue());
    }

    @Test
    void smallestSuccessfulEpsilonOnALinearModelIsMarginOverL1DistanceOfWeights() {
        // Two classes, f(x) = Wx + b. For label y and other class l, ∇CE = p_l·(w_l − w_y), so FGSM moves by
        // ε·sign(w_l − w_y) and lowers the margin m = (w_y − w_l)·x + b_y − b_l by exactly ε·‖w_y − w_l‖₁:
        // the attack succeeds iff ε > m/‖w_y − w_l‖₁ (while x ± ε stays inside [0,1]).
        double[][] w = {{1, -0.5, 2, 0.3, -1}, {-0.2, 0.4, -1, 1, 0.5}};
        double[] b = {0.1, -0.05};
        Classifier model = Classifier.of(TestModels.linear(w, b));
        double l1 = 0;
        for (int i = 0; i < 5; i++) {
            l1 += Math.abs(w[0][i] - w[1][i]);
        }
        Nd4j.getRandom().setSeed(SEED);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 40, 5).muli(0.2).addi(0.4); // in [0.4, 0.6]
        int[] labels = model.predict(x);
        INDArray logits = model.logits(x);
        INDArray oneHot = LabeledData.oneHot(labels, 2, DataType.DOUBLE);
        int checked = 0;
        for (int n = 0; n < 40; n++) {
            int y = labels[n];
            double margin = logits.getDouble(n, y) - logits.getDouble(n, 1 - y);
            double critical = margin / l1;
            if (critical > 0.35) {
                continue; // the data range would bind; not this closed form
            }
            INDArray row = x.getRow(n, true);
            INDArray hot = oneHot.getRow(n, true);
            List<INDArray> pair = Fgsm.perturb(model, row, hot, List.of(critical * (1 - 1e-6), critical * (1 + 1e-6)));
            // ±1e-6 relative moves the final margin by ∓1e-6·m ≈ 1e-7, far above double round-off (~1e-16).
            assertThat(model.predict(pair.get(0))[0]).as("example %d just below ε*=%s", n, critical).isEqualTo(y);
            assertThat(model.predict(pair.get(1))[0]).as("example %d just above ε*=%s", n, critical).isEqualTo(1 - y);
            checked++;
        }
        assertThat(checked).isGreaterThan(30);
    }

    @Test
    void rejectsBadBudgetsAndInputsOutsideTheDataRange() {
        Classifier model = Classifier.of(TestModels.tinyMlp(SEED));
        INDArray x = images(2);
        INDArray oneHot = LabeledData.oneHot(new int[2], 10, DataType.FLOAT);
        assertThatThrownBy(() -> Fgsm.perturb(model, x, oneHot, List.of(-0.1))).hasMessageContaining("-0.1");
        assertThatThrownBy(() -> Fgsm.perturb(model, x, oneHot, List.of(Double.NaN))).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Fgsm.perturb(model, x, oneHot, List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> Fgsm.perturb(model, x.mul(2), oneHot, List.of(0.1)))
                .hasMessageContaining("data range").hasMessageContaining("2.0");
    }
}
