package dev.cusp.core.attack.gradient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.attack.AttackFixtures;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.Bounds;
import dev.cusp.core.attack.LinearModel;
import dev.cusp.core.attack.Misclassification;
import dev.cusp.core.attack.Tensors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * FGM on a binary linear classifier f(x) = Wx + b, where the answer is known: the cross-entropy gradient is
 * p_l·(w_l − w_y), so FGSM moves the margin m = f_y − f_l by −ε‖w_y − w_l‖₁ and succeeds exactly when
 * ε > m/‖w_y − w_l‖₁ (L2: m/‖w_y − w_l‖₂). Bounds are wide so that clipping never interferes.
 */
class FgmClosedFormTest {

    /** Relative offset around the threshold; margins are O(1) and DOUBLE rounding is ~1e-15. */
    private static final double OFFSET = 1e-6;
    private static final Bounds WIDE = new Bounds(-100, 100);

    private final LinearModel model = LinearModel.random(2, 12, 3);
    private final INDArray x = AttackFixtures.uniform(25, 12, -1, 1, 5);
    private final int[] labels = AttackFixtures.predictions(model, x);

    @Test
    void fgsmSucceedsJustAboveMarginOverL1NormAndFailsJustBelow() {
        double[] threshold = thresholds(1);
        assertBreaksExactlyAbove(Fgm.linf(), threshold);
    }

    @Test
    void l2FgmSucceedsJustAboveMarginOverL2NormAndFailsJustBelow() {
        double[] threshold = thresholds(2);
        assertBreaksExactlyAbove(Fgm.l2(), threshold);
    }

    @Test
    void fgsmMovesEveryFeatureByEpsilonAgainstTheWeightDifference() {
        AttackResult result = Fgm.linf().run(model,
                new AttackRequest(x, new Misclassification(labels), filled(0.01), WIDE, 0));
        INDArray wDiff = Transforms.sign(model.weights().getRow(1).sub(model.weights().getRow(0)), false);
        for (int i = 0; i < labels.length; i++) {
            INDArray expected = labels[i] == 0 ? wDiff : wDiff.neg();
            INDArray step = result.adversarial().getRow(i).sub(x.getRow(i)).div(0.01);
            assertThat(step.toDoubleVector()).containsExactly(expected.toDoubleVector(), within(1e-9));
            assertThat(result.example(i).gradientEvaluations()).isEqualTo(1);
            assertThat(result.example(i).queries()).isEqualTo(1);
        }
    }

    private double[] filled(double value) {
        double[] out = new double[labels.length];
        java.util.Arrays.fill(out, value);
        return out;
    }

    /** m/‖w_y − w_l‖_p per example, the smallest budget that can flip a binary linear classifier. */
    private double[] thresholds(int p) {
        INDArray logits = model.logits(x);
        INDArray diff = model.weights().getRow(0).sub(model.weights().getRow(1));
        double norm = p == 1 ? diff.norm1Number().doubleValue() : diff.norm2Number().doubleValue();
        double[] out = new double[labels.length];
        for (int i = 0; i < out.length; i++) {
            double margin = Math.abs(logits.getDouble(i, 0) - logits.getDouble(i, 1));
            out[i] = margin / norm;
        }
        return out;
    }

    private void assertBreaksExactlyAbove(Fgm attack, double[] threshold) {
        double[] above = new double[threshold.length];
        double[] below = new double[threshold.length];
        for (int i = 0; i < threshold.length; i++) {
            above[i] = threshold[i] * (1 + OFFSET);
            below[i] = threshold[i] * (1 - OFFSET);
        }
        Misclassification criterion = new Misclassification(labels);
        AttackResult hit = attack.run(model, new AttackRequest(x, criterion, above, WIDE, 0));
        AttackResult miss = attack.run(model, new AttackRequest(x, criterion, below, WIDE, 0));
        assertThat(hit.successes()).isEqualTo(labels.length);
        assertThat(miss.successes()).isZero();
        double[] margins = Tensors.toArray(criterion.margin(model.logits(miss.adversarial())));
        for (int i = 0; i < labels.length; i++) {
            // the remaining margin is m·OFFSET: linear in ε, as the closed form says
            double m = threshold[i] * (attack.norm() == dev.cusp.core.attack.Norm.LINF
                    ? model.weights().getRow(0).sub(model.weights().getRow(1)).norm1Number().doubleValue()
                    : model.weights().getRow(0).sub(model.weights().getRow(1)).norm2Number().doubleValue());
            assertThat(margins[i]).isCloseTo(m * OFFSET, within(1e-12 * Math.max(1, m)));
        }
    }
}
