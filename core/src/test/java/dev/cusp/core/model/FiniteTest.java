package dev.cusp.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Both routes of the check (Java read, ND4J reduction with its scan fallback) on every kind of bad entry. */
class FiniteTest {

    @Test
    void everyRouteFindsNanAndInfinityAnywhereAndAcceptsFiniteValuesWhoseSumOverflows() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double huge = type == DataType.FLOAT ? 3e37 : 1e307;
            // small (Java), large (reduction), and a view of a large one (reduction on the view)
            INDArray small = Nd4j.valueArrayOf(new long[] {4, 12}, huge, type);
            INDArray large = Nd4j.valueArrayOf(new long[] {64, Finite.SMALL_ARRAY / 32}, huge, type);
            INDArray view = Nd4j.valueArrayOf(new long[] {64, 600}, huge, type)
                    .get(NDArrayIndex.interval(1, 63), NDArrayIndex.interval(0, 2, 600));
            assertThat(large.length()).isGreaterThan(Finite.SMALL_ARRAY);
            for (INDArray array : new INDArray[] {small, large, view}) {
                String name = type + " " + java.util.Arrays.toString(array.shape()) + (array.isView() ? " view" : "");
                assertThat(array.sumNumber().doubleValue()).as(name).isInfinite();
                assertThat(Finite.all(array)).as(name).isTrue();
                for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                    for (long[] at : new long[][] {{0, 0}, {array.rows() - 1, array.columns() - 1}}) {
                        INDArray copy = array.isView() ? array : array.dup();
                        double before = copy.getDouble(at[0], at[1]);
                        copy.putScalar(at[0], at[1], bad);
                        assertThat(Finite.all(copy)).as("%s with %s at %s,%s", name, bad, at[0], at[1]).isFalse();
                        copy.putScalar(at[0], at[1], before);
                    }
                }
            }
            assertThat(Finite.all(Nd4j.rand(type, 3, 5))).isTrue();
        }
    }
}
