package dev.cusp.core.attack.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.attack.AttackFixtures;
import dev.cusp.core.attack.Criterion;
import dev.cusp.core.attack.Misclassification;
import dev.cusp.core.attack.TargetedMisclassification;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every loss's seed dL/dlogits against central finite differences of its value (DOUBLE, h = 1e-6, 12 random
 * logit rows over 7 classes, seed 3), untargeted and targeted. The losses are piecewise smooth (max, sort);
 * random logits are almost surely away from the kinks.
 */
class LossGradientTest {

    /** Central differences in DOUBLE with h = 1e-6: truncation O(h²) and rounding O(1e-16/h) ≈ 1e-10. */
    private static final double TOLERANCE = 1e-7;
    private static final double H = 1e-6;

    static Stream<Arguments> cases() {
        int[] labels = {0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4};
        int[] targets = {3, 2, 1, 0, 6, 4, 5, 6, 5, 4, 2, 1};
        Criterion untargeted = new Misclassification(labels);
        Criterion targeted = new TargetedMisclassification(labels, targets);
        return Stream.of(
                Arguments.of(CrossEntropy.INSTANCE, untargeted), Arguments.of(CrossEntropy.INSTANCE, targeted),
                Arguments.of(MarginLoss.INSTANCE, untargeted), Arguments.of(MarginLoss.INSTANCE, targeted),
                Arguments.of(Dlr.INSTANCE, untargeted), Arguments.of(Dlr.INSTANCE, targeted));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void seedIsTheDerivativeOfTheValue(Loss loss, Criterion criterion) {
        INDArray logits = AttackFixtures.uniform(12, 7, -4, 4, 3);
        INDArray seed = loss.seed(logits, criterion);
        assertThat(loss.evaluate(logits, criterion).seed().toDoubleMatrix()).isDeepEqualTo(seed.toDoubleMatrix());
        for (int k = 0; k < 7; k++) {
            INDArray up = logits.dup();
            INDArray down = logits.dup();
            up.getColumn(k).addi(H);
            down.getColumn(k).subi(H);
            double[] numeric = loss.value(up, criterion).sub(loss.value(down, criterion)).div(2 * H)
                    .reshape(12).toDoubleVector();
            assertThat(seed.getColumn(k).toDoubleVector()).as("class %d", k).containsExactly(numeric,
                    within(TOLERANCE));
        }
    }
}
