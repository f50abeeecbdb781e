package dev.cusp.core.attack;

import dev.cusp.core.linalg.Buffers;
import dev.cusp.core.linalg.Rows;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterUpdate;
import org.nd4j.linalg.factory.Nd4j;

/** Small batched helpers the attacks share: one-hot rows, masked maxima, row gathers and scatters. */
public final class Tensors {

    /** Added to masked-out logits so that they never win a maximum. */
    private static final double MASKED = -1e30;

    private Tensors() {
    }

    /** Row-wise arg-max of [n,c] as Java ints. */
    public static int[] argMax(INDArray matrix) {
        return Arrays.stream(matrix.argMax(1).toLongVector()).mapToInt(Math::toIntExact).toArray();
    }

    /** Row-wise arg-max of [n,c] ignoring the entries where {@code excluded} is 1. */
    public static int[] argMaxExcluding(INDArray matrix, INDArray excluded) {
        return argMax(matrix.add(excluded.mul(MASKED)));
    }

    /** Row-wise maximum [n,1] ignoring the entries where {@code excluded} is 1. */
    public static INDArray maxExcluding(INDArray matrix, INDArray excluded) {
        return matrix.add(excluded.mul(MASKED)).max(true, 1);
    }

    /** One-hot rows [n,c] for the given classes. */
    public static INDArray oneHot(int[] classes, int c, DataType type) {
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] < 0 || classes[i] >= c) {
                throw new IllegalArgumentException(
                        "class " + classes[i] + " of example " + i + " is outside [0, " + c + ")");
            }
        }
        INDArray out = Nd4j.zeros(type, classes.length, c);
        for (int i = 0; i < classes.length; i++) {
            out.putScalar(i, classes[i], 1.0);
        }
        return out;
    }

    /** Entries of {@code values} at {@code rows}. */
    public static int[] pick(int[] values, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }

    /** Entries of {@code values} at {@code rows}. */
    public static double[] pick(double[] values, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }

    /** A copy of the given rows of a matrix [n,d] in that order, [0,d] for none: {@link Rows#gather}. */
    public static INDArray rows(INDArray matrix, int[] rows) {
        return Rows.gather(matrix, rows);
    }

    /**
     * The given rows of {@code own}, an array of the caller's own that nothing else holds, which is freed at once:
     * compacting an attack's per-example state as examples finish (memory left to the garbage collector is not
     * reused, and every gather would fault fresh pages).
     */
    public static INDArray compact(INDArray own, int[] rows) {
        INDArray kept = rows(own, rows);
        Buffers.release(own);
        return kept;
    }

    /** {@code copies} stacked copies of a matrix [m,d] → [copies·m, d] (row k·m + i is row i). */
    public static INDArray tile(INDArray matrix, int copies) {
        int m = (int) matrix.rows();
        int[] rows = new int[m * copies];
        for (int k = 0; k < copies; k++) {
            for (int i = 0; i < m; i++) {
                rows[k * m + i] = i;
            }
        }
        return rows(matrix, rows);
    }

    /**
     * Writes row i of {@code source} into row {@code rows[i]} of {@code target}: one native scatter (ND4J's legacy
     * {@code scatterUpdate}, far cheaper than a {@code putRow} per row), or row by row into a view.
     */
    @SuppressWarnings("deprecation")
    public static void putRows(INDArray target, int[] rows, INDArray source) {
        if (rows.length == 0) {
            return;
        }
        if (source.rows() != rows.length) {
            throw new IllegalArgumentException(source.rows() + " source rows for " + rows.length + " targets");
        }
        if (target.isView() || target.ordering() != 'c') {
            for (int i = 0; i < rows.length; i++) {
                target.putRow(rows[i], source.getRow(i));
            }
            return;
        }
        INDArray updates = source.dataType() == target.dataType() ? source : source.castTo(target.dataType());
        Nd4j.scatterUpdate(ScatterUpdate.UpdateOp.ASSIGN, target, Nd4j.createFromArray(rows),
                updates.isView() ? updates.dup('c') : updates, 1);
    }

    /** A column vector [n,1] of the given values. */
    public static INDArray column(double[] values, DataType type) {
        return Nd4j.createFromArray(values).castTo(type).reshape(values.length, 1);
    }

    /** Positions where {@code flags} equals {@code value}. */
    public static int[] where(boolean[] flags, boolean value) {
        int count = 0;
        for (boolean f : flags) {
            if (f == value) {
                count++;
            }
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < flags.length; i++) {
            if (flags[i] == value) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** Column [n,1] as a Java array. */
    public static double[] toArray(INDArray column) {
        return column.reshape(column.length()).toDoubleVector();
    }

    /** Boolean flags of a 0/1 column. */
    public static boolean[] flags(INDArray column) {
        double[] values = toArray(column);
        boolean[] out = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] != 0.0;
        }
        return out;
    }

    /** A 0/1 column [n,1] of the given flags. */
    public static INDArray mask(boolean[] flags, DataType type) {
        double[] values = new double[flags.length];
        for (int i = 0; i < flags.length; i++) {
            values[i] = flags[i] ? 1.0 : 0.0;
        }
        return column(values, type);
    }

    /** The classes ranked 1..k by logit: {@code [rank][example]} (ties: lowest index first). */
    public static int[][] ranked(INDArray logits, int k) {
        int c = (int) logits.columns();
        if (k > c) {
            throw new IllegalArgumentException("cannot rank " + k + " classes out of " + c);
        }
        INDArray taken = Nd4j.zerosLike(logits);
        int[][] out = new int[k][];
        for (int r = 0; r < k; r++) {
            out[r] = argMaxExcluding(logits, taken);
            taken.addi(oneHot(out[r], c, logits.dataType()));
        }
        return out;
    }

    /** Row-wise arg-min of [n,k] as Java ints. */
    public static int[] argMin(INDArray matrix) {
        return argMax(matrix.neg());
    }
}
