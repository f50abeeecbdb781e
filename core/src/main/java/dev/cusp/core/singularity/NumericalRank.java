package dev.cusp.core.singularity;

/**
 * Numerical rank with the LAPACK/NumPy tolerance σ₁·max(m,n)·ε_mach, the convention of
 * {@code numpy.linalg.matrix_rank} and WeightWatcher's {@code RMT_Util.matrix_rank}.
 */
public final class NumericalRank {

    /** ε_mach of IEEE double (2⁻⁵²), the precision every analysis runs in. */
    public static final double EPS_DOUBLE = Math.ulp(1.0);
    /** ε_mach of IEEE float (2⁻²³), for spectra of matrices that were computed in float. */
    public static final double EPS_FLOAT = Math.ulp(1.0f);

    private NumericalRank() {
    }

    /** σ₁·max(m,n)·ε: singular values at or below it are indistinguishable from zero. */
    public static double tolerance(double[] descendingSingularValues, int rows, int columns, double eps) {
        if (descendingSingularValues.length == 0) {
            return 0.0;
        }
        return descendingSingularValues[0] * Math.max(rows, columns) * eps;
    }

    /** Number of singular values strictly above {@code tolerance}. */
    public static int rank(double[] singularValues, double tolerance) {
        int rank = 0;
        for (double s : singularValues) {
            if (s > tolerance) {
                rank++;
            }
        }
        return rank;
    }

    /** Numerical rank of an [m,n] matrix with the default tolerance in double precision. */
    public static int rank(double[] descendingSingularValues, int rows, int columns) {
        return rank(descendingSingularValues, tolerance(descendingSingularValues, rows, columns, EPS_DOUBLE));
    }
}
