package dev.cusp.core.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which analysis a job computes at each analysed point, and the budgets of its costly tiers. The {@link #CHEAP} tier
 * (Jacobian spectrum, margin and first-order distances, DeepFool facets, ReLU kinks and regions, gradient health,
 * boundary crossing and ties, labels) always runs; {@link #CLEVER}, {@link #SLICES} and {@link #HESSIAN} are
 * opt-in. The schema-version-1 tier names {@link #SPECTRUM} and {@link #MARGIN} name parts of the cheap tier and
 * are accepted as such. A plan read without a budget gets {@link Budget#defaults()}.
 */
public record SingularityPlan(List<String> tiers, Budget budget) {
    public static final String CHEAP = "cheap";
    public static final String CLEVER = "clever";
    public static final String SLICES = "slices";
    public static final String HESSIAN = "hessian";
    /** Schema version 1: parts of the cheap tier. */
    public static final String SPECTRUM = "spectrum";
    public static final String MARGIN = "margin";
    /** Every tier name a plan may list. */
    public static final List<String> TIERS = List.of(CHEAP, CLEVER, SLICES, HESSIAN, SPECTRUM, MARGIN);

    public SingularityPlan {
        tiers = tiers == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(tiers));
        budget = budget == null ? Budget.defaults() : budget;
    }

    /** A plan with the default budgets. */
    public SingularityPlan(List<String> tiers) {
        this(tiers, Budget.defaults());
    }

    /** The schema-version-1 plan: spectrum and margin (the cheap tier). */
    public static SingularityPlan basic() {
        return new SingularityPlan(List.of(SPECTRUM, MARGIN));
    }

    /** The default plan of a job: the cheap tier only. */
    public static SingularityPlan cheap() {
        return new SingularityPlan(List.of(CHEAP));
    }

    public boolean has(String tier) {
        return tiers.contains(tier);
    }

    /**
     * The work the plan's costly tiers add to one shard, in rows of input or parameter gradients (one row = one
     * vector–Jacobian product or loss gradient for one input): CLEVER 2 norms × seeds × batches × batch size per
     * example; a slice about 6 per grid node (2 VJPs per node for the critical curve, its gradient at the curve
     * and the region picture, measured); the Hessian at most 4 per iteration and example (power iteration and
     * Hutchinson, each product 2 gradients; on shard 0 only, counted for every shard as an upper bound).
     */
    public long costlyGradientRows() {
        long rows = 0;
        if (has(CLEVER)) {
            rows += 2L * budget.cleverExamples() * budget.cleverSeeds() * budget.cleverBatches()
                    * budget.cleverBatchSize();
        }
        if (has(SLICES)) {
            rows += 6L * budget.sliceExamples() * budget.sliceGrid() * budget.sliceGrid();
        }
        if (has(HESSIAN)) {
            rows += 4L * budget.hessianIterations() * budget.hessianExamples();
        }
        return rows;
    }

    /**
     * Budgets of the costly tiers. CLEVER and slices run on the first {@code cleverExamples} / {@code sliceExamples}
     * examples of every shard; the Hessian tier runs once per job (on shard 0) over its first {@code hessianExamples}
     * examples.
     *
     * @param cleverExamples   examples per shard that get CLEVER scores (L2 and L∞)
     * @param cleverBatches    N_b, batch maxima per CLEVER estimate (Weng et al. use 500)
     * @param cleverBatchSize  N_s, samples per batch (Weng et al. use 1024)
     * @param cleverSeeds      independent sampling seeds per score (their spread is reported; 1 = no spread)
     * @param sliceExamples    examples per shard that get a 2-D slice with folds, cusps and a PNG
     * @param sliceGrid        grid nodes per axis of a slice's critical-curve search
     * @param hessianExamples  examples of the loss whose Hessian is probed
     * @param hessianIterations most power iterations for λ_max and most Hutchinson samples for the trace
     */
    public record Budget(int cleverExamples, int cleverBatches, int cleverBatchSize, int cleverSeeds,
            int sliceExamples, int sliceGrid, int hessianExamples, int hessianIterations) {
        public static final int CLEVER_EXAMPLES = 2;
        public static final int CLEVER_BATCHES = 50;
        public static final int CLEVER_BATCH_SIZE = 128;
        public static final int CLEVER_SEEDS = 2;
        public static final int SLICE_EXAMPLES = 1;
        public static final int SLICE_GRID = 61;
        public static final int HESSIAN_EXAMPLES = 128;
        public static final int HESSIAN_ITERATIONS = 20;

        /**
         * A tenth of CLEVER's reference sampling (50 × 128 instead of 500 × 1024) with two seeds on 2 examples per
         * shard; 1 slice per shard on a 61 × 61 grid; at most 20 Hessian iterations on 128 examples: about 84,000
         * gradient rows ({@link SingularityPlan#costlyGradientRows()}), some 17 s on the demo MLP on a busy 2-core
         * machine.
         */
        public static Budget defaults() {
            return new Budget(CLEVER_EXAMPLES, CLEVER_BATCHES, CLEVER_BATCH_SIZE, CLEVER_SEEDS, SLICE_EXAMPLES,
                    SLICE_GRID, HESSIAN_EXAMPLES, HESSIAN_ITERATIONS);
        }
    }
}
