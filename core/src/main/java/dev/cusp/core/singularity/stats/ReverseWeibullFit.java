package dev.cusp.core.singularity.stats;

import java.util.Arrays;

/**
 * The extreme-value fit of CLEVER (Weng et al. 2018; {@code huanzhang12/CLEVER/clever.py}): batch maxima
 * of gradient norms follow a reverse Weibull law whose location is the local Lipschitz constant. As the
 * reference code, the negated maxima are fitted with a (minimum) Weibull law by maximum likelihood, after the
 * sample is shifted by its maximum and divided by its range; Nelder–Mead (SciPy's fmin) starts from each shape
 * in {@link #SHAPE_INITS} with SciPy's moment-based start for location and scale, the objective carries the
 * reference's regulariser 0.01·θ[2]² (θ = (c, loc, scale): the code labels it a shape penalty but θ[2] is the
 * scale), each fit is scored by a Kolmogorov–Smirnov test on the original sample, the fit with the best p-value
 * wins, and when no p-value reaches 0.001 (or the sample is degenerate) the estimate falls back to the largest
 * sample ("ill-conditioned samples. Using maximum sample value.").
 *
 * @param lipschitz   the estimate of max ‖∇g‖ (−loc of the best fit, or the largest sample on fallback)
 * @param shape       Weibull shape c of the best fit (NaN on fallback)
 * @param location    loc of the best fit on the negated sample (NaN on fallback)
 * @param scale       scale of the best fit (NaN on fallback)
 * @param ks          Kolmogorov–Smirnov statistic of the best fit (NaN on fallback)
 * @param pValue      its p-value (NaN on fallback)
 * @param fallback    true when the largest sample was used
 */
public record ReverseWeibullFit(
        double lipschitz, double shape, double location, double scale, double ks, double pValue, boolean fallback) {

    /** {@code c_init} of the reference implementation. */
    public static final double[] SHAPE_INITS = {0.1, 1, 5, 10, 20, 50, 100};
    /** {@code --shape_reg} default of {@code clever.py} (method {@code mle_reg}). */
    public static final double SHAPE_REGULARISER = 0.01;
    /** Best p-value below this: the reference's "ill-conditioned samples" fallback. */
    public static final double MIN_P_VALUE = 0.001;
    /** SciPy's penalty per sample outside the support: 100·log(max double). */
    static final double OUT_OF_SUPPORT = 100 * Math.log(Double.MAX_VALUE);

    /** Fits the batch maxima {@code sample} (positive gradient norms). */
    public static ReverseWeibullFit fit(double[] sample) {
        if (sample.length == 0) {
            throw new IllegalArgumentException("no batch maxima to fit");
        }
        double max = Arrays.stream(sample).max().orElseThrow();
        double min = Arrays.stream(sample).min().orElseThrow();
        double range = max - min;
        if (!(range > 0) || !Double.isFinite(range)) {
            return fallback(max);
        }
        double[] negated = Arrays.stream(sample).map(v -> -(v - max) / range).toArray();
        double[] start = momentStart(negated);
        ReverseWeibullFit best = null;
        for (double c0 : SHAPE_INITS) {
            NelderMead.Result r = NelderMead.minimize(theta -> penalizedNll(theta, negated) + SHAPE_REGULARISER * theta[2] * theta[2],
                    new double[] {c0, start[0], start[1]});
            double c = r.x()[0];
            double loc = -max + r.x()[1] * range;
            double scale = r.x()[2] * range;
            if (!(c > 0 && scale > 0)) {
                continue;
            }
            KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(Arrays.stream(sample).map(v -> -v).toArray(),
                    x -> x <= loc ? 0.0 : 1 - Math.exp(-Math.pow((x - loc) / scale, c)));
            if (!Double.isNaN(ks.pValue()) && (best == null || ks.pValue() > best.pValue)) {
                best = new ReverseWeibullFit(-loc, c, loc, scale, ks.statistic(), ks.pValue(), false);
            }
        }
        if (best == null || best.pValue < MIN_P_VALUE) {
            return fallback(max);
        }
        return best;
    }

    private static ReverseWeibullFit fallback(double max) {
        return new ReverseWeibullFit(max, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, true);
    }

    /**
     * SciPy's {@code _fitstart} for weibull_min without a shape guess: method-of-moments location and scale for
     * shape 1 (an exponential law: scale = sd, loc = mean − sd), or loc = min − 0.1·range, scale = 1 when that
     * support would not cover the data ({@code _fit_loc_scale_support}).
     */
    static double[] momentStart(double[] x) {
        double mean = Arrays.stream(x).average().orElseThrow();
        double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / x.length;
        double sd = Math.sqrt(var);
        double loc = mean - sd;
        double min = Arrays.stream(x).min().orElseThrow();
        double max = Arrays.stream(x).max().orElseThrow();
        if (loc < min && sd > 0) {
            return new double[] {loc, sd};
        }
        return new double[] {min - 0.1 * (max - min), 1.0};
    }

    /** SciPy's {@code _penalized_nnlf} for weibull_min: −Σ log pdf + n·log scale, out-of-support points penalised. */
    static double penalizedNll(double[] theta, double[] data) {
        double c = theta[0];
        double loc = theta[1];
        double scale = theta[2];
        if (!(c > 0) || !(scale > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double nll = data.length * Math.log(scale);
        int bad = 0;
        for (double v : data) {
            double x = (v - loc) / scale;
            if (x < 0) {
                bad++;
                continue;
            }
            double logpdf = Math.log(c) + (c - 1) * Math.log(x) - Math.pow(x, c);
            if (!Double.isFinite(logpdf)) {
                bad++;
                continue;
            }
            nll -= logpdf;
        }
        return nll + bad * OUT_OF_SUPPORT;
    }
}
