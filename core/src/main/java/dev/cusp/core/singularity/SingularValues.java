package dev.cusp.core.singularity;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Singular values (and vectors) of dense matrices through LAPACK {@code gesvd} in DOUBLE, never ND4J's
 * {@code svd} op (broken in 1.0.0-M2.1, see shared/research/spike-dl4j.md §4).
 *
 * <p>{@code gesvd} works on the matrix itself, so small singular values keep their absolute accuracy
 * ε·σ₁; the shortcut through the eigenvalues of A·Aᵀ squares the condition number and cannot resolve a
 * numerical rank at the tolerance σ₁·max(m,n)·ε.
 */
public final class SingularValues {

    private SingularValues() {
    }

    /** All min(m,n) singular values of an [m,n] matrix, descending. */
    public static double[] of(INDArray matrix) {
        requireMatrix(matrix);
        if (matrix.length() == 0) {
            return new double[0];
        }
        INDArray a = matrix.castTo(DataType.DOUBLE).dup('f');
        int k = (int) Math.min(a.rows(), a.columns());
        INDArray s = Nd4j.create(DataType.DOUBLE, k);
        Nd4j.getBlasWrapper().lapack().gesvd(a, s, null, null);
        return s.toDoubleVector();
    }

    /** The full decomposition A = U·diag(S)·Vᵀ of an [m,n] matrix: U [m,m], S descending, Vᵀ [n,n]. */
    public static Decomposition decompose(INDArray matrix) {
        requireMatrix(matrix);
        INDArray a = matrix.castTo(DataType.DOUBLE).dup('f');
        int m = (int) a.rows();
        int n = (int) a.columns();
        INDArray s = Nd4j.create(DataType.DOUBLE, Math.min(m, n));
        INDArray u = Nd4j.create(DataType.DOUBLE, new long[] {m, m}, 'f');
        INDArray vt = Nd4j.create(DataType.DOUBLE, new long[] {n, n}, 'f');
        Nd4j.getBlasWrapper().lapack().gesvd(a, s, u, vt);
        return new Decomposition(u, s.toDoubleVector(), vt);
    }

    /** A = U·diag(S)·Vᵀ; the rows of Vᵀ beyond rank span the kernel, the columns of U the co-kernel. */
    public record Decomposition(INDArray u, double[] s, INDArray vt) {
    }

    private static void requireMatrix(INDArray matrix) {
        if (matrix == null || matrix.rank() != 2) {
            throw new IllegalArgumentException("expected a matrix [m,n], got "
                    + (matrix == null ? "null" : "shape " + java.util.Arrays.toString(matrix.shape())));
        }
    }
}
