package dev.cusp.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cusp.core.attack.gradient.Fgm;
import dev.cusp.core.attack.minimal.DeepFool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Robust accuracy at any ε list from one minimal-norm run, checked against fixed-ε answers on f(x) = Wx + b (wide
 * bounds, DOUBLE): the exact robust accuracy at ε is the fraction of examples whose boundary distance
 * d* = min_l (f_ŷ − f_l)/‖w_ŷ − w_l‖_q exceeds ε ({@link LinearBoundary}), and on a binary model a fixed-ε FGM run
 * attains it (its step is the optimal one). DeepFool runs without overshoot, so it returns d* + 10⁻⁴ (its step
 * guard): the curve is exact at every ε outside the bands [d*, d* + 10⁻⁴]. The ε lists probe every step of the
 * exact curve — 10⁻⁵ below each d* and midway between consecutive d* — leaving out only probes inside a band (two
 * distances closer than the guard); at least 95% of the probes remain (asserted).
 */
class RobustnessCurveTest {

    private static final Bounds WIDE = new Bounds(-100, 100);
    /** Below each distance by more than {@link Outcomes#ROUNDING} (the budget check's slack). */
    private static final double BELOW = 1e-5;

    @Test
    void l2DeepFoolCurveIsTheExactRobustAccuracyOfAMulticlassLinearModel() {
        assertCurveIsExact(Norm.L2);
    }

    @Test
    void linfDeepFoolCurveIsTheExactRobustAccuracyOfAMulticlassLinearModel() {
        assertCurveIsExact(Norm.LINF);
    }

    @Test
    void aBinaryCurveFromOneDeepFoolRunEqualsFixedEpsilonFgmRunsAtEveryEpsilon() {
        LinearModel model = LinearModel.random(2, 12, 3);
        INDArray x = AttackFixtures.uniform(25, 12, -1, 1, 5);
        Criterion criterion = new Misclassification(AttackFixtures.predictions(model, x));
        for (Norm norm : List.of(Norm.L2, Norm.LINF)) {
            double[] exact = LinearBoundary.distances(model, x, norm);
            double[] epsilons = probes(exact);
            AttackResult deepFool = exactDeepFool(norm).run(model, unbounded(x, criterion));
            List<RobustnessCurve.Point> curve = RobustnessCurve.of(deepFool, epsilons);
            Fgm fgm = norm == Norm.L2 ? Fgm.l2() : Fgm.linf();
            for (int k = 0; k < epsilons.length; k++) {
                double fixed = fgm.run(model, request(x, criterion, epsilons[k])).robustAccuracy();
                assertThat(curve.get(k).robustAccuracy()).as("%s ε=%s", norm, epsilons[k])
                        .isEqualTo(fixed).isEqualTo(exactAccuracy(exact, epsilons[k]));
            }
        }
    }

    @Test
    void theCurveFallsFromOneToZeroAndRefusesANegativeEpsilon() {
        LinearModel model = LinearModel.random(6, 20, 21);
        INDArray x = AttackFixtures.uniform(30, 20, -1, 1, 22);
        AttackResult result = DeepFool.l2().run(model, unbounded(x, new Misclassification(
                AttackFixtures.predictions(model, x))));
        double largest = Arrays.stream(result.distances()).max().orElseThrow();
        List<RobustnessCurve.Point> curve = RobustnessCurve.of(result, 0.0, largest);
        assertThat(curve.get(0).robustAccuracy()).isEqualTo(1.0);
        assertThat(curve.get(1).robustAccuracy()).isEqualTo(0.0);
        assertThat(curve.get(1).successes()).isEqualTo(30);
        assertThatThrownBy(() -> RobustnessCurve.of(result, 0.1, -0.2)).hasMessageContaining("-0.2");
    }

    private static void assertCurveIsExact(Norm norm) {
        LinearModel model = LinearModel.random(6, 20, 21);
        INDArray x = AttackFixtures.uniform(60, 20, -1, 1, 23);
        double[] exact = LinearBoundary.distances(model, x, norm);
        double[] epsilons = probes(exact);
        AttackResult result = exactDeepFool(norm).run(model,
                unbounded(x, new Misclassification(AttackFixtures.predictions(model, x))));
        List<RobustnessCurve.Point> curve = RobustnessCurve.of(result, epsilons);
        for (int k = 0; k < epsilons.length; k++) {
            assertThat(curve.get(k).robustAccuracy()).as("%s ε=%s", norm, epsilons[k])
                    .isEqualTo(exactAccuracy(exact, epsilons[k]));
        }
        // the probes walk down the whole staircase: 1, (n−1)/n, ..., 0
        assertThat(curve).extracting(RobustnessCurve.Point::successes).contains(0, 30, 60);
    }

    /** DeepFool without overshoot: on a linear model it stops at d* + {@link DeepFool#STEP_GUARD}. */
    private static DeepFool exactDeepFool(Norm norm) {
        return new DeepFool(new DeepFool.Params(norm, 50, 0.0, 10));
    }

    private static AttackRequest unbounded(INDArray x, Criterion criterion) {
        return request(x, criterion, Double.POSITIVE_INFINITY);
    }

    private static AttackRequest request(INDArray x, Criterion criterion, double epsilon) {
        double[] eps = new double[(int) x.rows()];
        Arrays.fill(eps, epsilon);
        return new AttackRequest(x, criterion, eps, WIDE, 0L);
    }

    /**
     * 0, just below each distance, midway between consecutive distances and twice the largest; without the probes
     * that fall in a step-guard band [d*, d* + guard] (widened by the budget check's slack).
     */
    private static double[] probes(double[] distances) {
        double[] sorted = distances.clone();
        Arrays.sort(sorted);
        assertThat(sorted[0]).as("fixture: every example is correctly classified and off the boundary")
                .isGreaterThan(BELOW);
        List<Double> candidates = new ArrayList<>(List.of(0.0));
        for (int k = 0; k < sorted.length; k++) {
            candidates.add(sorted[k] - BELOW);
            candidates.add(k + 1 < sorted.length ? (sorted[k] + sorted[k + 1]) / 2 : 2 * sorted[k]);
        }
        double slack = 2 * Outcomes.ROUNDING;
        double[] kept = candidates.stream().mapToDouble(Double::doubleValue)
                .filter(e -> Arrays.stream(sorted).noneMatch(d -> e >= d - slack && e <= d + DeepFool.STEP_GUARD + slack))
                .toArray();
        assertThat(kept.length).as("probes outside the step-guard bands").isGreaterThanOrEqualTo(
                (int) Math.ceil(0.95 * candidates.size()));
        return kept;
    }

    /** The exact robust accuracy at ε: the fraction of examples farther than ε from every other class. */
    private static double exactAccuracy(double[] distances, double epsilon) {
        long robust = Arrays.stream(distances).filter(d -> d > epsilon).count();
        return 1.0 - (double) (distances.length - robust) / distances.length;
    }
}
