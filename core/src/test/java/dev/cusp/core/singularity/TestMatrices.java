package dev.cusp.core.singularity;

import java.util.Random;

/** Seeded random matrices with known spectra for the exact tests (orthogonal factors by Householder products). */
public final class TestMatrices {

    private TestMatrices() {
    }

    /** An n×n orthogonal matrix: the product of n Householder reflections of Gaussian vectors. */
    public static double[][] orthogonal(int n, long seed) {
        Random rnd = new Random(seed);
        double[][] q = identity(n);
        for (int r = 0; r < n; r++) {
            double[] v = new double[n];
            double norm2 = 0;
            for (int i = 0; i < n; i++) {
                v[i] = rnd.nextGaussian();
                norm2 += v[i] * v[i];
            }
            // q ← q·(I − 2 v vᵀ/‖v‖²)
            for (int i = 0; i < n; i++) {
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    dot += q[i][k] * v[k];
                }
                for (int k = 0; k < n; k++) {
                    q[i][k] -= 2 * dot * v[k] / norm2;
                }
            }
        }
        return q;
    }

    /** The m×n matrix U·diag(s)·Vᵀ with random orthogonal U, V: its singular values are exactly |s|. */
    public static double[][] withSingularValues(int m, int n, double[] s, long seed) {
        double[][] u = orthogonal(m, seed);
        double[][] v = orthogonal(n, seed + 1);
        double[][] a = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < s.length; k++) {
                    sum += u[i][k] * s[k] * v[j][k];
                }
                a[i][j] = sum;
            }
        }
        return a;
    }

    public static double[][] gaussian(int m, int n, double sigma, long seed) {
        Random rnd = new Random(seed);
        double[][] a = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = sigma * rnd.nextGaussian();
            }
        }
        return a;
    }

    public static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    public static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    public static double[][] identity(int n) {
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            q[i][i] = 1.0;
        }
        return q;
    }
}
