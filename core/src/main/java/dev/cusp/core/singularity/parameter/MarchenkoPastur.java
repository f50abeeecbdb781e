package dev.cusp.core.singularity.parameter;

import java.util.Arrays;

/**
 * Marchenko–Pastur bulk of the eigenvalues λ of WᵀW for an N×M weight matrix (N ≥ M, Q = N/M), after
 * WeightWatcher's {@code mp_fit}: the spectrum is rescaled to mean 1, the bulk edge is
 * λ₊ = σ²(1 + 1/√Q)² and eigenvalues above λ₊ + √(Q^{−1/2}·λ₊^{2/3}·M^{−2/3}) (WeightWatcher's Tracy–Widom
 * allowance) are spikes — structure that random initialisation does not produce. WeightWatcher fits σ to a
 * kernel density of the spectrum; here σ² is matched robustly by the median instead, σ² = median(λ)/m_Q with
 * m_Q the median of the unit Marchenko–Pastur law, so a few spikes (or a heavy tail) cannot drag the edge.
 *
 * @param sigma2     σ² of the bulk in the rescaled units
 * @param bulkMax    λ₊ in the original units of the eigenvalues
 * @param threshold  λ₊ plus the Tracy–Widom allowance, original units
 * @param spikes     eigenvalues above the threshold
 */
public record MarchenkoPastur(double q, double sigma2, double bulkMax, double threshold, int spikes) {

    /** Quadrature nodes for the Marchenko–Pastur CDF (θ-substitution: the integrand is smooth). */
    static final int QUADRATURE = 2000;

    /**
     * @param evals the M eigenvalues of WᵀW (any order)
     * @param n     the larger dimension N of W
     */
    public static MarchenkoPastur fit(double[] evals, int n) {
        int m = evals.length;
        if (m < 1 || n < m) {
            throw new IllegalArgumentException("need M ≥ 1 eigenvalues and N ≥ M, got M = " + m + ", N = " + n);
        }
        double q = (double) n / m;
        double sum = Arrays.stream(evals).sum();
        if (!(sum > 0)) {
            return new MarchenkoPastur(q, 0, 0, 0, 0);
        }
        // WeightWatcher's rescaling: Σλ = M
        double scale = m / sum;
        double[] sorted = Arrays.stream(evals).map(v -> v * scale).sorted().toArray();
        double median = m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
        double sigma2 = median / unitMedian(q);
        double edge = sigma2 * Math.pow(1 + 1 / Math.sqrt(q), 2);
        double tracyWidom = 1 / Math.sqrt(q) * Math.pow(edge, 2.0 / 3) * Math.pow(m, -2.0 / 3);
        double threshold = edge + Math.sqrt(tracyWidom);
        int spikes = 0;
        for (double v : sorted) {
            if (v > threshold) {
                spikes++;
            }
        }
        return new MarchenkoPastur(q, sigma2, edge / scale, threshold / scale, spikes);
    }

    /** Median of the Marchenko–Pastur law with σ² = 1 and ratio y = 1/Q ≤ 1, by bisection on its CDF. */
    static double unitMedian(double q) {
        double lo = Math.pow(1 - 1 / Math.sqrt(q), 2);
        double hi = Math.pow(1 + 1 / Math.sqrt(q), 2);
        double a = lo;
        double b = hi;
        for (int it = 0; it < 60; it++) {
            double mid = (a + b) / 2;
            if (cdf(mid, q) < 0.5) {
                a = mid;
            } else {
                b = mid;
            }
        }
        return (a + b) / 2;
    }

    /**
     * CDF of the unit Marchenko–Pastur law at x: ∫ √((λ₊ − λ)(λ − λ₋))/(2π·y·λ) dλ from λ₋, with
     * λ = λ₋ + (λ₊ − λ₋)(1 − cos θ)/2, which turns the square-root end points into a smooth integrand
     * (trapezoid rule in θ).
     */
    static double cdf(double x, double q) {
        double y = 1 / q;
        double lo = Math.pow(1 - Math.sqrt(y), 2);
        double hi = Math.pow(1 + Math.sqrt(y), 2);
        if (x <= lo) {
            return 0;
        }
        if (x >= hi) {
            return 1;
        }
        double half = (hi - lo) / 2;
        double thetaMax = Math.acos(1 - (x - lo) / half);
        double h = thetaMax / QUADRATURE;
        double sum = 0;
        for (int k = 0; k <= QUADRATURE; k++) {
            double t = k * h;
            double c = Math.cos(t);
            // √((λ₊ − λ)(λ − λ₋)) = half·sin θ, dλ = half·sin θ dθ and sin²θ = (1 − cos θ)(1 + cos θ); for Q = 1
            // (λ₋ = 0) the factor (1 − cos θ) cancels against λ, which keeps θ = 0 finite
            double f = lo == 0
                    ? half * (1 + c) / (2 * Math.PI * y)
                    : half * half * (1 - c) * (1 + c) / (2 * Math.PI * y * (lo + half * (1 - c)));
            sum += (k == 0 || k == QUADRATURE) ? f / 2 : f;
        }
        return sum * h;
    }
}
