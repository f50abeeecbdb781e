package dev.cusp.core.job;

import dev.cusp.core.event.Curvature;
import dev.cusp.core.forecast.Forecast;
import dev.cusp.core.singularity.LabelRules;
import java.util.List;
import java.util.Map;

/**
 * A job's singularity figures ({@link SingularityAggregator}): how many points of each kind carry each label (all
 * labels that apply, and the primary one), distributions of the per-point quantities at clean, adversarial and
 * crossing points keyed {@code <quantity>.<point>}, the forecast of every attack budget by each indicator at the
 * clean points, the share of clean points labelled FRAGILE with the model labels it implies, and the job's loss
 * curvature (Hessian tier).
 *
 * @param points        analysed points per kind
 * @param labelCounts   per point kind, per label: points where the label applies
 * @param primaryCounts per point kind, per label: points whose primary label it is
 * @param distributions finite values only, keyed {@code <quantity>.<point>}
 * @param forecasts     one row per attack, norm and ε, in the report's robust-accuracy order
 * @param bestForecaster the indicator with the highest mean ROC-AUC over the rows (null when none has one)
 * @param fragileShare  share of labelled clean points that are FRAGILE (NaN when none is labelled)
 * @param modelLabels   ADVERSARIALLY_FRAGILE when the share exceeds the model rule's threshold, with the reason
 * @param rules         the label thresholds of the job's points (those of its first shard; null before version 2)
 * @param curvature     the Hessian tier's figures (null unless the plan had it)
 * @param slices        slice pictures stored for the job
 * @param tierMillis    per tier ({@code cheap}, {@code clever}, ...), the distribution of its time per shard in ms
 */
public record SingularityReport(
        Map<String, Integer> points,
        Map<String, Map<String, Integer>> labelCounts,
        Map<String, Map<String, Integer>> primaryCounts,
        Map<String, Distribution> distributions,
        List<ForecastRow> forecasts,
        String bestForecaster,
        double fragileShare,
        List<String> modelLabels,
        LabelRules rules,
        Curvature curvature,
        int slices,
        Map<String, Distribution> tierMillis) {

    /**
     * How each indicator forecasts one attack budget over the examples the model classifies correctly: ROC-AUC for
     * success at ε and Spearman's ρ with the smallest successful perturbation of that attack and norm.
     */
    public record ForecastRow(String attack, String norm, double epsilon, int examples, int successes,
            List<Forecast.IndicatorForecast> indicators, String best) {
    }
}
