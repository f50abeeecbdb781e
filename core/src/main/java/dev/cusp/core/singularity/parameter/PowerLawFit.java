package dev.cusp.core.singularity.parameter;

import java.util.Arrays;

/**
 * Power-law fit p(λ) ∝ λ^−α of the tail of an eigenvalue spectrum, as WeightWatcher's {@code WWFit}
 * ({@code weightwatcher/WW_powerlaw.py}): for every candidate x_min = λ_i of the sorted data the continuous
 * maximum-likelihood exponent α_i = 1 + n_i / Σ_{j≥i} ln(λ_j/λ_i) (Clauset, Shalizi &amp; Newman 2009)
 * and the Kolmogorov–Smirnov distance D_i = max_j |1 − (λ_j/λ_i)^{1−α_i} − j/n_i| between the fitted and the
 * empirical CDF of the tail; x_min minimises D, and σ = (α − 1)/√n is the standard error of α.
 *
 * @param alpha  the exponent α at the chosen x_min
 * @param xmin   the chosen lower cut-off
 * @param ks     the Kolmogorov–Smirnov distance D at x_min
 * @param sigma  (α − 1)/√n, the asymptotic standard error of α
 * @param tail   n, the number of values ≥ x_min
 */
public record PowerLawFit(double alpha, double xmin, double ks, double sigma, int tail) {

    /** WeightWatcher's {@code EVALS_THRESH}: eigenvalues at or below it are dropped before the fit. */
    public static final double EVALS_THRESHOLD = 1e-5;
    /** WeightWatcher's {@code DEFAULT_MIN_EVALS}: fewer values than this give no fit. */
    public static final int MIN_EVALS = 10;

    /** Fits the values above {@link #EVALS_THRESHOLD}; throws when fewer than {@link #MIN_EVALS} remain. */
    public static PowerLawFit fit(double[] values) {
        double[] data = Arrays.stream(values).filter(v -> v > EVALS_THRESHOLD).sorted().toArray();
        if (data.length < MIN_EVALS) {
            throw new IllegalArgumentException("a power-law fit needs at least " + MIN_EVALS + " values above "
                    + EVALS_THRESHOLD + ", got " + data.length);
        }
        int n = data.length;
        double[] logs = new double[n];
        for (int i = 0; i < n; i++) {
            logs[i] = Math.log(data[i]);
        }
        // suffix sums of ln λ so that Σ_{j≥i} ln λ_j is O(1) per candidate
        double[] suffix = new double[n + 1];
        for (int i = n - 1; i >= 0; i--) {
            suffix[i] = suffix[i + 1] + logs[i];
        }
        int best = -1;
        double bestD = Double.POSITIVE_INFINITY;
        double bestAlpha = Double.NaN;
        for (int i = 0; i < n - 1; i++) {
            int tail = n - i;
            double alpha = 1 + tail / (suffix[i] - tail * logs[i]);
            double d = 1.0;
            if (alpha > 1) {
                d = 0;
                for (int j = i; j < n; j++) {
                    double model = 1 - Math.exp((1 - alpha) * (logs[j] - logs[i]));
                    d = Math.max(d, Math.abs(model - (double) (j - i) / tail));
                }
            }
            if (d < bestD) {
                bestD = d;
                best = i;
                bestAlpha = alpha;
            }
        }
        int tail = n - best;
        return new PowerLawFit(bestAlpha, data[best], bestD, (bestAlpha - 1) / Math.sqrt(tail), tail);
    }
}
