package dev.cusp.core.job;

import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.PointGeometry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Builds a {@link JobReport} from per-example rows. Distributions are keyed {@code <quantity>.<point>} with
 * quantity {@code sigmaMin}, {@code sigmaMax}, {@code conditionNumber}, {@code margin} and point
 * {@code clean}/{@code adversarial}. A point with σ_min = 0 has κ = +∞: it is left out of
 * {@code conditionNumber.<point>} and counted in {@code conditionNumber.<point>.infinite} (whose count is the
 * number of such points and whose statistics are all +∞, or NaN when there are none).
 */
public final class ReportAggregator {
    public static final String INFINITE_SUFFIX = ".infinite";
    private static final List<String> POINTS = List.of(PointGeometry.CLEAN, PointGeometry.ADVERSARIAL);

    public static JobReport aggregate(List<ExampleAttack> examples, List<PointGeometry> points) {
        if (examples == null || examples.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one example");
        }
        int correct = 0;
        for (ExampleAttack example : examples) {
            correct += example.cleanPrediction() == example.label() ? 1 : 0;
        }
        return new JobReport(examples.size(), (double) correct / examples.size(), robustAccuracy(examples),
                distributions(points == null ? List.of() : points));
    }

    private record Budget(String attack, String norm, double epsilon) {
    }

    private static List<RobustAccuracy> robustAccuracy(List<ExampleAttack> examples) {
        Comparator<Budget> order = Comparator.comparing(Budget::attack).thenComparing(Budget::norm)
                .thenComparingDouble(Budget::epsilon);
        Map<Budget, int[]> counts = new TreeMap<>(order); // {examples, successes}
        for (ExampleAttack example : examples) {
            for (AttackOutcome outcome : example.outcomes()) {
                int[] count = counts.computeIfAbsent(new Budget(outcome.attack(), outcome.norm(), outcome.epsilon()),
                        budget -> new int[2]);
                count[0]++;
                count[1] += outcome.success() ? 1 : 0;
            }
        }
        List<RobustAccuracy> rows = new ArrayList<>(counts.size());
        counts.forEach((budget, count) -> rows.add(new RobustAccuracy(budget.attack(), budget.norm(), budget.epsilon(),
                count[0], count[1], 1.0 - (double) count[1] / count[0])));
        return rows;
    }

    private static Map<String, Distribution> distributions(List<PointGeometry> points) {
        Map<String, Distribution> distributions = new LinkedHashMap<>();
        for (String point : POINTS) {
            List<PointGeometry> at = points.stream().filter(p -> point.equals(p.point())).toList();
            distributions.put("sigmaMin." + point, of(at, p -> p.singularValues()[p.singularValues().length - 1]));
            distributions.put("sigmaMax." + point, of(at, p -> p.singularValues()[0]));
            List<PointGeometry> finite = at.stream().filter(p -> Double.isFinite(p.conditionNumber())).toList();
            long infinite = at.stream().filter(p -> p.conditionNumber() == Double.POSITIVE_INFINITY).count();
            distributions.put("conditionNumber." + point, of(finite, PointGeometry::conditionNumber));
            distributions.put("conditionNumber." + point + INFINITE_SUFFIX, infinite(Math.toIntExact(infinite)));
            distributions.put("margin." + point, of(at, PointGeometry::margin));
        }
        return distributions;
    }

    private static Distribution of(List<PointGeometry> points, ToDoubleFunction<PointGeometry> value) {
        return Distribution.of(points.stream().mapToDouble(value).toArray());
    }

    private static Distribution infinite(int count) {
        double v = count == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
        return new Distribution(count, v, v, v, v, v, v, v, v);
    }

    private ReportAggregator() {
    }
}
