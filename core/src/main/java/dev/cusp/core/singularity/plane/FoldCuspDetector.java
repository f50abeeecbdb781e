package dev.cusp.core.singularity.plane;

import java.util.ArrayList;
import java.util.List;

/**
 * Whitney folds and cusps of a smooth map of the plane g: R² → R² on a rectangle, with the recognition
 * criteria of Whitney (1955) in the kernel-field form used by Saji (arXiv 1412.4103) and Krzyżanowska &amp;
 * Szafraniec (arXiv 1208.4713): on the critical curve S = {λ = det Dg = 0} with ∇λ ≠ 0 and a null vector
 * field η ∈ ker Dg, a point is a fold where ηλ = ∇λ·η ≠ 0 (kernel transverse to S) and a cusp where ηλ
 * changes sign along S (kernel tangent to S with first-order contact).
 *
 * <p>Numerically: λ on a grid, S by marching squares, η the right singular vector of the smallest singular
 * value of Dg at each curve point (sign fixed by continuity along the curve), ∇λ by central differences,
 * and the normalised transversality τ = ∇λ·η/‖∇λ‖ ∈ [−1, 1] (±1 for a perfect fold, 0 at a cusp). A cusp is
 * a sign change of τ between consecutive curve points, located by bisection along the curve with every trial
 * point projected back onto S by Newton steps on λ. Points where ‖Dg‖ vanishes are the non-generic corank-2
 * stratum Σ² and are reported separately. For piecewise-linear maps ({@link PlaneMap#smooth()} false) the
 * curve is a set of fold edges between regions of opposite orientation and no cusp test is made.
 */
public final class FoldCuspDetector {

    /**
     * Detector parameters.
     *
     * @param gridSize           nodes per axis of the λ grid
     * @param gradientStep       central-difference step for ∇λ as a fraction of the grid spacing
     * @param refinementSteps    bisection steps that locate a cusp between two curve points
     * @param sigma2Tolerance    ‖Dg‖_F ≤ sigma2Tolerance · (median ‖Dg‖_F on the grid) marks a Σ² point
     */
    public record Parameters(int gridSize, double gradientStep, int refinementSteps, double sigma2Tolerance) {
        /** 101 nodes per axis: spacing 1% of the window; the germ tests locate the cusp to that spacing. */
        public static final int GRID_SIZE = 101;
        /** h = spacing/20: central differences are exact for quadratic λ and O(h²) accurate otherwise. */
        public static final double GRADIENT_STEP = 0.05;
        /** 40 halvings shrink the bracket below 1e-12 of the grid spacing. */
        public static final int REFINEMENT_STEPS = 40;
        /** Six orders of magnitude below the typical Jacobian size. */
        public static final double SIGMA2_TOLERANCE = 1e-6;

        public Parameters {
            if (gridSize < 3) {
                throw new IllegalArgumentException("gridSize must be at least 3, got " + gridSize);
            }
            if (!(gradientStep > 0 && gradientStep < 1)) {
                throw new IllegalArgumentException("gradientStep must be in (0,1), got " + gradientStep);
            }
        }

        public static Parameters defaults() {
            return new Parameters(GRID_SIZE, GRADIENT_STEP, REFINEMENT_STEPS, SIGMA2_TOLERANCE);
        }

        public Parameters withGridSize(int n) {
            return new Parameters(n, gradientStep, refinementSteps, sigma2Tolerance);
        }
    }

    /** A window [sMin, sMax] × [tMin, tMax] of the plane. */
    public record Window(double sMin, double sMax, double tMin, double tMax) {
        public Window {
            if (!(sMax > sMin && tMax > tMin)) {
                throw new IllegalArgumentException("empty window [" + sMin + "," + sMax + "]x[" + tMin + "," + tMax + "]");
            }
        }
    }

    /** One polyline of the critical curve with the transversality τ at each of its points. */
    public record CriticalCurve(double[][] points, double[] transversality, boolean closed) {
    }

    /**
     * A cusp: its location, the slope dτ/ds of the transversality along the curve there (non-zero for a
     * genuine, first-order cusp), and its image under g (a cusp point of the discriminant).
     */
    public record Cusp(double s, double t, double transversalitySlope, double[] image) {
    }

    /**
     * Everything found in the window.
     *
     * @param determinant λ on the grid, [gridSize][gridSize] (index [i][j] at (s_i, t_j))
     * @param foldPoints  curve points classified as folds (τ ≠ 0, rank Dg = 1)
     * @param sigma2Points curve points where Dg vanishes (Σ²)
     * @param smooth      false for a piecewise-linear map: the curve is then a set of fold edges
     */
    public record CriticalSet(
            Window window,
            double[] s,
            double[] t,
            double[][] determinant,
            List<CriticalCurve> curves,
            int foldPoints,
            List<Cusp> cusps,
            int sigma2Points,
            boolean smooth,
            Parameters parameters) {
    }

