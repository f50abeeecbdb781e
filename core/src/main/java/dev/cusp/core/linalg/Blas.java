package dev.cusp.core.linalg;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas.cblas_dgemv;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas.cblas_sgemv;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products of INDArrays by OpenBLAS's CBLAS GEMM called directly on their buffers (OpenBLAS is the BLAS
 * ND4J loads itself). On the dense networks' shapes ND4J's {@code mmul} and {@code Nd4j.gemm} reach about 60 % of
 * the rate of the same GEMM called this way (92 against 155 GFLOP/s for 2560×256·256×784 on one core) and add
 * 25 µs of dispatch to a 1×784·784×256 product that takes 4 µs (docs/performance.md).
 *
 * <p>Operands may be row-major or column-major, views with offsets and leading dimensions included: each is passed
 * to CBLAS as it lies in memory, a column-major matrix as the transpose of a row-major one. Other layouts (negative
 * or broadcast strides) are copied first. Results are new row-major arrays.
 */
public final class Blas {

    /** op(a)·op(b) as a new row-major [m, n] array, where op(a) = aᵀ when {@code transposeA}; FLOAT or DOUBLE. */
    public static INDArray multiply(INDArray a, boolean transposeA, INDArray b, boolean transposeB) {
        Operand left = Operand.of(a, transposeA, "a");
        Operand right = Operand.of(b, transposeB, "b");
        requireProduct(left, right, a, b);
        INDArray c = Nd4j.createUninitialized(a.dataType(), left.rows, right.columns);
        gemm(left, right, 0, c, right.columns);
        return c;
    }

    /**
     * c ← op(a)·op(b) + beta·c in place, for a row-major c [m, n] of the operands' data type (a new array, or a
     * view whose rows are contiguous).
     */
    public static void multiplyInto(INDArray a, boolean transposeA, INDArray b, boolean transposeB, double beta,
            INDArray c) {
        Operand left = Operand.of(a, transposeA, "a");
        Operand right = Operand.of(b, transposeB, "b");
        requireProduct(left, right, a, b);
        if (c == null || c.rank() != 2 || c.rows() != left.rows || c.columns() != right.columns
                || c.dataType() != a.dataType()) {
            throw new IllegalArgumentException("expected a " + a.dataType() + " result [" + left.rows + ", "
                    + right.columns + "], got " + describe(c));
        }
        long leading = c.rows() == 1 ? c.columns() : c.stride(0);
        if ((c.columns() > 1 && c.stride(1) != 1) || leading < c.columns()) {
            throw new IllegalArgumentException("the result must be row-major with contiguous rows, got strides "
                    + Arrays.toString(c.stride()));
        }
        gemm(left, right, beta, c, leading);
    }

    /**
     * op(a)·b[i] for every matrix b[i] of a batch {@code b} [n, k, m], as a new row-major [n, r, m] array, where
     * op(a) is [r, k]: one GEMM per matrix, all on the same a (a convolution's filters against each example's
     * gradient maps). {@code b} is read in place when its matrices lie row-major one after the other (a view of
     * consecutive matrices too), else copied first.
     */
    public static INDArray multiplyEach(INDArray a, boolean transposeA, INDArray b) {
        Operand left = Operand.of(a, transposeA, "a");
        if (b == null || b.rank() != 3 || b.dataType() != a.dataType()
                || (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE)) {
            throw new IllegalArgumentException("expected a batch b [n, k, m] of " + a.dataType() + " matrices, got "
                    + describe(b));
        }
        if (left.columns != b.size(1)) {
            throw new IllegalArgumentException("cannot multiply [" + left.rows + ", " + left.columns
                    + "] by the batch " + Arrays.toString(b.shape()) + " (shapes after transposition)");
        }
        INDArray c = Nd4j.createUninitialized(a.dataType(), b.size(0), left.rows, b.size(2));
        multiplyEachInto(left, b, c);
        return c;
    }

