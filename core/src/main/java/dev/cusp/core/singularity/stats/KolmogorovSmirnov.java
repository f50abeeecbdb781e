package dev.cusp.core.singularity.stats;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * The one-sample two-sided Kolmogorov–Smirnov test: D_n = sup|F_n − F| against a continuous CDF F, and its
 * p-value P(D_n ≥ d) from the exact distribution of Marsaglia, Tsang &amp; Wang (2003, J. Stat. Softw. 8(18)),
 * with their asymptotic shortcut where n·d² is large (p below ~1e-6, where only "small" matters), as SciPy's
 * {@code kstest} uses the exact distribution for n ≤ 10000.
 */
public final class KolmogorovSmirnov {

    /** The statistic and its p-value. */
    public record Result(double statistic, double pValue) {
    }

    private KolmogorovSmirnov() {
    }

    /** Tests the sample against the continuous CDF {@code cdf}. */
    public static Result test(double[] sample, DoubleUnaryOperator cdf) {
        double[] x = sample.clone();
        Arrays.sort(x);
        int n = x.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(x[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        return new Result(d, pValue(d, n));
    }

    /** P(D_n ≥ d). */
    public static double pValue(double d, int n) {
        if (!(d > 0)) {
            return 1.0;
        }
        if (d >= 1) {
            return 0.0;
        }
        return Math.max(0.0, Math.min(1.0, 1.0 - cdf(d, n)));
    }

    /** P(D_n &lt; d) by Marsaglia–Tsang–Wang (their routine K(n, d)). */
    static double cdf(double d, int n) {
        double s = d * d * n;
        if (s > 7.24 || (s > 3.76 && n > 99)) {
            return 1 - 2 * Math.exp(-(2.000071 + .331 / Math.sqrt(n) + 1.409 / n) * s);
        }
        int k = (int) (n * d) + 1;
        int m = 2 * k - 1;
        double h = k - n * d;
        double[] hm = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                hm[i * m + j] = i - j + 1 < 0 ? 0 : 1;
            }
        }
        for (int i = 0; i < m; i++) {
            hm[i * m] -= Math.pow(h, i + 1);
            hm[(m - 1) * m + i] -= Math.pow(h, m - i);
        }
        hm[(m - 1) * m] += 2 * h - 1 > 0 ? Math.pow(2 * h - 1, m) : 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (i - j + 1 > 0) {
                    for (int g = 1; g <= i - j + 1; g++) {
                        hm[i * m + j] /= g;
                    }
                }
            }
        }
        int[] eq = new int[1];
        double[] q = power(hm, m, n, eq);
        double sk = q[(k - 1) * m + k - 1];
        for (int i = 1; i <= n; i++) {
            sk = sk * i / n;
            if (sk < 1e-140) {
                sk *= 1e140;
                eq[0] -= 140;
            }
        }
        return sk * Math.pow(10.0, eq[0]);
    }

    private static double[] multiply(double[] a, double[] b, int m) {
        double[] c = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int k = 0; k < m; k++) {
                    s += a[i * m + k] * b[k * m + j];
                }
                c[i * m + j] = s;
            }
        }
        return c;
    }

    /** A^n with the decimal exponent kept separately in e[0] (the matrix entries are rescaled by 1e140). */
    private static double[] power(double[] a, int m, int n, int[] e) {
        if (n == 1) {
            e[0] = 0;
            return a.clone();
        }
        double[] v = power(a, m, n / 2, e);
        double[] b = multiply(v, v, m);
        int eb = 2 * e[0];
        if (n % 2 == 1) {
            b = multiply(a, b, m);
        }
        if (b[(m / 2) * m + m / 2] > 1e140) {
            for (int i = 0; i < m * m; i++) {
                b[i] *= 1e-140;
            }
            eb += 140;
        }
        e[0] = eb;
        return b;
    }
}
