package dev.cusp.core.diff;

import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesvd_work;

import dev.cusp.core.linalg.Buffers;
import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Singular values of a batch of Jacobians through LAPACK {@code dgesvd} in DOUBLE (never ND4J's {@code svd}
 * op, broken in M2.1). gesvd rather than eigenvalues of J·Jᵀ: squaring would lose the small singular values
 * (absolute error ε·σ₁²/σ_min instead of ε·σ₁) exactly where singularities are.
 *
 * <p>LAPACKE is called directly on OpenBLAS (the library ND4J loads), with one workspace for the whole batch:
 * ND4J's {@code lapack().gesvd} costs a column-major copy, a workspace query and several array allocations per
 * matrix, 4× the decomposition itself for the MLP's 10×784 Jacobians (docs/performance.md). Each row-major c×d
 * block is read as the column-major d×c matrix Jᵀ, which has the same singular values, so no transpose is needed.
 */
public final class Spectra {

    /** For each [c, d] slice of {@code jacobians} ([n, c, d]): its min(c, d) singular values, descending. */
    public static double[][] singularValues(INDArray jacobians) {
        if (jacobians == null || jacobians.rank() != 3) {
            throw new IllegalArgumentException("expected Jacobians [n, c, d], got "
                    + (jacobians == null ? "null" : Arrays.toString(jacobians.shape())));
        }
        INDArray rows = jacobians.dataType() == DataType.FLOAT || jacobians.dataType() == DataType.DOUBLE
                ? jacobians : jacobians.castTo(DataType.DOUBLE);
        rows = Buffers.rowMajor(rows);
        int n = (int) rows.size(0);
        int c = (int) rows.size(1);
        int d = (int) rows.size(2);
        int rank = Math.min(c, d);
        int size = Math.multiplyExact(c, d);
        double[][] values = new double[n][];
        if (size == 0) {
            Arrays.fill(values, new double[0]);
            return values;
        }
        try (PointerScope scope = new PointerScope()) {
            DoublePointer matrix = new DoublePointer(size);
            DoublePointer sigma = new DoublePointer(rank);
            DoublePointer none = new DoublePointer(1);
            DoublePointer query = new DoublePointer(1);
            check(LAPACKE_dgesvd_work(LAPACK_COL_MAJOR, (byte) 'N', (byte) 'N', d, c, matrix, d, sigma, none, 1,
                    none, 1, query, -1), -1);
            int workSize = (int) query.get();
            DoublePointer work = new DoublePointer(workSize);
            boolean single = rows.dataType() == DataType.FLOAT;
            FloatPointer floats = single ? new FloatPointer(rows.data().addressPointer()) : null;
            DoublePointer doubles = single ? null : new DoublePointer(rows.data().addressPointer());
            float[] floatBlock = single ? new float[size] : null;
            double[] block = new double[size];
            for (int i = 0; i < n; i++) {
                // one bulk copy of the example's block (widened from FLOAT in Java), checked on the way
                if (single) {
                    floats.position((long) i * size).get(floatBlock);
                    for (int j = 0; j < size; j++) {
                        block[j] = floatBlock[j];
                    }
                } else {
                    doubles.position((long) i * size).get(block);
                }
                for (double value : block) {
                    if (!Double.isFinite(value)) {
                        throw new IllegalArgumentException(
                                "Jacobians contain NaN or infinite values (example " + i + ")");
                    }
                }
                matrix.put(block);
                check(LAPACKE_dgesvd_work(LAPACK_COL_MAJOR, (byte) 'N', (byte) 'N', d, c, matrix, d, sigma, none, 1,
                        none, 1, work, workSize), i);
                values[i] = new double[rank];
                sigma.get(values[i]);
            }
        }
        return values;
    }

    /** LAPACK's info: negative for a bad argument (a bug here), positive when the QR iteration did not converge. */
    private static void check(int info, int example) {
        if (info != 0) {
            throw new ArithmeticException("LAPACK dgesvd failed with info " + info
                    + (example >= 0 ? " for example " + example : " in its workspace query")
                    + (info > 0 ? ": the bidiagonal QR iteration did not converge" : ""));
        }
    }

    private Spectra() {
    }
}