    /**
     * {@link #multiplyEach} into {@code c}, a whole row-major [n, r, m] array of a's type (a pass whose arrays are
     * made once).
     */
    public static void multiplyEachInto(INDArray a, boolean transposeA, INDArray b, INDArray c) {
        Operand left = Operand.of(a, transposeA, "a");
        if (b == null || b.rank() != 3 || b.dataType() != a.dataType() || c.dataType() != a.dataType()
                || (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE)) {
            throw new IllegalArgumentException("expected a batch b [n, k, m] and c [n, r, m] of " + a.dataType()
                    + " matrices, got " + describe(b) + " and " + describe(c));
        }
        if (left.columns != b.size(1) || !Buffers.isRowMajor(c) || c.rank() != 3 || c.size(0) != b.size(0)
                || c.size(1) != left.rows || c.size(2) != b.size(2)) {
            throw new IllegalArgumentException("cannot multiply [" + left.rows + ", " + left.columns
                    + "] by the batch " + Arrays.toString(b.shape()) + " into " + describe(c)
                    + " (shapes after transposition)");
        }
        multiplyEachInto(left, b, c);
    }

    private static void multiplyEachInto(Operand left, INDArray b, INDArray c) {
        INDArray a = left.storage;
        INDArray batch = b.ordering() == 'c' && Shape.hasDefaultStridesForShape(b) ? b : b.dup('c');
        int rows = Math.toIntExact(left.rows);
        int inner = Math.toIntExact(left.columns);
        int columns = Math.toIntExact(b.size(2));
        if (rows == 0 || columns == 0 || inner == 0) {
            c.assign(0);
        } else if (a.dataType() == DataType.FLOAT) {
            FloatPointer filters = floats(left.storage);
            FloatPointer in = floats(batch);
            FloatPointer out = floats(c);
            for (long i = 0; i < b.size(0); i++) {
                cblas_sgemm(CblasRowMajor, left.transpose, CblasNoTrans, rows, columns, inner, 1f, filters,
                        left.leading, in.position(i * inner * columns), columns, 0f, out.position(i * rows * columns),
                        columns);
            }
        } else {
            DoublePointer filters = doubles(left.storage);
            DoublePointer in = doubles(batch);
            DoublePointer out = doubles(c);
            for (long i = 0; i < b.size(0); i++) {
                cblas_dgemm(CblasRowMajor, left.transpose, CblasNoTrans, rows, columns, inner, 1.0, filters,
                        left.leading, in.position(i * inner * columns), columns, 0.0, out.position(i * rows * columns),
                        columns);
            }
        }
        if (batch != b) {
            Buffers.release(batch);
        }
    }

