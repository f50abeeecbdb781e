package dev.cusp.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The row gather against ND4J's own row reads, for every layout and data type the attacks use. */
class TensorsTest {

    @Test
    void rowsAreCopiesOfTheSelectedRowsInTheirOrderWhateverTheLayout() {
        int[] selection = {4, 0, 4, 2};
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE, DataType.INT}) {
            INDArray base = Nd4j.linspace(1, 35, 35, DataType.DOUBLE).reshape(5, 7).castTo(type);
            INDArray wide = Nd4j.zeros(type, 6, 9);
            INDArray view = wide.get(NDArrayIndex.interval(1, 6), NDArrayIndex.interval(2, 9));
            view.assign(base);
            for (INDArray matrix : new INDArray[] {base, base.dup('f'), view, base.transpose().dup('c').transpose(),
                base.getColumn(3).reshape(5, 1)}) {
                INDArray rows = Tensors.rows(matrix, selection);
                assertThat(rows.shape()).containsExactly(selection.length, matrix.columns());
                assertThat(rows.dataType()).isEqualTo(type);
                for (int i = 0; i < selection.length; i++) {
                    assertThat(rows.getRow(i)).isEqualTo(matrix.getRow(selection[i]));
                }
                rows.putScalar(0, 0, 99);
                assertThat(matrix.getDouble(4, 0)).isNotEqualTo(99.0); // a copy
            }
        }
        assertThat(Tensors.rows(Nd4j.ones(DataType.FLOAT, 3, 2), new int[0]).shape()).containsExactly(0, 2);
        assertThatThrownBy(() -> Tensors.rows(Nd4j.ones(DataType.FLOAT, 3, 2), new int[] {1, 3}))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("row 3")
                .hasMessageContaining("3 rows");
    }
}
