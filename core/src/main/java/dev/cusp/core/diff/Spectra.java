package dev.cusp.core.diff;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Singular values of a batch of Jacobians through LAPACK {@code dgesvd} in DOUBLE (never ND4J's {@code svd}
 * op, broken in M2.1). gesvd rather than eigenvalues of J·Jᵀ: squaring would lose the small singular values
 * (absolute error ε·σ₁²/σ_min instead of ε·σ₁) exactly where singularities are.
 */
public final class Spectra {

    /** For each [c, d] slice of {@code jacobians} ([n, c, d]): its min(c, d) singular values, descending. */
    public static double[][] singularValues(INDArray jacobians) {
        if (jacobians == null || jacobians.rank() != 3) {
            throw new IllegalArgumentException("expected Jacobians [n, c, d], got "
                    + (jacobians == null ? "null" : Arrays.toString(jacobians.shape())));
        }
        INDArray exact = jacobians.castTo(DataType.DOUBLE);
        if (BooleanIndexing.or(exact, Conditions.notFinite())) {
            throw new IllegalArgumentException("Jacobians contain NaN or infinite values");
        }
        int n = (int) exact.size(0);
        int rank = (int) Math.min(exact.size(1), exact.size(2));
        double[][] values = new double[n][];
        for (int i = 0; i < n; i++) {
            INDArray matrix = exact.slice(i).dup('f');
            INDArray s = Nd4j.create(DataType.DOUBLE, rank);
            Nd4j.getBlasWrapper().lapack().gesvd(matrix, s, null, null);
            values[i] = s.toDoubleVector();
        }
        return values;
    }

    private Spectra() {
    }
}
