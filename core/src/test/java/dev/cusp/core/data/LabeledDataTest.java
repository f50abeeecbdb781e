package dev.cusp.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LabeledDataTest {
    private final LabeledData data = new LabeledData(
            Nd4j.createFromArray(new float[][] {{0f, 0.1f}, {0.2f, 0.3f}, {0.4f, 0.5f}}), new int[] {2, 0, 1}, 3);

    @Test
    void selectKeepsRowsAndLabelsTogetherInTheGivenOrder() {
        LabeledData picked = data.select(new int[] {2, 0, 2});
        assertThat(picked.labels()).containsExactly(1, 2, 1);
        assertThat(picked.features().toFloatMatrix()).isEqualTo(new float[][] {{0.4f, 0.5f}, {0f, 0.1f}, {0.4f, 0.5f}});
        assertThat(picked.classes()).isEqualTo(3);
        assertThat(data.select(new int[0]).size()).isZero();
    }

    @Test
    void selectRejectsIndicesOutsideTheDataSet() {
        assertThatThrownBy(() -> data.select(new int[] {0, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 3").hasMessageContaining("[0, 3)");
    }

    @Test
    void oneHotHasASingleOneAtTheLabel() {
        INDArray oneHot = data.oneHot();
        assertThat(oneHot.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(oneHot.toFloatMatrix()).isEqualTo(new float[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}});
    }

    @Test
    void rejectsInconsistentConstruction() {
        INDArray two = Nd4j.zeros(DataType.FLOAT, 2, 2);
        assertThatThrownBy(() -> new LabeledData(two, new int[] {0}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 rows but there are 1 labels");
        assertThatThrownBy(() -> new LabeledData(two, new int[] {0, 5}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 5");
        assertThatThrownBy(() -> new LabeledData(Nd4j.zeros(DataType.FLOAT, 2), new int[] {0, 1}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matrix");
    }
}
