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
 * a sign change of τ between consecutive curve points, located by regula falsi along the curve with every
 * trial point projected back onto S by a Newton step on λ (all cusps refined together, batched). Points where ‖Dg‖ vanishes are the non-generic corank-2
 * stratum Σ² and are reported separately. For piecewise-linear maps ({@link PlaneMap#smooth()} false) the
 * curve is a set of fold edges between regions of opposite orientation and no cusp test is made.
 */
public final class FoldCuspDetector {

    /**
     * Detector parameters.
     *
     * @param gridSize           nodes per axis of the λ grid
     * @param gradientStep       central-difference step for ∇λ as a fraction of the grid spacing
     * @param refinementSteps    regula-falsi iterations that locate a cusp between two curve points
     * @param sigma2Tolerance    ‖Dg‖_F ≤ sigma2Tolerance · (median ‖Dg‖_F on the grid) marks a Σ² point
     */
    public record Parameters(int gridSize, double gradientStep, int refinementSteps, double sigma2Tolerance) {
        /** 101 nodes per axis: spacing 1% of the window; the germ tests locate the cusp to that spacing. */
        public static final int GRID_SIZE = 101;
        /** h = spacing/20: central differences are exact for quadratic λ and O(h²) accurate otherwise. */
        public static final double GRADIENT_STEP = 0.05;
        /** Regula-falsi iterations (Illinois variant, superlinear): a handful reach |τ| &lt; 1e-12. */
        public static final int REFINEMENT_STEPS = 30;
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
     * @param rankDeficientFraction fraction of grid nodes where Dg is numerically singular,
     *                    |λ| ≤ {@link #RANK_TOLERANCE}·‖Dg‖_F² (whole open regions of a piecewise-linear map)
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
            double rankDeficientFraction,
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
        int singularNodes = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                lambda[i][j] = det(jac[i * n + j]);
                frob[i * n + j] = frobenius(jac[i * n + j]);
                if (Math.abs(lambda[i][j]) <= RANK_TOLERANCE * frob[i * n + j] * frob[i * n + j]) {
                    singularNodes++;
                }
            }
        }
        double sigma2Level = parameters.sigma2Tolerance() * median(frob);
        double h = parameters.gradientStep() * Math.min(s[1] - s[0], t[1] - t[0]);
        List<MarchingSquares.Polyline> lines = MarchingSquares.contour(s, t, lambda);
        // one batched evaluation for the points of every curve
        List<double[]> all = new ArrayList<>();
        lines.forEach(l -> all.addAll(l.points()));
        Probe probe = Probe.at(g, all.toArray(new double[0][]), h);
        List<CriticalCurve> curves = new ArrayList<>();
        List<Bracket> brackets = new ArrayList<>();
        int folds = 0;
        int sigma2 = 0;
        int offset = 0;
        for (MarchingSquares.Polyline line : lines) {
            double[][] pts = line.points().toArray(new double[0][]);
            double[][] eta = new double[pts.length][];
            double[] tau = new double[pts.length];
            double[] previous = null;
            for (int k = 0; k < pts.length; k++) {
                eta[k] = probe.orientedKernel(offset + k, previous);
                previous = eta[k];
                tau[k] = probe.transversality(offset + k, eta[k]);
                if (probe.frobenius[offset + k] <= sigma2Level) {
                    sigma2++;
                    tau[k] = Double.NaN;
                } else if (tau[k] != 0) {
                    folds++;
                }
            }
            offset += pts.length;
            curves.add(new CriticalCurve(pts, tau, line.closed()));
            if (g.smooth()) {
                brackets.addAll(signChanges(pts, tau, eta, line.closed()));
            }
        }
        List<Cusp> cusps = g.smooth() ? refine(g, brackets, h) : List.of();
        return new CriticalSet(w, s, t, lambda, curves, folds, cusps, sigma2, (double) singularNodes / (n * n),
                g.smooth(), parameters);
    }

    /** A sign change of τ between two curve points: the bracket of one cusp. */
    private static final class Bracket {
        double[] lo;
        double[] hi;
        double tauLo;
        double tauHi;
        double[] etaLo;
        double slope;
        double[] exact;
        int side;
    }

    /** Sign changes of τ between consecutive usable curve points (runs of exact zeros between them count once). */
    private static List<Bracket> signChanges(double[][] pts, double[] tau, double[][] eta, boolean closed) {
        List<Bracket> found = new ArrayList<>();
        List<Integer> signed = new ArrayList<>();
        for (int k = 0; k < pts.length; k++) {
            if (!Double.isNaN(tau[k]) && tau[k] != 0) {
                signed.add(k);
            }
        }
        int pairs = closed ? signed.size() : signed.size() - 1;
        for (int q = 0; q < pairs; q++) {
            int a = signed.get(q);
            int b = signed.get((q + 1) % signed.size());
            double[] etaB = eta[b];
            double tb = tau[b];
            if (eta[a][0] * etaB[0] + eta[a][1] * etaB[1] < 0) {
                // the kernel field came back reversed after one turn around a loop
                etaB = new double[] {-etaB[0], -etaB[1]};
                tb = -tb;
            }
            if (tau[a] * tb >= 0) {
                continue;
            }
            Bracket br = new Bracket();
            br.lo = pts[a];
            br.hi = pts[b];
            br.tauLo = tau[a];
            br.tauHi = tb;
            br.etaLo = eta[a];
            double arc = Math.hypot(pts[b][0] - pts[a][0], pts[b][1] - pts[a][1]);
            br.slope = arc > 0 ? Math.abs(tb - tau[a]) / arc : Double.NaN;
            int gap = Math.floorMod(b - a, pts.length);
            if (gap > 1) {
                br.exact = pts[(a + gap / 2) % pts.length];
            }
            found.add(br);
        }
        return found;
    }

    /**
     * Locates τ = 0 inside every bracket at once: Illinois regula falsi on the chord, each trial point pulled
     * onto the curve by a Newton step on λ, two batched evaluations per iteration for all brackets together.
     */
    private List<Cusp> refine(PlaneMap g, List<Bracket> brackets, double h) {
        List<Bracket> open = new ArrayList<>();
        for (Bracket b : brackets) {
            if (b.exact == null) {
                open.add(b);
            }
        }
        for (int it = 0; it < parameters.refinementSteps() && !open.isEmpty(); it++) {
            double[][] trial = new double[open.size()][];
            for (int i = 0; i < open.size(); i++) {
                Bracket b = open.get(i);
                double alpha = b.tauLo / (b.tauLo - b.tauHi);
                trial[i] = new double[] {b.lo[0] + alpha * (b.hi[0] - b.lo[0]), b.lo[1] + alpha * (b.hi[1] - b.lo[1])};
            }
            Probe atTrial = Probe.at(g, trial, h);
            double[][] projected = new double[open.size()][];
            for (int i = 0; i < open.size(); i++) {
                projected[i] = atTrial.newtonStep(i, trial[i]);
            }
            Probe atProjected = Probe.at(g, projected, h);
            List<Bracket> still = new ArrayList<>();
            for (int i = 0; i < open.size(); i++) {
                Bracket b = open.get(i);
                double[] eta = atProjected.orientedKernel(i, b.etaLo);
                double tm = atProjected.transversality(i, eta);
                double width = Math.hypot(b.hi[0] - b.lo[0], b.hi[1] - b.lo[1]);
                b.exact = projected[i];
                if (tm == 0 || Math.abs(tm) < TAU_TOLERANCE || width < WIDTH_TOLERANCE * h) {
                    continue;
                }
                if (tm * b.tauLo > 0) {
                    b.lo = projected[i];
                    b.tauLo = tm;
                    b.etaLo = eta;
                    b.tauHi = b.side == -1 ? b.tauHi / 2 : b.tauHi;
                    b.side = -1;
                } else {
                    b.hi = projected[i];
                    b.tauHi = tm;
                    b.tauLo = b.side == 1 ? b.tauLo / 2 : b.tauLo;
                    b.side = 1;
                }
                still.add(b);
            }
            open = still;
        }
        double[][] where = new double[brackets.size()][];
        for (int i = 0; i < where.length; i++) {
            Bracket b = brackets.get(i);
            where[i] = b.exact != null ? b.exact : b.lo;
        }
        double[][] images = where.length == 0 ? new double[0][] : g.values(where);
        List<Cusp> cusps = new ArrayList<>();
        for (int i = 0; i < where.length; i++) {
            cusps.add(new Cusp(where[i][0], where[i][1], brackets.get(i).slope, images[i]));
        }
        return cusps;
    }

    /**
     * |det Dg| ≤ RANK_TOLERANCE·‖Dg‖²_F marks a numerically singular 2×2 Jacobian (σ_min/σ_max ≲ 1e-12; the
     * determinant of a rank-one matrix computed in double is ~ε·‖Dg‖²).
     */
    public static final double RANK_TOLERANCE = 1e-12;

    /** |τ| below which a refined point counts as the cusp itself. */
    static final double TAU_TOLERANCE = 1e-12;
    /** Bracket width, in units of the difference step h, below which refinement stops. */
    static final double WIDTH_TOLERANCE = 1e-9;

    /** Dg, λ and a central-difference ∇λ at a batch of points (five plane-map evaluations each, one call). */
    private static final class Probe {
        final double[][][] jac;
        final double[][] grad;
        final double[] lambda;
        final double[] frobenius;

        private Probe(int m) {
            jac = new double[m][][];
            grad = new double[m][];
            lambda = new double[m];
            frobenius = new double[m];
        }

        static Probe at(PlaneMap g, double[][] pts, double h) {
            int m = pts.length;
            Probe p = new Probe(m);
            if (m == 0) {
                return p;
            }
            double[][] probe = new double[5 * m][];
            for (int k = 0; k < m; k++) {
                double[] q = pts[k];
                probe[5 * k] = q;
                probe[5 * k + 1] = new double[] {q[0] + h, q[1]};
                probe[5 * k + 2] = new double[] {q[0] - h, q[1]};
                probe[5 * k + 3] = new double[] {q[0], q[1] + h};
                probe[5 * k + 4] = new double[] {q[0], q[1] - h};
            }
            double[][][] jac = g.jacobians(probe);
            for (int k = 0; k < m; k++) {
                p.jac[k] = jac[5 * k];
                p.lambda[k] = det(jac[5 * k]);
                p.frobenius[k] = frobenius(jac[5 * k]);
                p.grad[k] = new double[] {
                    (det(jac[5 * k + 1]) - det(jac[5 * k + 2])) / (2 * h),
                    (det(jac[5 * k + 3]) - det(jac[5 * k + 4])) / (2 * h)};
            }
            return p;
        }

        /** The unit kernel vector at point k, oriented to agree with {@code previous} when given. */
        double[] orientedKernel(int k, double[] previous) {
            double[] eta = kernel(jac[k]);
            if (previous != null && eta[0] * previous[0] + eta[1] * previous[1] < 0) {
                eta[0] = -eta[0];
                eta[1] = -eta[1];
            }
            return eta;
        }

        /** τ = ∇λ·η/‖∇λ‖ at point k (0 where ∇λ vanishes). */
        double transversality(int k, double[] eta) {
            double norm = Math.hypot(grad[k][0], grad[k][1]);
            return norm > 0 ? (grad[k][0] * eta[0] + grad[k][1] * eta[1]) / norm : 0.0;
        }

        /** One Newton step on λ along ∇λ from q: pulls a point near the curve onto it. */
        double[] newtonStep(int k, double[] q) {
            double n2 = grad[k][0] * grad[k][0] + grad[k][1] * grad[k][1];
            if (n2 == 0) {
                return q;
            }
            double step = lambda[k] / n2;
            return new double[] {q[0] - step * grad[k][0], q[1] - step * grad[k][1]};
        }
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
}
