package dev.cusp.core.singularity.stats;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * Nelder–Mead simplex minimisation with SciPy's {@code optimize.fmin} conventions (Nelder &amp; Mead 1965;
 * coefficients ρ = 1, χ = 2, ψ = ½, σ = ½; initial simplex x₀ and x₀ with one coordinate scaled by 1.05, or set
 * to 0.00025 when zero; stop when both the simplex spread max|x_i − x₀| ≤ xtol and max|f_i − f₀| ≤ ftol, or
 * after 200·n iterations or function evaluations).
 */
public final class NelderMead {

    /** SciPy's fmin defaults. */
    public static final double XTOL = 1e-4;
    public static final double FTOL = 1e-4;

    /** The minimiser found, its value, and whether the tolerances were met. */
    public record Result(double[] x, double value, int iterations, boolean converged) {
    }

    private NelderMead() {
    }

    public static Result minimize(ToDoubleFunction<double[]> f, double[] x0) {
        return minimize(f, x0, XTOL, FTOL, 200 * x0.length, 200 * x0.length);
    }

    public static Result minimize(ToDoubleFunction<double[]> f, double[] x0, double xtol, double ftol, int maxIter, int maxFun) {
        int n = x0.length;
        double[][] sim = new double[n + 1][];
        double[] fsim = new double[n + 1];
        sim[0] = x0.clone();
        for (int k = 0; k < n; k++) {
            double[] y = x0.clone();
            y[k] = y[k] != 0 ? 1.05 * y[k] : 0.00025;
            sim[k + 1] = y;
        }
        int evals = 0;
        for (int i = 0; i <= n; i++) {
            fsim[i] = f.applyAsDouble(sim[i]);
            evals++;
        }
        sort(sim, fsim);
        int iterations = 1;
        while (evals < maxFun && iterations < maxIter) {
            if (spread(sim) <= xtol && valueSpread(fsim) <= ftol) {
                return new Result(sim[0], fsim[0], iterations, true);
            }
            double[] centroid = new double[n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    centroid[k] += sim[i][k] / n;
                }
            }
            double[] xr = combine(centroid, sim[n], 1.0);
            double fr = f.applyAsDouble(xr);
            evals++;
            boolean shrink = false;
            if (fr < fsim[0]) {
                double[] xe = combine(centroid, sim[n], 2.0);
                double fe = f.applyAsDouble(xe);
                evals++;
                if (fe < fr) {
                    sim[n] = xe;
                    fsim[n] = fe;
                } else {
                    sim[n] = xr;
                    fsim[n] = fr;
                }
            } else if (fr < fsim[n - 1]) {
                sim[n] = xr;
                fsim[n] = fr;
            } else if (fr < fsim[n]) {
                double[] xc = combine(centroid, sim[n], 0.5);
                double fc = f.applyAsDouble(xc);
                evals++;
                if (fc <= fr) {
                    sim[n] = xc;
                    fsim[n] = fc;
                } else {
                    shrink = true;
                }
            } else {
                double[] xcc = combine(centroid, sim[n], -0.5);
                double fcc = f.applyAsDouble(xcc);
                evals++;
                if (fcc < fsim[n]) {
                    sim[n] = xcc;
                    fsim[n] = fcc;
                } else {
                    shrink = true;
                }
            }
            if (shrink) {
                for (int i = 1; i <= n; i++) {
                    for (int k = 0; k < n; k++) {
                        sim[i][k] = sim[0][k] + 0.5 * (sim[i][k] - sim[0][k]);
                    }
                    fsim[i] = f.applyAsDouble(sim[i]);
                    evals++;
                }
            }
            sort(sim, fsim);
            iterations++;
        }
        return new Result(sim[0], fsim[0], iterations, spread(sim) <= xtol && valueSpread(fsim) <= ftol);
    }

    /** centroid + t·(centroid − worst): t = 1 reflection, 2 expansion, ½ outside, −½ inside contraction. */
    private static double[] combine(double[] centroid, double[] worst, double t) {
        double[] x = new double[centroid.length];
        for (int k = 0; k < x.length; k++) {
            x[k] = centroid[k] + t * (centroid[k] - worst[k]);
        }
        return x;
    }

    private static void sort(double[][] sim, double[] fsim) {
        Integer[] order = new Integer[fsim.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(fsim[a], fsim[b]));
        double[][] s = new double[sim.length][];
        double[] v = new double[fsim.length];
        for (int i = 0; i < order.length; i++) {
            s[i] = sim[order[i]];
            v[i] = fsim[order[i]];
        }
        System.arraycopy(s, 0, sim, 0, s.length);
        System.arraycopy(v, 0, fsim, 0, v.length);
    }

    private static double spread(double[][] sim) {
        double m = 0;
        for (int i = 1; i < sim.length; i++) {
            for (int k = 0; k < sim[0].length; k++) {
                m = Math.max(m, Math.abs(sim[i][k] - sim[0][k]));
            }
        }
        return m;
    }

    private static double valueSpread(double[] fsim) {
        double m = 0;
        for (int i = 1; i < fsim.length; i++) {
            m = Math.max(m, Math.abs(fsim[0] - fsim[i]));
        }
        return m;
    }
}
