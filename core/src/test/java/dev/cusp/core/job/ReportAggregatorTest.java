package dev.cusp.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.PointGeometry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportAggregatorTest {

    private static AttackOutcome outcome(String attack, double epsilon, boolean success) {
        return new AttackOutcome(attack, "linf", epsilon, success, 0, epsilon, epsilon, 1, 1, 1, 2);
    }

    private static PointGeometry point(int example, String point, double sigmaMax, double sigmaMin, double margin) {
        double kappa = sigmaMin == 0 ? Double.POSITIVE_INFINITY : sigmaMax / sigmaMin;
        return new PointGeometry(example, point, 0, new double[] {sigmaMax, (sigmaMax + sigmaMin) / 2, sigmaMin},
                kappa, margin);
    }

    @Test
    void quantilesFollowLinearInterpolationR7() {
        // R: quantile(c(1,2,3,4,10), c(.1,.25,.5,.75,.9)) = 1.4 2 3 4 7.6 (h = 4p; x[⌊h⌋] + frac·gap).
        Distribution d = Distribution.of(new double[] {10, 3, 1, 4, 2});
        assertThat(d.count()).isEqualTo(5);
        assertThat(d.min()).isEqualTo(1);
        assertThat(d.p10()).isCloseTo(1.4, within(1e-12));
        assertThat(d.p25()).isEqualTo(2);
        assertThat(d.median()).isEqualTo(3);
        assertThat(d.p75()).isEqualTo(4);
        assertThat(d.p90()).isCloseTo(7.6, within(1e-12));
        assertThat(d.max()).isEqualTo(10);
        assertThat(d.mean()).isEqualTo(4);
        // Even count: R quantile(c(1,2,3,4), .5) = 2.5, quantile(c(1,2,3,4), .1) = 1.3.
        Distribution even = Distribution.of(new double[] {4, 1, 3, 2});
        assertThat(even.median()).isEqualTo(2.5);
        assertThat(even.p10()).isCloseTo(1.3, within(1e-12));
        Distribution one = Distribution.of(new double[] {7});
        assertThat(List.of(one.min(), one.p10(), one.median(), one.p90(), one.max(), one.mean())).containsOnly(7.0);
    }

    @Test
    void emptySampleHasCountZeroAndNaNStatisticsAndNonFiniteValuesAreRefused() {
        Distribution empty = Distribution.of(new double[0]);
        assertThat(empty.count()).isZero();
        assertThat(empty.median()).isNaN();
        assertThatThrownBy(() -> Distribution.of(new double[] {1, Double.NaN})).hasMessageContaining("NaN");
    }

    @Test
    void robustAccuracyIsPerAttackNormAndEpsilonSorted() {
        List<ExampleAttack> examples = List.of(
                new ExampleAttack(0, 1, 1, List.of(outcome("fgsm", 0.1, true), outcome("fgsm", 0.01, false), outcome("bim", 0.1, true))),
                new ExampleAttack(1, 2, 2, List.of(outcome("fgsm", 0.1, false), outcome("fgsm", 0.01, false), outcome("bim", 0.1, true))),
                new ExampleAttack(2, 3, 0, List.of(outcome("fgsm", 0.1, true), outcome("fgsm", 0.01, true), outcome("bim", 0.1, true))),
                new ExampleAttack(3, 4, 4, List.of(outcome("fgsm", 0.1, true), outcome("fgsm", 0.01, false), outcome("bim", 0.1, false))));
        JobReport report = ReportAggregator.aggregate(examples, List.of());

        assertThat(report.examples()).isEqualTo(4);
        assertThat(report.cleanAccuracy()).isEqualTo(0.75);
        assertThat(report.robustAccuracy()).containsExactly(
                new RobustAccuracy("bim", "linf", 0.1, 4, 3, 0.25),
                new RobustAccuracy("fgsm", "linf", 0.01, 4, 1, 0.75),
                new RobustAccuracy("fgsm", "linf", 0.1, 4, 3, 0.25));
    }

    @Test
    void distributionsPerQuantityAndPointWithInfiniteConditionNumbersCountedApart() {
        List<ExampleAttack> examples = List.of(new ExampleAttack(0, 0, 0, List.of()));
        List<PointGeometry> points = List.of(
                point(0, "clean", 4, 2, 1.0), point(1, "clean", 6, 1, 3.0), point(2, "clean", 9, 3, 2.0),
                point(0, "adversarial", 5, 0, -1.0), point(1, "adversarial", 8, 2, -0.5),
                point(2, "adversarial", 3, 0, 0.5));
        JobReport report = ReportAggregator.aggregate(examples, points);

        assertThat(report.distributions()).containsOnlyKeys(
                "sigmaMin.clean", "sigmaMax.clean", "conditionNumber.clean", "conditionNumber.clean.infinite", "margin.clean",
                "sigmaMin.adversarial", "sigmaMax.adversarial", "conditionNumber.adversarial",
                "conditionNumber.adversarial.infinite", "margin.adversarial");
        Distribution sigmaMin = report.distributions().get("sigmaMin.clean");
        assertThat(List.of(sigmaMin.min(), sigmaMin.median(), sigmaMin.max(), sigmaMin.mean())).containsExactly(1.0, 2.0, 3.0, 2.0);
        assertThat(report.distributions().get("sigmaMax.adversarial").median()).isEqualTo(5);
        Distribution kappaClean = report.distributions().get("conditionNumber.clean");
        assertThat(kappaClean.count()).isEqualTo(3);
        assertThat(kappaClean.median()).isEqualTo(3); // κ = 2, 6, 3
        assertThat(report.distributions().get("conditionNumber.clean.infinite").count()).isZero();
        Distribution kappaAdv = report.distributions().get("conditionNumber.adversarial");
        assertThat(kappaAdv.count()).isEqualTo(1);
        assertThat(kappaAdv.max()).isEqualTo(4);
        Distribution infinite = report.distributions().get("conditionNumber.adversarial.infinite");
        assertThat(infinite.count()).isEqualTo(2);
        assertThat(infinite.median()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(report.distributions().get("margin.adversarial").p25()).isCloseTo(-0.75, within(1e-12));
    }

    @Test
    void refusesAReportWithoutExamples() {
        assertThatThrownBy(() -> ReportAggregator.aggregate(List.of(), List.of())).hasMessageContaining("at least one");
    }
}
