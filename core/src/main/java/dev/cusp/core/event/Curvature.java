package dev.cusp.core.event;

/**
 * Curvature of the mean cross-entropy loss in parameter space over a batch: the top Hessian eigenvalue by power
 * iteration (with its iterations and whether it met the tolerance) and the Hutchinson trace estimate with its
 * standard error, both from Hessian-vector products in double, and how those were computed ({@code products}: exact
 * for dense networks, central differences of gradients otherwise: {@code HessianTier}; null in events written before
 * the field existed).
 */
public record Curvature(int examples, double topEigenvalue, int iterations, boolean converged, double trace,
        double traceStandardError, int traceSamples, long hessianVectorProducts, String products) {
    /** {@link #products} of exact Hessian-vector products (Pearlmutter's R-operator on a dense network). */
    public static final String EXACT = "exact";
    /** {@link #products} of central differences of gradients (any other network; they cross ReLU kinks). */
    public static final String CENTRAL_DIFFERENCES = "central-differences";
}
