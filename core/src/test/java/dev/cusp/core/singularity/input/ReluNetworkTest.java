package dev.cusp.core.singularity.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cusp.core.model.Classifier;
import dev.cusp.core.testing.TestModels;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ReluNetworkTest {

    @Test
    void readsTheSameLogitsAsTheDl4jNetwork() {
        MultiLayerNetwork net = TestModels.mlp(91, DataType.DOUBLE, Activation.RELU, 7, 12, 9, 5);
        ReluNetwork relu = ReluNetwork.of(net);
        Nd4j.getRandom().setSeed(92);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 7).subi(0.5);
        INDArray expected = Classifier.of(net).logits(x);
        // same arithmetic in the same precision: agreement to a few ulps of the logits
        assertThat(relu.logits(x).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-13);
        assertThat(relu.hiddenLayers()).isEqualTo(2);
        assertThat(relu.width(0)).isEqualTo(12);
        assertThat(relu.outputSize()).isEqualTo(5);
    }

    @Test
    void rejectsSmoothActivationsWithTheLayerNamed() {
        MultiLayerNetwork net = TestModels.mlp(93, DataType.DOUBLE, Activation.TANH, 3, 4, 2);
        assertThatThrownBy(() -> ReluNetwork.of(net)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hidden layer 0").hasMessageContaining("ReLU");
        assertThat(ReluNetwork.isReluMlp(net)).isFalse();
    }
}
