package dev.cusp.core.job;

import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.input.Clever;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The CLEVER tier: top-2 CLEVER scores (Weng et al. 2018) in L2 and L∞ at a clean input, with the plan's sampling
 * budget and the reference radii and [0,1] clipping of {@link Clever.Parameters#defaults}; with two or more seeds
 * the mean and the standard deviation over seeds ({@link Clever#spread}). Seeds derive from the example index, so a
 * redelivered shard scores the same.
 */
final class CleverTier {
    /** First sampling seed; example i uses SEED + 1000·i, SEED + 1000·i + 1, ... */
    static final long SEED = 2018;

    private CleverTier() {
    }

    static PointGeometry.Clever score(Classifier model, INDArray x, int exampleIndex, SingularityPlan.Budget budget) {
        double[] l2 = score(model, x, exampleIndex, budget, Clever.Norm.L2);
        double[] linf = score(model, x, exampleIndex, budget, Clever.Norm.LINF);
        return new PointGeometry.Clever(l2[0], linf[0], l2[1], linf[1], budget.cleverSeeds(), budget.cleverBatches(),
                budget.cleverBatchSize());
    }

    /** {mean, standard deviation} of the top-2 score over the budget's seeds. */
    private static double[] score(Classifier model, INDArray x, int exampleIndex, SingularityPlan.Budget budget,
            Clever.Norm norm) {
        Clever.Parameters p = Clever.Parameters.defaults(norm, SEED + 1000L * exampleIndex)
                .withSampling(budget.cleverBatches(), budget.cleverBatchSize());
        if (budget.cleverSeeds() < 2) {
            return new double[] {Clever.compute(model, x, p, false).top2().score(), 0.0};
        }
        Clever.Spread spread = Clever.spread(model, x, p, budget.cleverSeeds());
        return new double[] {spread.mean(), spread.standardDeviation()};
    }
}
