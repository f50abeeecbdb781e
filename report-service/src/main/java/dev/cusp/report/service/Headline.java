package dev.cusp.report.service;

import dev.cusp.core.job.JobReport;
import dev.cusp.core.job.RobustAccuracy;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headline figures {@code report.ready} carries. Verdict rule: for every attack/norm take the robust accuracy
 * at its largest ε; the job is {@value #FRAGILE} when the lowest of these is below {@link #FRAGILE_BELOW}, and
 * {@value #ROBUST} otherwise.
 */
public final class Headline {
    /** Robust accuracy at the largest budget below which a model is called fragile. */
    public static final double FRAGILE_BELOW = 0.5;
    public static final String FRAGILE = "fragile";
    public static final String ROBUST = "robust";

    private Headline() {
    }

    /** Robust accuracy keyed {@code "<attack>/<norm>/<epsilon>"}, ε in plain decimal ({@code fgsm/linf/0.1}). */
    public static Map<String, Double> robustAccuracy(JobReport report) {
        Map<String, Double> figures = new LinkedHashMap<>();
        for (RobustAccuracy row : report.robustAccuracy()) {
            figures.put(key(row), row.accuracy());
        }
        return figures;
    }

    public static String key(RobustAccuracy row) {
        return row.attack() + "/" + row.norm() + "/"
                + BigDecimal.valueOf(row.epsilon()).stripTrailingZeros().toPlainString();
    }

    public static String verdict(JobReport report) {
        Map<String, RobustAccuracy> atLargestBudget = new LinkedHashMap<>();
        for (RobustAccuracy row : report.robustAccuracy()) {
            atLargestBudget.merge(row.attack() + "/" + row.norm(), row,
                    (a, b) -> b.epsilon() > a.epsilon() ? b : a);
        }
        double worst = atLargestBudget.values().stream().mapToDouble(RobustAccuracy::accuracy).min().orElse(1.0);
        return worst < FRAGILE_BELOW ? FRAGILE : ROBUST;
    }
}
