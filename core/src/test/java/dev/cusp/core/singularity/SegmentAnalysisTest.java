package dev.cusp.core.singularity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.input.ReluNetwork;
import dev.cusp.core.testing.TestModels;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SegmentAnalysisTest {

    @Test
    void segmentsOfAReluNetworkCarryCrossingTiesPatternsAndRegions() {
        MultiLayerNetwork net = TestModels.mlp(131, DataType.DOUBLE, Activation.RELU, 3, 10, 10, 4);
        Classifier model = Classifier.of(net);
        Nd4j.getRandom().setSeed(132);
        INDArray clean = Nd4j.rand(DataType.DOUBLE, 6, 3);
        INDArray adv = clean.add(Nd4j.randn(DataType.DOUBLE, 6, 3).muli(2));
        List<SegmentAnalysis> segments = SegmentAnalysis.of(model, clean, adv);
        int[] from = model.predict(clean);
        int[] to = model.predict(adv);
        ReluNetwork relu = ReluNetwork.of(net);
        int crossed = 0;
        for (int i = 0; i < 6; i++) {
            SegmentAnalysis s = segments.get(i);
            INDArray delta = adv.getRow(i).sub(clean.getRow(i));
            assertThat(s.distanceL2()).isCloseTo(delta.norm2Number().doubleValue(), within(1e-14));
            assertThat(s.distanceLinf()).isCloseTo(delta.amaxNumber().doubleValue(), within(1e-14));
            assertThat(s.crossing().found()).isEqualTo(from[i] != to[i]);
            assertThat(s.junction() == null).isEqualTo(from[i] == to[i]);
            if (s.junction() != null) {
                crossed++;
                assertThat(s.junction().ties()).isGreaterThanOrEqualTo(2);
            }
            // every breakpoint separates two different activation patterns (read at the neighbouring midpoints)
            double[] t = s.regions().breakpoints();
            assertThat(s.regions().regions()).isEqualTo(t.length + 1);
            for (int k = 0; k < t.length; k++) {
                double before = k == 0 ? t[k] / 2 : (t[k - 1] + t[k]) / 2;
                double after = k + 1 < t.length ? (t[k] + t[k + 1]) / 2 : (t[k] + 1) / 2;
                INDArray pb = clean.getRow(i, true).add(delta.reshape(1, 3).mul(before));
                INDArray pa = clean.getRow(i, true).add(delta.reshape(1, 3).mul(after));
                assertThat(pattern(relu, pb)).isNotEqualTo(pattern(relu, pa));
            }
            assertThat(s.hamming()).isEqualTo(
                    (int) pattern(relu, clean.getRow(i, true)).sub(pattern(relu, adv.getRow(i, true))).norm1Number().doubleValue());
        }
        assertThat(crossed).isGreaterThan(0);
    }

    private static INDArray pattern(ReluNetwork net, INDArray x) {
        return Nd4j.hstack(net.activationMasks(x).toArray(new INDArray[0]));
    }
}
