package dev.cusp.core.singularity.plane;

/**
 * A map of the plane g: R² → R², evaluated on batches of points [n][2]: values [n][2] and Jacobians
 * [n][2][2] with rows ∂g_i/∂(s,t). Implementations batch the work across all points of a call.
 */
public interface PlaneMap {

    /** g(p) for every point. */
    double[][] values(double[][] points);

    /** Dg(p) for every point: [n][i][k] = ∂g_i/∂p_k. */
    double[][][] jacobians(double[][] points);

    /**
     * True when g is at least C³, so Whitney's fold/cusp criteria apply; piecewise-linear maps (ReLU networks)
     * have piecewise-constant det Dg and are reported as fold edges and rank-deficient regions instead.
     */
    default boolean smooth() {
        return true;
    }

    /** A region label per point for pictures (the predicted class of a classifier slice), 0 by default. */
    default int[] regions(double[][] points) {
        return new int[points.length];
    }
}
