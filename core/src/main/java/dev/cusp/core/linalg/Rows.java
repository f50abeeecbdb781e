package dev.cusp.core.linalg;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Row gathers on row-major buffers. */
public final class Rows {

    /**
     * A copy of the given rows of a matrix [n,d] (an empty selection gives [0,d]): one memcpy per row of the
     * row-major buffer, a tenth of the cost of ND4J's native gather {@code pullRows} (itself far cheaper in M2.1
     * than {@code getRows}), which the iterative attacks pay every time an example finishes.
     */
    public static INDArray gather(INDArray matrix, int[] rows) {
        if (rows.length == 0) {
            return Nd4j.create(matrix.dataType(), 0, matrix.columns());
        }
        INDArray source = Buffers.rowMajor(matrix);
        if (source.rank() != 2) {
            return Nd4j.pullRows(source, 1, rows);
        }
        long n = source.rows();
        long width = source.columns() * source.dataType().width();
        INDArray out = Nd4j.createUninitialized(source.dataType(), rows.length, source.columns());
        if (width == 0) {
            return out;
        }
        // a view's buffer starts at its first element, and both are fresh or whole row-major arrays here
        BytePointer from = new BytePointer(source.data().addressPointer());
        BytePointer to = new BytePointer(out.data().addressPointer());
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= n) {
                throw new IndexOutOfBoundsException("row " + rows[i] + " of a matrix with " + n + " rows");
            }
            Pointer.memcpy(to.position(i * width), from.position(rows[i] * width), width);
        }
        return out;
    }

    private Rows() {
    }
}
