package dev.cusp.core.event;

/**
 * Curvature of the mean cross-entropy loss in parameter space over a batch: the top Hessian eigenvalue by power
 * iteration (with its iterations and whether it met the tolerance) and the Hutchinson trace estimate with its
 * standard error, both from Hessian-vector products in double (exact for dense networks, central differences of
 * gradients otherwise: {@code HessianTier}).
 */
public record Curvature(int examples, double topEigenvalue, int iterations, boolean converged, double trace,
        double traceStandardError, int traceSamples, long hessianVectorProducts) {
}
