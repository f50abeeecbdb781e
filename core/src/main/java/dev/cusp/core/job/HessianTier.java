package dev.cusp.core.job;

import dev.cusp.core.data.LabeledData;
import dev.cusp.core.diff.HessianVectorProducts;
import dev.cusp.core.event.Curvature;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.parameter.HessianTopEigenvalues;
import dev.cusp.core.singularity.parameter.HutchinsonTrace;

/**
 * Loss curvature over a batch: the top eigenvalue of the Hessian of the mean cross-entropy (power iteration,
 * PyHessian's tolerance) and its trace (Hutchinson), both capped at a number of iterations, from Hessian-vector
 * products in double: exact (Pearlmutter's R-operator) for dense softmax cross-entropy networks, central differences
 * of gradients otherwise ({@code HessianVectorProducts.ofLoss}; differences cross ReLU kinks, see
 * docs/singularities.md).
 */
public final class HessianTier {
    /** Seed of the start vector and of the Rademacher probes. */
    public static final long SEED = 1990;

    private HessianTier() {
    }

    /** Curvature of the model's loss over {@code batch} with at most {@code iterations} of each estimator. */
    public static Curvature curvature(Classifier model, LabeledData batch, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("the Hessian needs at least one iteration, got " + iterations);
        }
        HessianVectorProducts hvp = HessianVectorProducts.ofLoss(model.network(), batch.features(), batch.oneHot());
        HessianTopEigenvalues.Result top = HessianTopEigenvalues.compute(hvp,
                new HessianTopEigenvalues.Parameters(1, iterations, HessianTopEigenvalues.Parameters.TOL, SEED));
        HutchinsonTrace.Result trace = HutchinsonTrace.compute(hvp,
                new HutchinsonTrace.Parameters(iterations, HutchinsonTrace.Parameters.TOL, SEED));
        return new Curvature(batch.size(), top.eigenvalues()[0], top.iterations()[0], top.converged()[0], trace.trace(),
                trace.standardError(), trace.samples().length, hvp.products(),
                hvp.method() == HessianVectorProducts.Method.EXACT ? Curvature.EXACT : Curvature.CENTRAL_DIFFERENCES);
    }
}
