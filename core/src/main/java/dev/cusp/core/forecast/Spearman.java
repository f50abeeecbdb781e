package dev.cusp.core.forecast;

/** Spearman's rank correlation: Pearson's correlation of the average ranks (exact with ties). */
public final class Spearman {

    private Spearman() {
    }

    /** ρ of x and y; NaN when fewer than two pairs or either is constant. */
    public static double of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("need paired values: " + x.length + " vs " + y.length);
        }
        if (x.length < 2) {
            return Double.NaN;
        }
        double[] rx = Ranks.average(x);
        double[] ry = Ranks.average(y);
        double mean = (x.length + 1) / 2.0;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (rx[i] - mean) * (ry[i] - mean);
            sxx += (rx[i] - mean) * (rx[i] - mean);
            syy += (ry[i] - mean) * (ry[i] - mean);
        }
        return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Double.NaN;
    }
}
