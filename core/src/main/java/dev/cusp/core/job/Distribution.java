package dev.cusp.core.job;

import java.util.Arrays;

/**
 * Summary of a sample of finite values: count, min, quantiles by linear interpolation between order
 * statistics (Hyndman & Fan 1996 type 7, R's default), max and mean; all NaN when the sample is empty.
 */
public record Distribution(int count, double min, double p10, double p25, double median, double p75, double p90,
        double max, double mean) {

    /** The distribution of {@code values}; every value must be finite. */
    public static Distribution of(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (double v : sorted) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("a distribution summarises finite values, got " + v);
            }
        }
        if (sorted.length == 0) {
            return new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN);
        }
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return new Distribution(sorted.length, sorted[0], quantile(sorted, 0.10), quantile(sorted, 0.25),
                quantile(sorted, 0.50), quantile(sorted, 0.75), quantile(sorted, 0.90), sorted[sorted.length - 1],
                sum / sorted.length);
    }

    /** R-7 quantile of ascending {@code sorted}: h = (n − 1)p, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]). */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
