package dev.cusp.core.singularity.parameter;

import java.util.Arrays;

/**
 * Marchenko–Pastur bulk of the eigenvalues λ of WᵀW for an N×M weight matrix (N ≥ M, Q = N/M), after
 * WeightWatcher's {@code mp_fit}: the spectrum is rescaled to mean 1, the bulk edge is
 * λ₊ = σ²(1 + 1/√Q)² and eigenvalues above λ₊ + √(Q^{−1/2}·λ₊^{2/3}·M^{−2/3}) (WeightWatcher's Tracy–Widom
 * allowance) are spikes — structure that random initialisation does not produce. Unlike WeightWatcher,
 * which fits σ to a kernel density of the spectrum, σ² is the mean of the bulk itself, re-estimated with the
 * spikes removed until the spike count is stable (a spike inflates the plain mean by λ_spike/M).
 *
 * @param sigma2     σ² of the bulk in the rescaled units
 * @param bulkMax    λ₊ in the original units of the eigenvalues
 * @param threshold  λ₊ plus the Tracy–Widom allowance, original units
 * @param spikes     eigenvalues above the threshold
 */
public record MarchenkoPastur(double q, double sigma2, double bulkMax, double threshold, int spikes) {

    /** Re-estimation rounds of σ² without the spikes (the count is stable after two or three). */
    public static final int MAX_ROUNDS = 20;

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
        // WeightWatcher's rescaling: Σλ = M, so a pure-noise spectrum has σ² = 1
        double scale = m / sum;
        double[] sorted = Arrays.stream(evals).map(v -> v * scale).sorted().toArray();
        int spikes = 0;
        double sigma2 = 1;
        double edge = 0;
        double threshold = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int bulk = m - spikes;
            double mean = 0;
            for (int i = 0; i < bulk; i++) {
                mean += sorted[i];
            }
            sigma2 = mean / bulk;
            edge = sigma2 * Math.pow(1 + 1 / Math.sqrt(q), 2);
            double tracyWidom = 1 / Math.sqrt(q) * Math.pow(edge, 2.0 / 3) * Math.pow(m, -2.0 / 3);
            threshold = edge + Math.sqrt(tracyWidom);
            int next = 0;
            for (double v : sorted) {
                if (v > threshold) {
                    next++;
                }
            }
            if (next == spikes || next >= m) {
                spikes = Math.min(next, m - 1);
                break;
            }
            spikes = next;
        }
        return new MarchenkoPastur(q, sigma2, edge / scale, threshold / scale, spikes);
    }
}
