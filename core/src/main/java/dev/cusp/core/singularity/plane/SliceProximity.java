package dev.cusp.core.singularity.plane;

import dev.cusp.core.singularity.plane.FoldCuspDetector.CriticalCurve;
import dev.cusp.core.singularity.plane.FoldCuspDetector.CriticalSet;
import dev.cusp.core.singularity.plane.FoldCuspDetector.Cusp;

/**
 * How close a point of a slice (the example, at slice coordinates (s₀, t₀)) is to the critical set: the
 * distance to the nearest critical-curve point (a fold, or a fold edge of a piecewise-linear map) and to the
 * nearest cusp, in slice units (input-space distances when the slice directions are orthonormal), next to the
 * attack distance that sets the scale.
 */
public record SliceProximity(double foldDistance, double cuspDistance, double attackDistance) {

    public static SliceProximity of(CriticalSet set, double s0, double t0, double attackDistance) {
        double fold = Double.POSITIVE_INFINITY;
        for (CriticalCurve c : set.curves()) {
            for (double[] p : c.points()) {
                fold = Math.min(fold, Math.hypot(p[0] - s0, p[1] - t0));
            }
        }
        double cusp = Double.POSITIVE_INFINITY;
        for (Cusp c : set.cusps()) {
            cusp = Math.min(cusp, Math.hypot(c.s() - s0, c.t() - t0));
        }
        return new SliceProximity(fold, cusp, attackDistance);
    }
}
