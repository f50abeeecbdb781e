package dev.cusp.core.attack.minimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.attack.AttackFixtures;
import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.Bounds;
import dev.cusp.core.attack.ClassifierModel;
import dev.cusp.core.attack.LinearBoundary;
import dev.cusp.core.attack.LinearModel;
import dev.cusp.core.attack.Misclassification;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.testing.TestModels;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DeepFool on f(x) = Wx + b (6 classes, 20 features, 30 inputs in [-1,1], seeds 21/22): the linearisation is
 * exact, so one step lands on the nearest boundary, ‖δ‖ = (1 + overshoot)·(d* + 10⁻⁴) with
 * d* = min_l (f_ŷ − f_l)/‖w_ŷ − w_l‖_q. Checked on the ND4J reference model and on the same W, b as a DL4J
 * network through {@link ClassifierModel}.
 */
class DeepFoolTest {

    /** DOUBLE throughout; 1e-9 relative covers the rounding of a few hundred flops. */
    private static final double RELATIVE = 1e-9;
    private static final Bounds WIDE = new Bounds(-100, 100);

    private final LinearModel reference = LinearModel.random(6, 20, 21);
    private final INDArray x = AttackFixtures.uniform(30, 20, -1, 1, 22);
    private final int[] labels = AttackFixtures.predictions(reference, x);

    @Test
    void l2DeepFoolReachesTheNearestLinearBoundaryInOneStep() {
        assertOneStepToTheBoundary(DeepFool.l2(), reference);
    }

    @Test
    void linfDeepFoolReachesTheNearestLinearBoundaryInOneStep() {
        assertOneStepToTheBoundary(DeepFool.linf(), reference);
    }

    @Test
    void deepFoolOnTheSameWeightsAsADl4jNetworkGivesTheSameDistances() {
        double[][] w = reference.weights().toDoubleMatrix();
        double[] b = reference.bias().toDoubleVector();
        AttackModel dl4j = ClassifierModel.of(Classifier.of(TestModels.linear(w, b)));
        assertOneStepToTheBoundary(DeepFool.l2(), dl4j);
    }

    @Test
    void minimalDistancesGiveTheWholeRobustnessCurve() {
        AttackResult result = DeepFool.l2().run(reference, request());
        double[] sorted = result.distances().clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        var curve = dev.cusp.core.attack.RobustnessCurve.of(result, 0.0, median, sorted[sorted.length - 1]);
        assertThat(curve.get(0).robustAccuracy()).isEqualTo(1.0);
        assertThat(curve.get(1).successes()).isEqualTo(sorted.length / 2 + 1);
        assertThat(curve.get(2).robustAccuracy()).isEqualTo(0.0);
    }

    private AttackRequest request() {
        double[] eps = new double[labels.length];
        Arrays.fill(eps, Double.POSITIVE_INFINITY);
        return new AttackRequest(x, new Misclassification(labels), eps, WIDE, 0);
    }

    private void assertOneStepToTheBoundary(DeepFool attack, AttackModel model) {
        AttackResult result = attack.run(model, request());
        double[] expected = LinearBoundary.distances(reference, x, attack.norm());
        double overshoot = attack.parameters().overshoot();
        for (int i = 0; i < labels.length; i++) {
            var e = result.example(i);
            assertThat(e.success()).as("example %d", i).isTrue();
            assertThat(e.iterations()).as("example %d", i).isEqualTo(1);
            double target = (1 + overshoot) * (expected[i] + DeepFool.STEP_GUARD);
            assertThat(e.distance(attack.norm())).as("example %d", i)
                    .isCloseTo(target, within(RELATIVE * target));
            assertThat(e.gradientEvaluations()).isEqualTo(5);
            // the clean query and the check after the step that found it
            assertThat(e.queries()).isEqualTo(2);
        }
        assertThat(attack.norm()).isIn(Norm.L2, Norm.LINF);
    }
}
