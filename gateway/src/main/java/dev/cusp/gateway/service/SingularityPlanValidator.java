package dev.cusp.gateway.service;

import dev.cusp.core.event.SingularityPlan;
import dev.cusp.gateway.config.GatewayConfig;
import dev.cusp.gateway.rest.JobRequest.BudgetRequest;
import dev.cusp.gateway.rest.JobRequest.SingularityPlanRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a job's singularity plan: known tiers, each listed once, every budget within [minimum, configured maximum],
 * and the costly tiers' work per shard within {@code cusp.gateway.singularity.max-gradient-rows-per-shard}. No plan
 * means the cheap tier with the default budgets; the cheap tier always runs, whether listed or not.
 */
@ApplicationScoped
public class SingularityPlanValidator {
    /** The tiers a job may name. */
    public static final List<String> TIERS = List.of(SingularityPlan.CHEAP, SingularityPlan.CLEVER,
            SingularityPlan.SLICES, SingularityPlan.HESSIAN);
    /** A slice grid needs some resolution: 11 nodes per axis, a spacing of a tenth of the window. */
    static final int MIN_SLICE_GRID = 11;

    private final GatewayConfig.Singularity limits;

    SingularityPlanValidator(GatewayConfig config) {
        this.limits = config.singularity();
    }

    /** The plan the request asks for; every problem is added to {@code problems}. */
    public SingularityPlan validate(SingularityPlanRequest request, List<String> problems) {
        if (request == null) {
            return SingularityPlan.cheap();
        }
        List<String> tiers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> requested = request.tiers() == null ? List.of(SingularityPlan.CHEAP) : request.tiers();
        for (String tier : requested) {
            if (!TIERS.contains(tier)) {
                problems.add("singularityPlan: unknown tier '" + tier + "'; supported: " + TIERS);
            } else if (!seen.add(tier)) {
                problems.add("singularityPlan: tier '" + tier + "' is listed twice");
            } else {
                tiers.add(tier);
            }
        }
        if (!tiers.contains(SingularityPlan.CHEAP)) {
            tiers.add(0, SingularityPlan.CHEAP);
        }
        SingularityPlan.Budget budget = budget(request.budget(), problems);
        SingularityPlan plan = new SingularityPlan(tiers, budget);
        long rows = plan.costlyGradientRows();
        if (rows > limits.maxGradientRowsPerShard()) {
            problems.add(String.format(Locale.ROOT, "singularityPlan: the costly tiers need %,d gradient rows per"
                    + " shard (CLEVER 2 × examples × seeds × batches × batch size, slices 6 × examples × grid², Hessian"
                    + " 4 × iterations × examples), more than the maximum of %,d", rows,
                    limits.maxGradientRowsPerShard()));
        }
        return plan;
    }

    private SingularityPlan.Budget budget(BudgetRequest b, List<String> problems) {
        SingularityPlan.Budget d = SingularityPlan.Budget.defaults();
        if (b == null) {
            return d;
        }
        return new SingularityPlan.Budget(
                value("cleverExamples", b.cleverExamples(), d.cleverExamples(), 1, limits.maxCleverExamples(), problems),
                value("cleverBatches", b.cleverBatches(), d.cleverBatches(), 2, limits.maxCleverBatches(), problems),
                value("cleverBatchSize", b.cleverBatchSize(), d.cleverBatchSize(), 1, limits.maxCleverBatchSize(),
                        problems),
                value("cleverSeeds", b.cleverSeeds(), d.cleverSeeds(), 1, limits.maxCleverSeeds(), problems),
                value("sliceExamples", b.sliceExamples(), d.sliceExamples(), 1, limits.maxSliceExamples(), problems),
                value("sliceGrid", b.sliceGrid(), d.sliceGrid(), MIN_SLICE_GRID, limits.maxSliceGrid(), problems),
                value("hessianExamples", b.hessianExamples(), d.hessianExamples(), 1, limits.maxHessianExamples(),
                        problems),
                value("hessianIterations", b.hessianIterations(), d.hessianIterations(), 1,
                        limits.maxHessianIterations(), problems));
    }

    private static int value(String name, Integer requested, int fallback, int min, int max, List<String> problems) {
        if (requested == null) {
            return fallback;
        }
        if (requested < min || requested > max) {
            problems.add("singularityPlan.budget." + name + " must be between " + min + " and " + max + ", got "
                    + requested);
        }
        return requested;
    }
}