    private final Parameters parameters;

    public FoldCuspDetector(Parameters parameters) {
        this.parameters = parameters;
    }

    public FoldCuspDetector() {
        this(Parameters.defaults());
    }

    /** Critical curve, folds and cusps of g in the window. */
    public CriticalSet detect(PlaneMap g, Window w) {
        int n = parameters.gridSize();
        double[] s = axis(w.sMin(), w.sMax(), n);
        double[] t = axis(w.tMin(), w.tMax(), n);
        double[][] nodes = new double[n * n][];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                nodes[i * n + j] = new double[] {s[i], t[j]};
            }
        }
        double[][][] jac = g.jacobians(nodes);
        double[][] lambda = new double[n][n];
        double[] frob = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                lambda[i][j] = det(jac[i * n + j]);
                frob[i * n + j] = frobenius(jac[i * n + j]);
            }
        }
        double sigma2Level = parameters.sigma2Tolerance() * median(frob);
        double h = parameters.gradientStep() * Math.min(s[1] - s[0], t[1] - t[0]);
        List<CriticalCurve> curves = new ArrayList<>();
        List<Cusp> cusps = new ArrayList<>();
        int folds = 0;
        int sigma2 = 0;
        for (MarchingSquares.Polyline line : MarchingSquares.contour(s, t, lambda)) {
            double[][] pts = line.points().toArray(new double[0][]);
            CurveFrame frame = frame(g, pts, h, null);
            double[] tau = frame.tau;
            for (int k = 0; k < pts.length; k++) {
                if (frame.frobenius[k] <= sigma2Level) {
                    sigma2++;
                    tau[k] = Double.NaN;
                } else if (tau[k] != 0) {
                    folds++;
                }
            }
            curves.add(new CriticalCurve(pts, tau, line.closed()));
            if (g.smooth()) {
                cusps.addAll(cuspsAlong(g, pts, frame, line.closed(), h));
            }
        }
        if (!g.smooth()) {
            cusps.clear();
        }
        return new CriticalSet(w, s, t, lambda, curves, folds, cusps, sigma2, g.smooth(), parameters);
    }

    /** τ, η and ‖Dg‖ at the points of one curve, η oriented continuously (starting along {@code eta0} if given). */
    private static CurveFrame frame(PlaneMap g, double[][] pts, double h, double[] eta0) {
        int m = pts.length;
        double[][] probe = new double[5 * m][];
        for (int k = 0; k < m; k++) {
            double[] p = pts[k];
            probe[5 * k] = p;
            probe[5 * k + 1] = new double[] {p[0] + h, p[1]};
            probe[5 * k + 2] = new double[] {p[0] - h, p[1]};
            probe[5 * k + 3] = new double[] {p[0], p[1] + h};
            probe[5 * k + 4] = new double[] {p[0], p[1] - h};
        }
        double[][][] jac = g.jacobians(probe);
        CurveFrame f = new CurveFrame(m);
        double[] previous = eta0;
        for (int k = 0; k < m; k++) {
            double[][] j = jac[5 * k];
            double[] grad = {
                (det(jac[5 * k + 1]) - det(jac[5 * k + 2])) / (2 * h),
                (det(jac[5 * k + 3]) - det(jac[5 * k + 4])) / (2 * h)};
            double[] eta = kernel(j);
            if (previous != null && eta[0] * previous[0] + eta[1] * previous[1] < 0) {
                eta[0] = -eta[0];
                eta[1] = -eta[1];
            }
            previous = eta;
            double norm = Math.hypot(grad[0], grad[1]);
            f.eta[k] = eta;
            f.grad[k] = grad;
            f.tau[k] = norm > 0 ? (grad[0] * eta[0] + grad[1] * eta[1]) / norm : 0.0;
            f.frobenius[k] = frobenius(j);
            f.lambda[k] = det(j);
        }
        return f;
    }

    private List<Cusp> cuspsAlong(PlaneMap g, double[][] pts, CurveFrame f, boolean closed, double h) {
        List<Cusp> found = new ArrayList<>();
        int m = pts.length;
        // indices of points with a usable, non-zero τ; runs of exact zeros between opposite signs count once
        List<Integer> signed = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            if (!Double.isNaN(f.tau[k]) && f.tau[k] != 0) {
                signed.add(k);
            }
        }
        int pairs = closed ? signed.size() : signed.size() - 1;
        for (int q = 0; q < pairs; q++) {
            int a = signed.get(q);
            int b = signed.get((q + 1) % signed.size());
            double tb = f.tau[b];
            if (closed && q == signed.size() - 1) {
                // the kernel field may come back reversed after one turn around a loop
                double dot = f.eta[a][0] * f.eta[b][0] + f.eta[a][1] * f.eta[b][1];
                if (dot < 0) {
                    tb = -tb;
                }
            }
            if (f.tau[a] * tb < 0) {
                found.add(refine(g, pts, f, a, b, h));
            }
        }
        return found;
    }

    /**
     * Locates τ = 0 between curve points a and b: an exact zero of τ on a curve point between them if there
     * is one, else bisection on the chord with each trial point projected back onto the curve.
     */
    private Cusp refine(PlaneMap g, double[][] pts, CurveFrame f, int a, int b, double h) {
        int m = pts.length;
        int gap = Math.floorMod(b - a, m);
        double arc = Math.hypot(pts[b][0] - pts[a][0], pts[b][1] - pts[a][1]);
        double slope = arc > 0 ? Math.abs(f.tau[b] - f.tau[a]) / arc : Double.NaN;
        double[] location;
        if (gap > 1) {
            location = pts[(a + gap / 2) % m];
        } else {
            double[] lo = pts[a];
            double[] hi = pts[b];
            double tauLo = f.tau[a];
            double[] etaLo = f.eta[a];
            location = lo;
            for (int step = 0; step < parameters.refinementSteps(); step++) {
                location = project(g, new double[] {(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2}, h);
                CurveFrame fm = frame(g, new double[][] {location}, h, etaLo);
                double tm = fm.tau[0];
                if (tm == 0) {
                    break;
                }
                if (tm * tauLo > 0) {
                    lo = location;
                    etaLo = fm.eta[0];
                } else {
                    hi = location;
                }
            }
        }
        return new Cusp(location[0], location[1], slope, g.values(new double[][] {location})[0]);
    }

    /** Two Newton steps on λ along ∇λ: pulls a chord midpoint back onto the critical curve. */
    private static double[] project(PlaneMap g, double[] p, double h) {
        double[] q = p;
        for (int it = 0; it < 2; it++) {
            CurveFrame f = frame(g, new double[][] {q}, h, null);
            double[] grad = f.grad[0];
            double n2 = grad[0] * grad[0] + grad[1] * grad[1];
            if (n2 == 0) {
                return q;
            }
            double step = f.lambda[0] / n2;
            q = new double[] {q[0] - step * grad[0], q[1] - step * grad[1]};
        }
        return q;
    }

    /** Unit right singular vector of the smallest singular value of a 2×2 matrix (a kernel vector at rank 1). */
    static double[] kernel(double[][] j) {
        // eigenvector of JᵀJ = [[p, r], [r, q]] for its smaller eigenvalue
        double p = j[0][0] * j[0][0] + j[1][0] * j[1][0];
        double q = j[0][1] * j[0][1] + j[1][1] * j[1][1];
        double r = j[0][0] * j[0][1] + j[1][0] * j[1][1];
        double mu = (p + q) / 2 - Math.hypot((p - q) / 2, r);
        double[] v = Math.abs(p - mu) >= Math.abs(q - mu) ? new double[] {-r, p - mu} : new double[] {q - mu, -r};
        double n = Math.hypot(v[0], v[1]);
        if (n == 0) {
            // JᵀJ is a multiple of the identity: every direction is a singular vector
            return new double[] {1, 0};
        }
        return new double[] {v[0] / n, v[1] / n};
    }

    static double det(double[][] j) {
        return j[0][0] * j[1][1] - j[0][1] * j[1][0];
    }

    private static double frobenius(double[][] j) {
        return Math.sqrt(j[0][0] * j[0][0] + j[0][1] * j[0][1] + j[1][0] * j[1][0] + j[1][1] * j[1][1]);
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    static double[] axis(double lo, double hi, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * i / (n - 1);
        }
        return a;
    }

    /** Per-point geometry along a curve. */
    private static final class CurveFrame {
        final double[] tau;
        final double[][] eta;
        final double[][] grad;
        final double[] frobenius;
        final double[] lambda;

        CurveFrame(int m) {
            tau = new double[m];
            eta = new double[m][];
            grad = new double[m][];
            frobenius = new double[m];
            lambda = new double[m];
        }
    }
}
