package dev.cusp.core.attack.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.attack.AttackFixtures;
import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.LinearModel;
import dev.cusp.core.attack.LogitsOnly;
import dev.cusp.core.attack.Misclassification;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.TargetedMisclassification;
import dev.cusp.core.attack.Tensors;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Square on a seeded linear model over 6×6 single-channel "images" (5 classes, 30 inputs in [0,1], seed 41),
 * through a model that refuses gradients: budget and range respected, reproducible, targeted successes on the
 * target, only queries spent (one per iteration plus the clean check and the start), and the p schedule.
 */
class SquareTest {

    private static final double ROUNDING = 1e-9;

    private final AttackModel model = new LogitsOnly(LinearModel.random(5, 36, 41));
    private final INDArray x = AttackFixtures.uniform(30, 36, 0.0, 1.0, 42);
    private final int[] labels = AttackFixtures.predictions(model, x);

    @ParameterizedTest
    @EnumSource(value = Norm.class, names = {"LINF", "L2"})
    void staysInTheBallAndTheRangeAndIsReproducible(Norm norm) {
        double eps = norm == Norm.LINF ? 0.05 : 0.3;
        Square square = new Square(Square.Params.defaults(norm).withQueries(300));
        AttackRequest request = AttackRequest.of(x, new Misclassification(labels), eps).withSeed(5);
        AttackResult first = square.run(model, request);
        AttackResult second = square.run(model, request);

        double[] distances = Tensors.toArray(norm.of(first.adversarial().sub(x)));
        assertThat(Arrays.stream(distances).max().orElseThrow()).isLessThanOrEqualTo(eps + ROUNDING);
        assertThat(first.adversarial().minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
        assertThat(first.adversarial().maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
        assertThat(first.successes()).isBetween(1, 29);
        assertThat(second.adversarial().toDoubleMatrix()).isDeepEqualTo(first.adversarial().toDoubleMatrix());
        for (int i = 0; i < labels.length; i++) {
            var e = first.example(i);
            assertThat(e.gradientEvaluations()).isZero();
            assertThat(e.queries()).as("example %d", i).isEqualTo(2 + e.iterations());
            assertThat(e.iterations()).isLessThanOrEqualTo(300);
        }
    }

    @Test
    void targetedSuccessMeansTheTargetClass() {
        int[] targets = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            targets[i] = (labels[i] + 1 + i % 4) % 5;
        }
        AttackResult result = new Square(Square.Params.defaults(Norm.LINF).withQueries(300))
                .run(model, AttackRequest.of(x, new TargetedMisclassification(labels, targets), 0.2));
        assertThat(result.successes()).isPositive();
        for (int i = 0; i < labels.length; i++) {
            if (result.example(i).success()) {
                assertThat(result.example(i).adversarialClass()).isEqualTo(targets[i]);
            }
        }
    }

    @Test
    void pHalvesAtTheSchedulePointsRescaledToTheBudget() {
        assertThat(Square.p(0.8, 0, 10_000)).isEqualTo(0.8);
        assertThat(Square.p(0.8, 10, 10_000)).isEqualTo(0.8);
        assertThat(Square.p(0.8, 11, 10_000)).isEqualTo(0.4);
        assertThat(Square.p(0.8, 51, 10_000)).isEqualTo(0.2);
        assertThat(Square.p(0.8, 8001, 10_000)).isEqualTo(0.8 / 512);
        // a 5,000-query budget reaches each point twice as early
        assertThat(Square.p(0.8, 6, 5_000)).isEqualTo(0.4);
    }
}
