package dev.cusp.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.Curvature;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.forecast.Forecast;
import dev.cusp.core.singularity.Label;
import dev.cusp.core.singularity.LabelRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SingularityAggregatorTest {

    private static AttackOutcome fgsm(double epsilon, boolean success) {
        return new AttackOutcome("fgsm", "linf", epsilon, success, 0, epsilon, 2 * epsilon, 3, 1, 1, 2, 3 * epsilon,
                success ? -1 : 1, null, 0);
    }

    /** A clean point whose indicators are set by hand; ‖J‖_F = jacobianNorm, first-order L∞ = distance. */
    private static PointGeometry clean(int example, double margin, double kappa, double jacobianNorm, double distance,
            double kinkLinf, List<String> labels) {
        return new PointGeometry(example, PointGeometry.CLEAN, 0, new double[] {kappa, 1}, kappa, margin,
                new PointGeometry.Spectrum(2, 0, 2, 1e-15, jacobianNorm),
                new PointGeometry.Boundary(0, 1, 1, 1, 2 * distance, distance, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN),
                null, new PointGeometry.Relu(2 * kinkLinf, kinkLinf, 0, 3, 0.5, 2, 0),
                new PointGeometry.Health("OK", 1), null, null, null, null, labels, labels.get(0), labels);
    }

    private static PointGeometry crossing(int example, int ties, List<String> labels) {
        return new PointGeometry(example, PointGeometry.CROSSING, 1, new double[] {3, 1}, 3, 0, null, null, null, null,
                null, null, new PointGeometry.Junction(new int[ties], 0.1, 0.01), null, null, labels, labels.get(0),
                labels);
    }

    @Test
    void labelsAreCountedPerPointKindAndQuantitiesSummarisedAtEachKind() {
        List<PointGeometry> points = List.of(
                clean(0, 2.0, 4, 10, 0.3, 0.01, List.of("FRAGILE", "SENSITIVE")),
                clean(1, 1.0, 8, 20, 0.2, 0.02, List.of("KINK", "FRAGILE")),
                clean(2, 0.5, 16, 30, 0.1, 0.03, List.of("REGULAR")),
                new PointGeometry(3, PointGeometry.CLEAN, 0, new double[] {2, 1}, 2, -1), // schema version 1
                crossing(0, 3, List.of("JUNCTION", "FRAGILE")),
                crossing(1, 2, List.of("FRAGILE")));
        SingularityReport report = SingularityAggregator.aggregate(List.of(), points, null, null, 0, List.of());

        assertThat(report.points()).containsExactly(Map.entry("clean", 4), Map.entry("adversarial", 0),
                Map.entry("crossing", 2));
        assertThat(report.labelCounts().get("clean")).containsEntry("FRAGILE", 2).containsEntry("SENSITIVE", 1)
                .containsEntry("KINK", 1).containsEntry("REGULAR", 1).containsEntry("JUNCTION", 0)
                .hasSize(Label.values().length);
        assertThat(report.primaryCounts().get("clean")).containsEntry("FRAGILE", 1).containsEntry("KINK", 1)
                .containsEntry("REGULAR", 1).containsEntry("SENSITIVE", 0);
        assertThat(report.labelCounts().get("crossing")).containsEntry("JUNCTION", 1).containsEntry("FRAGILE", 2);
        assertThat(report.labelCounts().get("adversarial").values()).containsOnly(0);

        assertThat(report.distributions().get("jacobianNorm.clean")).isEqualTo(Distribution.of(new double[] {10, 20, 30}));
        assertThat(report.distributions().get("firstOrderLinf.clean"))
                .isEqualTo(Distribution.of(new double[] {0.3, 0.2, 0.1}));
        // the version-1 point has a spectrum and a margin, nothing else
        assertThat(report.distributions().get("margin.clean")).isEqualTo(Distribution.of(new double[] {2, 1, 0.5, -1}));
        assertThat(report.distributions().get("conditionNumber.clean"))
                .isEqualTo(Distribution.of(new double[] {4, 8, 16, 2}));
        assertThat(report.distributions().get("ties.crossing")).isEqualTo(Distribution.of(new double[] {3, 2}));
        // NaN ratios (no crossing recorded) and parts never computed leave no entry
        assertThat(report.distributions()).doesNotContainKeys("curvatureRatioLinf.clean", "cleverLinf.clean",
                "hamming.adversarial", "jacobianNorm.adversarial");
        // 2 of 3 labelled clean points are FRAGILE: above the 50% of ADVERSARIALLY_FRAGILE
        assertThat(report.fragileShare()).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(report.modelLabels()).containsExactly("ADVERSARIALLY_FRAGILE");
    }

    @Test
    void forecastScoresEachIndicatorAgainstSuccessAndMinimalDistanceOverCorrectlyClassifiedExamples() {
        // Five examples; example 4 is misclassified (not attacked) and left out. Success at ε = 0.1: examples 0, 1;
        // at 0.2 also 2. The margin orders the examples exactly as their fragility (smaller = more fragile): AUC 1 at
        // both ε. ‖J‖ (high = fragile) is ordered the wrong way round: AUC 0. Minimal distances: 0.1, 0.1, 0.2, none.
        List<ExampleAttack> examples = List.of(
                new ExampleAttack(0, 1, 1, List.of(fgsm(0.1, true), fgsm(0.2, true))),
                new ExampleAttack(1, 2, 2, List.of(fgsm(0.1, true), fgsm(0.2, true))),
                new ExampleAttack(2, 3, 3, List.of(fgsm(0.1, false), fgsm(0.2, true))),
                new ExampleAttack(3, 4, 4, List.of(fgsm(0.1, false), fgsm(0.2, false))),
                new ExampleAttack(4, 5, 6, List.of(fgsm(0.1, true), fgsm(0.2, true))));
        List<PointGeometry> points = List.of(
                clean(0, 0.5, 4, 1, 0.05, 0.001, List.of("FRAGILE")),
                clean(1, 1.0, 9, 2, 0.07, 0.003, List.of("FRAGILE")),
                clean(2, 2.0, 2, 3, 0.15, 0.002, List.of("REGULAR")),
                clean(3, 4.0, 3, 4, 0.40, 0.004, List.of("REGULAR")),
                clean(4, -1.0, 5, 5, 0.01, 0.005, List.of("FRAGILE")));
        LabelRules rules = LabelRules.forBudgets(0.2, Double.NaN);
        Curvature curvature = new Curvature(10, 3.5, 7, true, 40, 2, 12, 19, Curvature.EXACT);
        SingularityReport report = SingularityAggregator.aggregate(examples, points, rules, curvature, 2,
                List.of(Map.of("cheap", 1200L, "clever", 5000L), Map.of("cheap", 1000L)));

        assertThat(report.forecasts()).extracting(SingularityReport.ForecastRow::epsilon).containsExactly(0.1, 0.2);
        SingularityReport.ForecastRow first = report.forecasts().get(0);
        assertThat(first.examples()).isEqualTo(4);
        assertThat(first.successes()).isEqualTo(2);
        Map<String, Forecast.IndicatorForecast> byName = new java.util.HashMap<>();
        first.indicators().forEach(f -> byName.put(f.name(), f));
        assertThat(byName.get(SingularityAggregator.MARGIN).auc()).isEqualTo(1.0);
        assertThat(byName.get(SingularityAggregator.JACOBIAN_NORM).auc()).isEqualTo(0.0);
        // first-order L∞ distances 0.05, 0.07 (successes) vs 0.15, 0.40: perfect; ρ with the minimal distances
        // (0.1, 0.1, 0.2; example 3 has none) over ranks (1, 2, 3) vs (1.5, 1.5, 3): 3/√(2·1.5) = √3/2
        assertThat(byName.get(SingularityAggregator.FIRST_ORDER).auc()).isEqualTo(1.0);
        assertThat(byName.get(SingularityAggregator.FIRST_ORDER).spearman()).isCloseTo(Math.sqrt(3) / 2, within(1e-15));
        // κ (high = fragile) 4, 9 vs 2, 3: perfect
        assertThat(byName.get(SingularityAggregator.CONDITION_NUMBER).auc()).isEqualTo(1.0);
        // kink L∞ 0.001, 0.003 vs 0.002, 0.004: pairs (s, f): (0.001 < 0.002) ✓, (0.001 < 0.004) ✓, (0.003 > 0.002)
        // ✗, (0.003 < 0.004) ✓ → 3/4
        assertThat(byName.get(SingularityAggregator.KINK).auc()).isEqualTo(0.75);
        // CLEVER was not computed: no AUC
        assertThat(byName.get(SingularityAggregator.CLEVER).auc()).isNaN();
        assertThat(byName.get(SingularityAggregator.CLEVER).examples()).isZero();
        assertThat(first.best()).isIn(SingularityAggregator.MARGIN, SingularityAggregator.FIRST_ORDER,
                SingularityAggregator.CONDITION_NUMBER);

        // the same row, straight from Forecast over the four correctly classified examples
        Forecast.Result direct = Forecast.evaluate(List.of(
                        new Forecast.Indicator(SingularityAggregator.CLEVER, Forecast.Orientation.LOW_IS_FRAGILE,
                                new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN}),
                        new Forecast.Indicator(SingularityAggregator.FIRST_ORDER, Forecast.Orientation.LOW_IS_FRAGILE,
                                new double[] {0.05, 0.07, 0.15, 0.40}),
                        new Forecast.Indicator(SingularityAggregator.CONDITION_NUMBER,
                                Forecast.Orientation.HIGH_IS_FRAGILE, new double[] {4, 9, 2, 3}),
                        new Forecast.Indicator(SingularityAggregator.KINK, Forecast.Orientation.LOW_IS_FRAGILE,
                                new double[] {0.001, 0.003, 0.002, 0.004}),
                        new Forecast.Indicator(SingularityAggregator.JACOBIAN_NORM, Forecast.Orientation.HIGH_IS_FRAGILE,
                                new double[] {1, 2, 3, 4}),
                        new Forecast.Indicator(SingularityAggregator.MARGIN, Forecast.Orientation.LOW_IS_FRAGILE,
                                new double[] {0.5, 1, 2, 4})),
                new boolean[] {true, true, false, false}, new double[] {0.1, 0.1, 0.2, Double.NaN});
        // records compare their doubles with Double.compare, so NaN equals NaN
        assertThat(first.indicators()).containsExactlyElementsOf(direct.indicators());
        assertThat(first.best()).isEqualTo(direct.best().name());

        SingularityReport.ForecastRow second = report.forecasts().get(1);
        assertThat(second.successes()).isEqualTo(3);
        assertThat(second.indicators()).filteredOn(f -> f.name().equals(SingularityAggregator.MARGIN))
                .singleElement().satisfies(f -> assertThat(f.auc()).isEqualTo(1.0));
        // the margin and the first-order distance are perfect at both ε; the mean AUC picks the first of the ties
        assertThat(report.bestForecaster()).isIn(SingularityAggregator.MARGIN, SingularityAggregator.FIRST_ORDER);
        assertThat(report.rules()).isEqualTo(rules);
        assertThat(report.curvature()).isEqualTo(curvature);
        assertThat(report.slices()).isEqualTo(2);
        assertThat(report.tierMillis().get("cheap")).isEqualTo(Distribution.of(new double[] {1200, 1000}));
        assertThat(report.tierMillis().get("clever").count()).isEqualTo(1);
        // 3 of 5 labelled clean points FRAGILE: 60% > 50%
        assertThat(report.modelLabels()).containsExactly("ADVERSARIALLY_FRAGILE");
    }

    @Test
    void minimalDistanceIsTheSmallestSuccessfulPerturbationInTheAttacksNorm() {
        ExampleAttack e = new ExampleAttack(0, 1, 1, List.of(
                new AttackOutcome("pgd", "l2", 0.5, false, 1, 0.1, 0.5, 9, 10, 10, 11, 1, -1, null, 7),
                new AttackOutcome("pgd", "l2", 1.0, true, 2, 0.2, 0.93, 9, 10, 10, 11, 1, -1, null, 7),
                new AttackOutcome("pgd", "l2", 2.0, true, 2, 0.3, 1.7, 9, 10, 10, 11, 1, -1, null, 7),
                new AttackOutcome("fgsm", "linf", 0.1, true, 2, 0.1, 2.5, 700, 1, 1, 2, 60, -1, null, 7)));
        List<ExampleAttack> one = List.of(e);
        List<PointGeometry> points = new ArrayList<>(List.of(clean(0, 1, 2, 3, 0.4, 0.1, List.of("REGULAR"))));
        SingularityReport report = SingularityAggregator.aggregate(one, points, null, null, 0, null);
        // rows: fgsm/linf/0.1, pgd/l2/0.5, pgd/l2/1, pgd/l2/2
        assertThat(report.forecasts()).extracting(SingularityReport.ForecastRow::attack, SingularityReport.ForecastRow::norm)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fgsm", "linf"),
                        org.assertj.core.groups.Tuple.tuple("pgd", "l2"), org.assertj.core.groups.Tuple.tuple("pgd", "l2"),
                        org.assertj.core.groups.Tuple.tuple("pgd", "l2"));
        assertThat(SingularityAggregator.minimalDistance(e, "pgd", "l2")).isEqualTo(0.93);
        assertThat(SingularityAggregator.minimalDistance(e, "fgsm", "linf")).isEqualTo(0.1);
        assertThat(SingularityAggregator.minimalDistance(e, "cw", "l2")).isNaN();
        assertThat(report.fragileShare()).isZero();
        assertThat(report.modelLabels()).isEmpty();
    }
}
