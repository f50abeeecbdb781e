package dev.cusp.core.model;

import dev.cusp.core.linalg.Buffers;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/** The NaN/∞ check on every input of the models, at the cost each size allows. */
public final class Finite {
    /** Arrays up to this many entries are read once in Java, larger ones reduced by ND4J. */
    static final int SMALL_ARRAY = 1 << 14;

    /**
     * Whether no entry of a floating-point array is NaN or ∞. A small contiguous array is read once in Java (an ND4J
     * reduction costs 24 µs of dispatch on a single example); a large one is summed by one vectorised reduction
     * first (a NaN or ∞ anywhere makes the sum non-finite) and scanned element by element only when the sum is not
     * finite, since finite values can overflow it (the scan alone costs five times the sum).
     */
    public static boolean all(INDArray array) {
        if (array.length() <= SMALL_ARRAY && Buffers.isRowMajor(array)) {
            for (double value : array.data().getDoublesAt(0, (int) array.length())) {
                if (!Double.isFinite(value)) {
                    return false;
                }
            }
            return true;
        }
        return Double.isFinite(array.sumNumber().doubleValue()) || !BooleanIndexing.or(array, Conditions.notFinite());
    }

    private Finite() {
    }
}
