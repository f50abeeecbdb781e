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

    @Test
    void aBatchWhoseEveryExampleIsMisclassifiedIsReturnedUntouchedAfterOneQuery() {
        int[] wrong = Arrays.stream(labels).map(l -> (l + 1) % 6).toArray();
        AttackResult result = DeepFool.l2().run(reference, request(wrong));
        assertThat(result.adversarial().toDoubleMatrix()).isDeepEqualTo(x.toDoubleMatrix());
        for (int i = 0; i < labels.length; i++) {
            var e = result.example(i);
            assertThat(e.success()).as("example %d", i).isTrue();
            assertThat(e.adversarialClass()).as("example %d", i).isEqualTo(labels[i]);
            assertThat(e.iterations()).as("example %d", i).isZero();
            assertThat(new double[] {e.l0(), e.l1(), e.l2(), e.linf()}).as("example %d", i).containsOnly(0.0);
            assertThat(e.gradientEvaluations()).as("example %d", i).isZero();
            // the clean query that found them adversarial
            assertThat(e.queries()).as("example %d", i).isEqualTo(1);
        }
    }

    @Test
    void aMixedBatchAttacksOnlyTheCorrectlyClassifiedExamplesAndThoseReachTheirBoundaryInOneStep() {
        int[] mixed = labels.clone();
        for (int i = 0; i < mixed.length; i += 3) {
            mixed[i] = (mixed[i] + 1) % 6;
        }
        AttackResult result = DeepFool.linf().run(reference, request(mixed));
        double[] expected = LinearBoundary.distances(reference, x, Norm.LINF);
        for (int i = 0; i < mixed.length; i++) {
            var e = result.example(i);
            assertThat(e.success()).as("example %d", i).isTrue();
            if (i % 3 == 0) {
                assertThat(e.iterations()).as("example %d", i).isZero();
                assertThat(e.linf()).as("example %d", i).isZero();
                assertThat(e.gradientEvaluations()).as("example %d", i).isZero();
            } else {
                double target = (1 + 0.02) * (expected[i] + DeepFool.STEP_GUARD);
                assertThat(e.iterations()).as("example %d", i).isEqualTo(1);
                assertThat(e.linf()).as("example %d", i).isCloseTo(target, within(RELATIVE * target));
            }
        }
    }

    private AttackRequest request() {
        return request(labels);
    }

    private AttackRequest request(int[] classes) {
        double[] eps = new double[labels.length];
        Arrays.fill(eps, Double.POSITIVE_INFINITY);
        return new AttackRequest(x, new Misclassification(classes), eps, WIDE, 0);
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
