package dev.cusp.core.singularity.parameter;

import dev.cusp.core.singularity.NumericalRank;
import dev.cusp.core.singularity.SingularValues;
import java.util.Arrays;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One row of a WeightWatcher-style table for a weight matrix W (N×M, N ≥ M after transposing): the
 * eigenvalues λ = σ² of WᵀW (no normalisation, as {@code weightwatcher.py}), numerical rank at
 * σ₁·max(N,M)·ε and the rank loss M − rank, the weak rank loss #{λ &lt; 1e-6}, stable rank Σλ/λ_max,
 * log₁₀Σλ and log₁₀λ_max, the power-law α of the tail ({@link PowerLawFit}) and α·log₁₀λ_max, the
 * Marchenko–Pastur spikes, and the spikes of an element-wise shuffled copy of W (WeightWatcher's
 * {@code rand_num_spikes}: a spike that survives shuffling is a "correlation trap", a few large entries).
 *
 * @param powerLaw null when fewer than {@link PowerLawFit#MIN_EVALS} eigenvalues exceed its threshold
 */
public record WeightSpectrum(
        int n,
        int m,
        double[] singularValues,
        double eps,
        double rankTolerance,
        int rank,
        int rankLoss,
        int weakRankLoss,
        double stableRank,
        double logNorm,
        double logSpectralNorm,
        PowerLawFit powerLaw,
        double alphaWeighted,
        MarchenkoPastur marchenkoPastur,
        int randomizedSpikes,
        long randomizationSeed) {

    /** WeightWatcher's {@code WEAK_RANK_LOSS_TOLERANCE} on eigenvalues. */
    public static final double WEAK_RANK_LOSS_TOLERANCE = 1e-6;
    /** WeightWatcher's warning thresholds on α: below, "over-trained"; above, "under-trained". */
    public static final double OVER_TRAINED_ALPHA = 2.0;
    public static final double UNDER_TRAINED_ALPHA = 6.0;

    /**
     * The spectrum of a weight matrix (any orientation).
     *
     * @param eps  machine epsilon of the precision the weights are stored in (rank tolerance)
     * @param seed seed of the element-wise shuffle for the correlation-trap test
     */
    public static WeightSpectrum of(INDArray weights, double eps, long seed) {
        if (weights.rank() != 2 || weights.length() == 0) {
            throw new IllegalArgumentException("a weight spectrum needs a non-empty matrix, got shape "
                    + Arrays.toString(weights.shape()));
        }
        INDArray w = weights.castTo(DataType.DOUBLE);
        int n = (int) Math.max(w.rows(), w.columns());
        int m = (int) Math.min(w.rows(), w.columns());
        double[] sigma = SingularValues.of(w);
        double[] evals = Arrays.stream(sigma).map(s -> s * s).toArray();
        double tol = NumericalRank.tolerance(sigma, n, m, eps);
        int rank = NumericalRank.rank(sigma, tol);
        int weak = (int) Arrays.stream(evals).filter(v -> v < WEAK_RANK_LOSS_TOLERANCE).count();
        double sum = Arrays.stream(evals).sum();
        double max = evals[0];
        PowerLawFit fit = Arrays.stream(evals).filter(v -> v > PowerLawFit.EVALS_THRESHOLD).count() >= PowerLawFit.MIN_EVALS
                ? PowerLawFit.fit(evals) : null;
        double alphaWeighted = fit == null ? Double.NaN : fit.alpha() * Math.log10(max);
        MarchenkoPastur mp = MarchenkoPastur.fit(evals, n);
        double[] shuffledSigma = SingularValues.of(shuffled(w, seed));
        int trapSpikes = MarchenkoPastur.fit(Arrays.stream(shuffledSigma).map(s -> s * s).toArray(), n).spikes();
        return new WeightSpectrum(n, m, sigma, eps, tol, rank, m - rank, weak, max > 0 ? sum / max : 0,
                Math.log10(sum), Math.log10(max), fit, alphaWeighted, mp, trapSpikes, seed);
    }

    /** The entries of w in a seeded random order (Fisher–Yates), same shape. */
    static INDArray shuffled(INDArray w, long seed) {
        double[] v = w.dup('c').data().asDouble();
        Random rnd = new Random(seed);
        for (int i = v.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Nd4j.create(v, w.shape(), 'c');
    }

    /** Spikes of W that are not explained by shuffling its entries (structure the training put in). */
    public int structuredSpikes() {
        return Math.max(0, marchenkoPastur.spikes() - randomizedSpikes);
    }
}
