package dev.cusp.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * CBLAS products on INDArrays against products summed here in double, term by term, for every layout an operand can
 * have: row-major, column-major, transposed views, sub-matrix views with offsets and leading dimensions, single rows
 * and columns, and strides CBLAS cannot read (copied first).
 */
class BlasTest {

    /** op(a)·op(b) summed in double from the logical entries. */
    private static double[][] reference(INDArray a, boolean ta, INDArray b, boolean tb) {
        double[][] left = (ta ? a.transpose() : a).toDoubleMatrix();
        double[][] right = (tb ? b.transpose() : b).toDoubleMatrix();
        double[][] out = new double[left.length][right[0].length];
        for (int i = 0; i < left.length; i++) {
            for (int j = 0; j < right[0].length; j++) {
                double sum = 0;
                for (int k = 0; k < right.length; k++) {
                    sum += left[i][k] * right[k][j];
                }
                out[i][j] = sum;
            }
        }
        return out;
    }

    /** The same logical [rows, columns] matrix in every layout, each with its name. */
    private static List<Object[]> layouts(long seed, int rows, int columns, DataType type) {
        Nd4j.getRandom().setSeed(seed);
        INDArray values = Nd4j.randn(DataType.DOUBLE, rows, columns).castTo(type);
        List<Object[]> all = new ArrayList<>();
        all.add(new Object[] {"row-major", values.dup('c')});
        all.add(new Object[] {"column-major", values.dup('f')});
        all.add(new Object[] {"transposed view", values.transpose().dup('c').transpose()});
        INDArray wider = Nd4j.zeros(type, rows + 3, columns + 5);
        INDArray inside = wider.get(NDArrayIndex.interval(2, 2 + rows), NDArrayIndex.interval(1, 1 + columns));
        inside.assign(values);
        all.add(new Object[] {"offset view with leading dimension", inside});
        INDArray widerF = Nd4j.create(type, new long[] {rows + 4, columns + 2}, 'f');
        INDArray insideF = widerF.get(NDArrayIndex.interval(3, 3 + rows), NDArrayIndex.interval(1, 1 + columns));
        insideF.assign(values);
        all.add(new Object[] {"column-major offset view", insideF});
        INDArray everySecond = Nd4j.zeros(type, rows, 2 * columns)
                .get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 2 * columns));
        everySecond.assign(values);
        all.add(new Object[] {"strided columns (copied)", everySecond});
        return all;
    }

    @Test
    void everyLayoutAndTranspositionGivesTheProduct() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            // double: sums of 7 products of O(1) terms, 1e-13; float: ε = 6e-8 per operation, 1e-5
            double tolerance = type == DataType.DOUBLE ? 1e-13 : 1e-5;
            int checked = 0;
            for (int[] shape : new int[][] {{5, 7, 4}, {1, 7, 4}, {5, 1, 4}, {5, 7, 1}, {1, 1, 1}}) {
                int m = shape[0];
                int k = shape[1];
                int n = shape[2];
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        for (Object[] left : layouts(11 + m, ta ? k : m, ta ? m : k, type)) {
                            for (Object[] right : layouts(29 + n, tb ? n : k, tb ? k : n, type)) {
                                INDArray a = (INDArray) left[1];
                                INDArray b = (INDArray) right[1];
                                INDArray product = Blas.multiply(a, ta, b, tb);
                                assertThat(product.dataType()).isEqualTo(type);
                                assertThat(product.shape()).containsExactly(m, n);
                                assertThat(product.ordering()).isEqualTo('c');
                                double[][] expected = reference(a, ta, b, tb);
                                double[][] actual = product.toDoubleMatrix();
                                for (int i = 0; i < m; i++) {
                                    for (int j = 0; j < n; j++) {
                                        assertThat(Math.abs(actual[i][j] - expected[i][j]))
                                                .as("%s %s: %s%s · %s%s [%d,%d]", type, m + "x" + k + "x" + n,
                                                        left[0], ta ? "ᵀ" : "", right[0], tb ? "ᵀ" : "", i, j)
                                                .isLessThan(tolerance);
                                    }
                                }
                                checked++;
                            }
                        }
                    }
                }
            }
            assertThat(checked).isEqualTo(5 * 4 * 36);
        }
    }

    @Test
    void multiplyIntoAddsToTheScaledResultInPlaceAndLeavesTheOperandsAlone() {
        Nd4j.getRandom().setSeed(3);
        INDArray a = Nd4j.randn(DataType.DOUBLE, 4, 6);
        INDArray b = Nd4j.randn(DataType.DOUBLE, 3, 6);
        INDArray c = Nd4j.randn(DataType.DOUBLE, 4, 3);
        INDArray before = c.dup();
        INDArray aBefore = a.dup();
        INDArray bBefore = b.dup();
        Blas.multiplyInto(a, false, b, true, 0.5, c);
        double[][] expected = reference(a, false, b, true);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(c.getDouble(i, j)).isCloseTo(expected[i][j] + 0.5 * before.getDouble(i, j),
                        org.assertj.core.api.Assertions.within(1e-13));
            }
        }
        assertThat(a).isEqualTo(aBefore);
        assertThat(b).isEqualTo(bBefore);
        // into rows 1..4 of a wider matrix: only that block changes
        INDArray wide = Nd4j.ones(DataType.DOUBLE, 6, 5);
        INDArray block = wide.get(NDArrayIndex.interval(1, 5), NDArrayIndex.interval(2, 5));
        Blas.multiplyInto(a, false, b, true, 0, block);
        assertThat(block.sub(Nd4j.createFromArray(expected)).amaxNumber().doubleValue()).isLessThan(1e-13);
        INDArray outside = wide.dup();
        outside.get(NDArrayIndex.interval(1, 5), NDArrayIndex.interval(2, 5)).assign(1);
        assertThat(outside).isEqualTo(Nd4j.ones(DataType.DOUBLE, 6, 5));
    }

    @Test
    void oneRowOrOneColumnProductsOverwriteOrScaleTheResultAsGemmDoes() {
        // GEMV serves products with one row or one column: beta 0 must overwrite whatever c holds (NaN included),
        // beta 0.5 must keep half of it; c a row or a column of a wider matrix, in both types
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tolerance = type == DataType.DOUBLE ? 1e-13 : 1e-5;
            Nd4j.getRandom().setSeed(17);
            INDArray row = Nd4j.randn(DataType.DOUBLE, 1, 6).castTo(type);
            INDArray matrix = Nd4j.randn(DataType.DOUBLE, 6, 4).castTo(type);
            INDArray column = Nd4j.randn(DataType.DOUBLE, 4, 1).castTo(type);
            for (double beta : new double[] {0, 0.5}) {
                INDArray wide = Nd4j.valueArrayOf(new long[] {3, 5}, beta == 0 ? Double.NaN : 2.0, type);
                INDArray cRow = wide.get(NDArrayIndex.interval(1, 2), NDArrayIndex.interval(1, 5));
                Blas.multiplyInto(row, false, matrix, false, beta, cRow);
                double[][] expectedRow = reference(row, false, matrix, false);
                INDArray tall = Nd4j.valueArrayOf(new long[] {8, 3}, beta == 0 ? Double.NaN : 2.0, type);
                INDArray cColumn = tall.get(NDArrayIndex.interval(1, 7), NDArrayIndex.interval(2, 3));
                Blas.multiplyInto(matrix, false, column, false, beta, cColumn);
                double[][] expectedColumn = reference(matrix, false, column, false);
                for (int j = 0; j < 4; j++) {
                    assertThat(Math.abs(cRow.getDouble(0, j) - expectedRow[0][j] - 2 * beta))
                            .as("%s beta %s row [0,%d]", type, beta, j).isLessThan(tolerance);
                }
                for (int i = 0; i < 6; i++) {
                    assertThat(Math.abs(cColumn.getDouble(i, 0) - expectedColumn[i][0] - 2 * beta))
                            .as("%s beta %s column [%d,0]", type, beta, i).isLessThan(tolerance);
                }
                // nothing outside the block changed
                assertThat(Double.valueOf(wide.getDouble(0, 1))).isEqualTo(Double.valueOf(beta == 0 ? Double.NaN : 2.0));
                assertThat(Double.valueOf(wide.getDouble(1, 0))).isEqualTo(Double.valueOf(beta == 0 ? Double.NaN : 2.0));
                assertThat(Double.valueOf(tall.getDouble(7, 2))).isEqualTo(Double.valueOf(beta == 0 ? Double.NaN : 2.0));
                assertThat(Double.valueOf(tall.getDouble(1, 1))).isEqualTo(Double.valueOf(beta == 0 ? Double.NaN : 2.0));
            }
        }
    }

    @Test
    void multiplyEachGivesEveryMatrixOfTheBatchItsProduct() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tolerance = type == DataType.DOUBLE ? 1e-13 : 1e-5;
            for (boolean ta : new boolean[] {false, true}) {
                for (Object[] left : layouts(5, ta ? 6 : 4, ta ? 4 : 6, type)) {
                    INDArray a = (INDArray) left[1];
                    Nd4j.getRandom().setSeed(17);
                    INDArray batch = Nd4j.randn(DataType.DOUBLE, 3, 6, 5).castTo(type);
                    // a batch read through a permuted view is copied first, with the same result
                    INDArray permuted = batch.permute(0, 2, 1).dup('c').permute(0, 2, 1);
                    for (INDArray b : new INDArray[] {batch, permuted}) {
                        INDArray product = Blas.multiplyEach(a, ta, b);
                        assertThat(product.shape()).containsExactly(3, 4, 5);
                        assertThat(product.dataType()).isEqualTo(type);
                        for (int i = 0; i < 3; i++) {
                            INDArray expected = Nd4j.createFromArray(reference(a, ta, batch.slice(i), false));
                            assertThat(product.slice(i).castTo(DataType.DOUBLE).sub(expected).amaxNumber()
                                    .doubleValue()).as("%s %s%s, matrix %d", type, left[0], ta ? "ᵀ" : "", i)
                                    .isLessThan(tolerance);
                        }
                    }
                }
            }
        }
        assertThatThrownBy(() -> Blas.multiplyEach(Nd4j.zeros(DataType.FLOAT, 2, 3), false,
                Nd4j.zeros(DataType.FLOAT, 4, 2, 5))).hasMessageContaining("[2, 3]").hasMessageContaining("[4, 2, 5]");
        assertThatThrownBy(() -> Blas.multiplyEach(Nd4j.zeros(DataType.FLOAT, 2, 3), false,
                Nd4j.zeros(DataType.FLOAT, 3, 5))).hasMessageContaining("batch");
    }

    @Test
    void mismatchedShapesTypesAndResultsAreRefusedWithTheirShapes() {
        INDArray a = Nd4j.zeros(DataType.FLOAT, 2, 3);
        assertThatThrownBy(() -> Blas.multiply(a, false, Nd4j.zeros(DataType.FLOAT, 4, 2), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3] by [4, 2]");
        assertThatThrownBy(() -> Blas.multiply(a, false, Nd4j.zeros(DataType.DOUBLE, 3, 2), false))
                .hasMessageContaining("FLOAT and DOUBLE");
        INDArray ints = Nd4j.zeros(DataType.INT, 2, 3);
        assertThatThrownBy(() -> Blas.multiply(ints, false, ints, true))
                .hasMessageContaining("INT");
        assertThatThrownBy(() -> Blas.multiply(Nd4j.zeros(DataType.FLOAT, 2, 3, 1), false, a, true))
                .hasMessageContaining("matrix a").hasMessageContaining("[2, 3, 1]");
        assertThatThrownBy(() -> Blas.multiplyInto(a, false, a, true, 0, Nd4j.zeros(DataType.FLOAT, 3, 3)))
                .hasMessageContaining("[2, 2]").hasMessageContaining("[3, 3]");
        INDArray columnMajor = Nd4j.create(DataType.FLOAT, new long[] {2, 2}, 'f');
        assertThatThrownBy(() -> Blas.multiplyInto(a, false, a, true, 0, columnMajor))
                .hasMessageContaining("row-major");
    }
}