    private static void gemm(Operand left, Operand right, double beta, INDArray c, long leadingC) {
        int m = Math.toIntExact(left.rows);
        int n = Math.toIntExact(right.columns);
        int k = Math.toIntExact(left.columns);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            c.muli(beta);
            return;
        }
        int ldc = Math.toIntExact(leadingC);
        if (m == 1 || n == 1) {
            gemv(left, right, m, beta, c, ldc);
            return;
        }
        if (c.dataType() == DataType.FLOAT) {
            cblas_sgemm(CblasRowMajor, left.transpose, right.transpose, m, n, k, 1f, floats(left.storage),
                    left.leading, floats(right.storage), right.leading, (float) beta, floats(c), ldc);
        } else {
            cblas_dgemm(CblasRowMajor, left.transpose, right.transpose, m, n, k, 1.0, doubles(left.storage),
                    left.leading, doubles(right.storage), right.leading, beta, doubles(c), ldc);
        }
    }

    /**
     * A product with one row or one column as GEMV: GEMM would pack the whole other operand on every call, which at
     * one row (an MLP's batch of 1: 1×784·784×256) costs several times the arithmetic. The vector is a row of op(a)
     * or a column of op(b); the matrix is passed as it lies in memory, and c's row (or column, at stride ldc) is y.
     * With beta 0, OpenBLAS overwrites y as GEMM overwrites c, NaN included (BlasTest).
     */
    private static void gemv(Operand left, Operand right, int m, double beta, INDArray c, int ldc) {
        Operand matrix = m == 1 ? right : left;
        Operand vector = m == 1 ? left : right;
        // op(a)'s row: contiguous in a row-major [1,k], at the leading dimension in the storage of its transpose;
        // op(b)'s column: the other way round
        boolean vectorIsStorageRow = (vector.transpose == CblasNoTrans) == (m == 1);
        int incX = vectorIsStorageRow ? 1 : vector.leading;
        int incY = m == 1 ? 1 : ldc;
        // y = op(b)ᵀ·x for a row of c, op(a)·x for a column; the matrix as stored is op's shape, or its transpose
        int transpose = m == 1 ? (matrix.transpose == CblasNoTrans ? CblasTrans : CblasNoTrans) : matrix.transpose;
        boolean stored = matrix.transpose == CblasNoTrans;
        int rows = Math.toIntExact(stored ? matrix.rows : matrix.columns);
        int columns = Math.toIntExact(stored ? matrix.columns : matrix.rows);
        if (c.dataType() == DataType.FLOAT) {
            cblas_sgemv(CblasRowMajor, transpose, rows, columns, 1f, floats(matrix.storage), matrix.leading,
                    floats(vector.storage), incX, (float) beta, floats(c), incY);
        } else {
            cblas_dgemv(CblasRowMajor, transpose, rows, columns, 1.0, doubles(matrix.storage), matrix.leading,
                    doubles(vector.storage), incX, beta, doubles(c), incY);
        }
    }

    /**
     * The FLOAT elements of {@code array} from its first one on: a view's data buffer is itself a view that starts
     * at the array's offset (ND4J 1.0.0-M2.1), so its address is the first element's.
     */
    static FloatPointer floats(INDArray array) {
        return new FloatPointer(array.data().addressPointer());
    }

    static DoublePointer doubles(INDArray array) {
        return new DoublePointer(array.data().addressPointer());
    }

    private static void requireProduct(Operand left, Operand right, INDArray a, INDArray b) {
        if (a.dataType() != b.dataType() || (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE)) {
            throw new IllegalArgumentException("expected two FLOAT or two DOUBLE matrices, got " + a.dataType()
                    + " and " + b.dataType());
        }
        if (left.columns != right.rows) {
            throw new IllegalArgumentException("cannot multiply [" + left.rows + ", " + left.columns + "] by ["
                    + right.rows + ", " + right.columns + "] (shapes after transposition)");
        }
    }

    private static String describe(INDArray array) {
        return array == null ? "null" : array.dataType() + " " + Arrays.toString(array.shape());
    }

    /**
     * A matrix as CBLAS reads it: storage, its row-major transpose flag and leading dimension, and the shape of
     * op(matrix).
     */
    private record Operand(INDArray storage, int transpose, int leading, long rows, long columns) {

        static Operand of(INDArray matrix, boolean transposed, String name) {
            if (matrix == null || matrix.rank() != 2) {
                throw new IllegalArgumentException("expected a matrix " + name + ", got " + describe(matrix));
            }
            long r = matrix.rows();
            long c = matrix.columns();
            long opRows = transposed ? c : r;
            long opColumns = transposed ? r : c;
            if ((c == 1 || matrix.stride(1) == 1) && (r == 1 || matrix.stride(0) >= c)) {
                long leading = r == 1 ? Math.max(c, 1) : matrix.stride(0);
                return new Operand(matrix, transposed ? CblasTrans : CblasNoTrans, Math.toIntExact(leading), opRows,
                        opColumns);
            }
            if ((r == 1 || matrix.stride(0) == 1) && (c == 1 || matrix.stride(1) >= r)) {
                // column-major storage is the row-major storage of the transpose
                long leading = c == 1 ? Math.max(r, 1) : matrix.stride(1);
                return new Operand(matrix, transposed ? CblasNoTrans : CblasTrans, Math.toIntExact(leading), opRows,
                        opColumns);
            }
            return of(matrix.dup('c'), transposed, name);
        }
    }

    private Blas() {
    }
}
