package dev.cusp.gateway.rest;

import dev.cusp.core.event.DatasetRef;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/jobs} (unknown fields are rejected); every field is checked by {@code JobRequestValidator}.
 * {@code singularityPlan} may be left out: the cheap tier with the default budgets.
 */
public record JobRequest(String modelId, DatasetRef dataset, Integer examples, Long seed, List<AttackRequest> attacks,
        SingularityPlanRequest singularityPlan) {

    /** The request without a singularity plan (the cheap tier). */
    public JobRequest(String modelId, DatasetRef dataset, Integer examples, Long seed, List<AttackRequest> attacks) {
        this(modelId, dataset, examples, seed, attacks, null);
    }

    /**
     * One attack of a job request: name, norm, the budgets to evaluate and overrides of the attack's documented
     * defaults (core's {@code AttackRegistry}; null or absent: the defaults).
     */
    public record AttackRequest(String attack, String norm, List<Double> epsilons, Map<String, Object> params) {
    }

    /** The singularity tiers and costly-tier budgets a job asks for; a budget left out takes its default. */
    public record SingularityPlanRequest(List<String> tiers, BudgetRequest budget) {
    }

    /** Budgets of the costly tiers ({@code SingularityPlan.Budget}); null fields take the defaults. */
    public record BudgetRequest(Integer cleverExamples, Integer cleverBatches, Integer cleverBatchSize,
            Integer cleverSeeds, Integer sliceExamples, Integer sliceGrid, Integer hessianExamples,
            Integer hessianIterations) {
    }
}
