package dev.cusp.core.job;

import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.Curvature;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.forecast.Forecast;
import dev.cusp.core.forecast.Forecast.Orientation;
import dev.cusp.core.singularity.Label;
import dev.cusp.core.singularity.LabelRules;
import dev.cusp.core.singularity.parameter.ModelLabel;
import dev.cusp.core.singularity.parameter.ModelLabeler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Builds a job's {@link SingularityReport} from its examples and analysed points (schema version 2; version-1 points
 * only add to the counts of points and to the distributions of their spectrum and margin). Next to
 * {@link ReportAggregator}, whose outputs it leaves alone.
 *
 * <p>Forecast: for every (attack, norm, ε) of the outcomes, over the examples the model classifies correctly (the
 * others are not attacked), each indicator at the example's clean point — CLEVER, first-order boundary distance and
 * kink distance in the attack's norm (L2 for {@code l2}, L∞ otherwise; CLEVER and the first-order distance have no
 * L1 form and use L∞ for {@code l1} attacks), κ, ‖J‖_F and the margin — is scored by
 * {@link Forecast#evaluate} against success at ε and the smallest successful perturbation (in the attack's norm) of
 * that attack and norm over all its ε. An indicator that was not computed is NaN and has no AUC.
 */
public final class SingularityAggregator {
    public static final List<String> POINTS = List.of(PointGeometry.CLEAN, PointGeometry.ADVERSARIAL,
            PointGeometry.CROSSING);
    /** Forecast indicator names. */
    public static final String CLEVER = "clever";
    public static final String FIRST_ORDER = "firstOrderDistance";
    public static final String CONDITION_NUMBER = "conditionNumber";
    public static final String KINK = "kinkDistance";
    public static final String JACOBIAN_NORM = "jacobianNorm";
    public static final String MARGIN = "margin";

    /** The per-point quantities summarised for every point kind (keys {@code <quantity>.<point>}). */
    static final Map<String, ToDoubleFunction<PointGeometry>> QUANTITIES = quantities();

    private SingularityAggregator() {
    }

    /**
     * @param rules     the label thresholds of the job's points (null for version-1 results)
     * @param curvature the Hessian tier's figures (null when not computed)
     * @param slices    how many slice pictures the job has
     * @param shardTierMillis the tier times of each shard (version-2 results)
     */
    public static SingularityReport aggregate(List<ExampleAttack> examples, List<PointGeometry> points,
            LabelRules rules, Curvature curvature, int slices, List<Map<String, Long>> shardTierMillis) {
        List<PointGeometry> all = points == null ? List.of() : points;
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> labelCounts = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> primaryCounts = new LinkedHashMap<>();
        Map<String, Distribution> distributions = new LinkedHashMap<>();
        for (String kind : POINTS) {
            List<PointGeometry> at = all.stream().filter(p -> kind.equals(p.point())).toList();
            counts.put(kind, at.size());
            Map<String, Integer> labels = new LinkedHashMap<>();
            Map<String, Integer> primary = new LinkedHashMap<>();
            for (Label label : Label.values()) {
                labels.put(label.name(), (int) at.stream()
                        .filter(p -> p.labels() != null && p.labels().contains(label.name())).count());
                primary.put(label.name(), (int) at.stream().filter(p -> label.name().equals(p.primaryLabel())).count());
            }
            labelCounts.put(kind, labels);
            primaryCounts.put(kind, primary);
            QUANTITIES.forEach((quantity, value) -> {
                double[] finite = at.stream().mapToDouble(value).filter(Double::isFinite).toArray();
                if (finite.length > 0) {
                    distributions.put(quantity + "." + kind, Distribution.of(finite));
                }
            });
        }
        List<SingularityReport.ForecastRow> forecasts = forecasts(examples == null ? List.of() : examples, all);
        double fragile = fragileShare(all);
        List<String> modelLabels = fragile > ModelLabeler.Rules.FRAGILE_SHARE
                ? List.of(ModelLabel.ADVERSARIALLY_FRAGILE.name()) : List.of();
        return new SingularityReport(counts, labelCounts, primaryCounts, distributions, forecasts,
                bestForecaster(forecasts), fragile, modelLabels, rules, curvature, slices,
                tierMillis(shardTierMillis == null ? List.of() : shardTierMillis));
    }

    /** Per tier, in the order first seen, the distribution of its milliseconds over the shards that ran it. */
    private static Map<String, Distribution> tierMillis(List<Map<String, Long>> shards) {
        Map<String, List<Long>> byTier = new LinkedHashMap<>();
        for (Map<String, Long> shard : shards) {
            shard.forEach((tier, ms) -> byTier.computeIfAbsent(tier, k -> new ArrayList<>()).add(ms));
        }
        Map<String, Distribution> out = new LinkedHashMap<>();
        byTier.forEach((tier, ms) -> out.put(tier, Distribution.of(ms.stream().mapToDouble(Long::doubleValue)
                .toArray())));
        return out;
    }

    private static Map<String, ToDoubleFunction<PointGeometry>> quantities() {
        Map<String, ToDoubleFunction<PointGeometry>> q = new LinkedHashMap<>();
        q.put("sigmaMin", p -> p.singularValues().length == 0 ? Double.NaN
                : p.singularValues()[p.singularValues().length - 1]);
        q.put("sigmaMax", p -> p.singularValues().length == 0 ? Double.NaN : p.singularValues()[0]);
        q.put("conditionNumber", PointGeometry::conditionNumber);
        q.put("margin", PointGeometry::margin);
        q.put("rank", p -> p.spectrum() == null ? Double.NaN : p.spectrum().rank());
        q.put("corank", p -> p.spectrum() == null ? Double.NaN : p.spectrum().corank());
        q.put("jacobianNorm", p -> p.spectrum() == null ? Double.NaN : p.spectrum().jacobianNorm());
        q.put("marginGradientNorm", p -> p.boundary() == null ? Double.NaN : p.boundary().gradientNorm());
        q.put("firstOrderL2", p -> p.boundary() == null ? Double.NaN : p.boundary().firstOrderL2());
        q.put("firstOrderLinf", p -> p.boundary() == null ? Double.NaN : p.boundary().firstOrderLinf());
        q.put("curvatureRatioL2", p -> p.boundary() == null ? Double.NaN : p.boundary().ratioL2());
        q.put("curvatureRatioLinf", p -> p.boundary() == null ? Double.NaN : p.boundary().ratioLinf());
        q.put("facetRatio", p -> p.facets() == null ? Double.NaN : p.facets().ratio());
        q.put("kinkL2", p -> p.relu() == null ? Double.NaN : p.relu().kinkL2());
        q.put("kinkLinf", p -> p.relu() == null ? Double.NaN : p.relu().kinkLinf());
        q.put("certifiedCorank", p -> p.relu() == null ? Double.NaN : p.relu().certifiedCorank());
        q.put("lossGradientNorm", p -> p.health() == null ? Double.NaN : p.health().norm());
        q.put("segmentL2", p -> p.segment() == null ? Double.NaN : p.segment().lengthL2());
        q.put("segmentLinf", p -> p.segment() == null ? Double.NaN : p.segment().lengthLinf());
        q.put("crossingT", p -> p.segment() == null ? Double.NaN : p.segment().tHigh());
        q.put("hamming", p -> p.segment() == null || p.segment().hamming() < 0 ? Double.NaN : p.segment().hamming());
        q.put("regions", p -> p.segment() == null || p.segment().regions() < 0 ? Double.NaN : p.segment().regions());
        q.put("ties", p -> p.junction() == null ? Double.NaN : p.junction().ties());
        q.put("cleverL2", p -> p.clever() == null ? Double.NaN : p.clever().l2());
        q.put("cleverLinf", p -> p.clever() == null ? Double.NaN : p.clever().linf());
        q.put("foldDistance", p -> p.slice() == null ? Double.NaN : p.slice().foldDistance());
        q.put("cuspDistance", p -> p.slice() == null ? Double.NaN : p.slice().cuspDistance());
        return q;
    }

    private record Budget(String attack, String norm, double epsilon) {
    }

    private static List<SingularityReport.ForecastRow> forecasts(List<ExampleAttack> examples,
            List<PointGeometry> points) {
        Map<Integer, PointGeometry> clean = new HashMap<>();
        for (PointGeometry p : points) {
            if (PointGeometry.CLEAN.equals(p.point())) {
                clean.putIfAbsent(p.exampleIndex(), p);
            }
        }
        Comparator<Budget> order = Comparator.comparing(Budget::attack).thenComparing(Budget::norm)
                .thenComparingDouble(Budget::epsilon);
        Map<Budget, Boolean> budgets = new TreeMap<>(order);
        for (ExampleAttack e : examples) {
            for (AttackOutcome o : e.outcomes()) {
                budgets.put(new Budget(o.attack(), o.norm(), o.epsilon()), true);
            }
        }
        List<SingularityReport.ForecastRow> rows = new ArrayList<>();
        for (Budget budget : budgets.keySet()) {
            List<Boolean> success = new ArrayList<>();
            List<Double> minimal = new ArrayList<>();
            List<PointGeometry> at = new ArrayList<>();
            for (ExampleAttack e : examples) {
                PointGeometry p = clean.get(e.exampleIndex());
                AttackOutcome o = outcome(e, budget);
                if (e.cleanPrediction() != e.label() || p == null || o == null) {
                    continue;
                }
                success.add(o.success());
                minimal.add(minimalDistance(e, budget.attack(), budget.norm()));
                at.add(p);
            }
            boolean[] s = new boolean[success.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = success.get(i);
            }
            boolean l2 = "l2".equals(budget.norm());
            List<Forecast.Indicator> indicators = List.of(
                    indicator(CLEVER, Orientation.LOW_IS_FRAGILE, at,
                            p -> p.clever() == null ? Double.NaN : l2 ? p.clever().l2() : p.clever().linf()),
                    indicator(FIRST_ORDER, Orientation.LOW_IS_FRAGILE, at, p -> p.boundary() == null ? Double.NaN
                            : l2 ? p.boundary().firstOrderL2() : p.boundary().firstOrderLinf()),
                    indicator(CONDITION_NUMBER, Orientation.HIGH_IS_FRAGILE, at, PointGeometry::conditionNumber),
                    indicator(KINK, Orientation.LOW_IS_FRAGILE, at,
                            p -> p.relu() == null ? Double.NaN : l2 ? p.relu().kinkL2() : p.relu().kinkLinf()),
                    indicator(JACOBIAN_NORM, Orientation.HIGH_IS_FRAGILE, at,
                            p -> p.spectrum() == null ? Double.NaN : p.spectrum().jacobianNorm()),
                    indicator(MARGIN, Orientation.LOW_IS_FRAGILE, at, PointGeometry::margin));
            Forecast.Result result = Forecast.evaluate(indicators, s,
                    minimal.stream().mapToDouble(Double::doubleValue).toArray());
            int successes = (int) success.stream().filter(b -> b).count();
            rows.add(new SingularityReport.ForecastRow(budget.attack(), budget.norm(), budget.epsilon(), s.length,
                    successes, result.indicators(), result.best() == null ? null : result.best().name()));
        }
        return rows;
    }

    private static Forecast.Indicator indicator(String name, Orientation orientation, List<PointGeometry> at,
            ToDoubleFunction<PointGeometry> value) {
        return new Forecast.Indicator(name, orientation, at.stream().mapToDouble(value).toArray());
    }

    private static AttackOutcome outcome(ExampleAttack e, Budget b) {
        for (AttackOutcome o : e.outcomes()) {
            if (b.attack().equals(o.attack()) && b.norm().equals(o.norm()) && o.epsilon() == b.epsilon()) {
                return o;
            }
        }
        return null;
    }

    /** Smallest successful perturbation of the budget's attack and norm, in that norm; NaN when none succeeded. */
    static double minimalDistance(ExampleAttack e, String attack, String norm) {
        double best = Double.NaN;
        for (AttackOutcome o : e.outcomes()) {
            if (o.success() && attack.equals(o.attack()) && norm.equals(o.norm())) {
                double d = switch (o.norm()) {
                    case "l2" -> o.l2();
                    case "l1" -> o.l1();
                    case "l0" -> o.l0();
                    default -> o.linf();
                };
                best = Double.isNaN(best) ? d : Math.min(best, d);
            }
        }
        return best;
    }

    /** The indicator with the highest mean AUC over the rows that define one. */
    private static String bestForecaster(List<SingularityReport.ForecastRow> rows) {
        Map<String, double[]> sums = new LinkedHashMap<>(); // {Σ AUC, rows}
        for (SingularityReport.ForecastRow row : rows) {
            for (Forecast.IndicatorForecast f : row.indicators()) {
                if (!Double.isNaN(f.auc())) {
                    double[] s = sums.computeIfAbsent(f.name(), k -> new double[2]);
                    s[0] += f.auc();
                    s[1]++;
                }
            }
        }
        return sums.entrySet().stream()
                .max(Comparator.comparingDouble(e -> e.getValue()[0] / e.getValue()[1]))
                .map(Map.Entry::getKey).orElse(null);
    }

    private static double fragileShare(List<PointGeometry> points) {
        long labelled = 0;
        long fragile = 0;
        for (PointGeometry p : points) {
            if (PointGeometry.CLEAN.equals(p.point()) && p.labels() != null) {
                labelled++;
                fragile += p.labels().contains(Label.FRAGILE.name()) ? 1 : 0;
            }
        }
        return labelled == 0 ? Double.NaN : (double) fragile / labelled;
    }
}
