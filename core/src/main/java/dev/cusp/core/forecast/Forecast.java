package dev.cusp.core.forecast;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How well per-example indicators (CLEVER, first-order boundary distance, condition number, kink distance,
 * Jacobian norm, margin, ...) forecast an attack: ROC-AUC for "the attack succeeds at ε", with each indicator
 * oriented so that its fragile end scores high, and Spearman's ρ with the minimal adversarial distance the
 * attacks needed (raw values: a good distance-like indicator has ρ &gt; 0). Examples where an indicator is NaN are
 * left out for that indicator; examples with no finite minimal distance are left out of ρ. The best forecaster
 * is the highest AUC (ties: the larger |ρ|).
 */
public final class Forecast {

    /** Which end of an indicator means fragile. */
    public enum Orientation {
        /** small values are fragile (distances, margins, CLEVER) */
        LOW_IS_FRAGILE,
        /** large values are fragile (condition number, Jacobian norm) */
        HIGH_IS_FRAGILE
    }

    /** One indicator's values over the examples. */
    public record Indicator(String name, Orientation orientation, double[] values) {
    }

    /**
     * One indicator's forecast quality.
     *
     * @param auc        ROC-AUC for attack success (0.5 = no information)
     * @param spearman   ρ with the minimal adversarial distance
     * @param examples   examples used for the AUC
     * @param pairs      pairs used for ρ
     */
    public record IndicatorForecast(String name, Orientation orientation, double auc, double spearman, int examples, int pairs) {
    }

    /** All indicators' forecasts and the best one (null when no AUC is defined). */
    public record Result(List<IndicatorForecast> indicators, IndicatorForecast best) {
    }

    private Forecast() {
    }

    /**
     * @param success         per example: the attack succeeded at the ε in question
     * @param minimalDistance per example: the smallest adversarial distance found (NaN/∞ when none)
     */
    public static Result evaluate(List<Indicator> indicators, boolean[] success, double[] minimalDistance) {
        List<IndicatorForecast> out = new ArrayList<>();
        for (Indicator ind : indicators) {
            if (ind.values().length != success.length || minimalDistance.length != success.length) {
                throw new IllegalArgumentException("indicator " + ind.name() + " has " + ind.values().length
                        + " values for " + success.length + " examples");
            }
            List<Double> scores = new ArrayList<>();
            List<Boolean> outcomes = new ArrayList<>();
            List<Double> xs = new ArrayList<>();
            List<Double> ds = new ArrayList<>();
            double sign = ind.orientation() == Orientation.LOW_IS_FRAGILE ? -1 : 1;
            for (int i = 0; i < success.length; i++) {
                double v = ind.values()[i];
                if (Double.isNaN(v)) {
                    continue;
                }
                scores.add(sign * v);
                outcomes.add(success[i]);
                if (Double.isFinite(minimalDistance[i]) && Double.isFinite(v)) {
                    xs.add(v);
                    ds.add(minimalDistance[i]);
                }
            }
            boolean[] pos = new boolean[outcomes.size()];
            for (int i = 0; i < pos.length; i++) {
                pos[i] = outcomes.get(i);
            }
            double auc = RocAuc.of(scores.stream().mapToDouble(Double::doubleValue).toArray(), pos);
            double rho = Spearman.of(xs.stream().mapToDouble(Double::doubleValue).toArray(),
                    ds.stream().mapToDouble(Double::doubleValue).toArray());
            out.add(new IndicatorForecast(ind.name(), ind.orientation(), auc, rho, pos.length, xs.size()));
        }
        IndicatorForecast best = out.stream().filter(f -> !Double.isNaN(f.auc()))
                .max(Comparator.comparingDouble(IndicatorForecast::auc)
                        .thenComparingDouble(f -> Double.isNaN(f.spearman()) ? -1 : Math.abs(f.spearman())))
                .orElse(null);
        return new Result(out, best);
    }
}
