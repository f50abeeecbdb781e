package dev.cusp.core.singularity.parameter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.diff.Jacobians;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.TestMatrices;
import dev.cusp.core.singularity.input.JacobianSpectrum;
import dev.cusp.core.testing.TestModels;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class LayerTableTest {

    private static final long SEED = 555;

    @Test
    void plantedDeadEliminatedAndDuplicatedReluUnitsAreFoundAndNothingElse() {
        // 10 → 16 (ReLU) → 4; N = 300 Gaussian inputs. Planted: unit 2 dead (b < −max|w·x|), unit 5 with zero
        // in-weights (constant relu(b) = 0.1), unit 7 with zero out-weights, unit 11 a copy of unit 9.
        MultiLayerNetwork net = TestModels.mlp(SEED, DataType.DOUBLE, Activation.RELU, 10, 16, 4);
        INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(300, 10, 1.0, SEED));
        INDArray w = net.getParam("0_W");
        INDArray b = net.getParam("0_b");
        double reach = x.mmul(w.getColumn(2)).amaxNumber().doubleValue();
        b.putScalar(2, -reach - 1);
        w.getColumn(5).assign(0);
        b.putScalar(5, 0.1);
        net.getParam("1_W").getRow(7).assign(0);
        w.getColumn(11).assign(w.getColumn(9));
        b.putScalar(11, b.getDouble(9));

        LayerTable.Table table = LayerTable.analyse(Classifier.of(net), x, UnitAnalysis.Parameters.defaults(), SEED);
        assertThat(table.rows()).hasSize(2);
        UnitAnalysis.Report units = table.rows().get(0).units();
        assertThat(units.dead()).containsExactly(2);
        assertThat(units.eliminatedIn()).containsExactly(5);
        assertThat(units.constant()).containsExactly(5);
        assertThat(units.eliminatedOut()).containsExactly(7);
        assertThat(units.overlapping()).hasSize(1);
        assertThat(units.overlapping().get(0)).containsExactly(9, 11);
        assertThat(units.saturated()).isEmpty();
        // rank of the [300, 16] activations: the dead column and the duplicate column add nothing
        assertThat(units.activationRank()).isEqualTo(16 - 2);
        assertThat(table.rows().get(1).units()).isNull();
    }

    @Test
    void healthyReluLayerHasNoFindings() {
        MultiLayerNetwork net = TestModels.mlp(SEED + 1, DataType.DOUBLE, Activation.RELU, 10, 16, 4);
        INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(300, 10, 1.0, SEED + 1));
        UnitAnalysis.Report units = LayerTable.analyse(Classifier.of(net), x, UnitAnalysis.Parameters.defaults(), SEED)
                .rows().get(0).units();
        assertThat(units.dead()).isEmpty();
        assertThat(units.eliminatedIn()).isEmpty();
        assertThat(units.eliminatedOut()).isEmpty();
        assertThat(units.constant()).isEmpty();
        assertThat(units.overlapping()).isEmpty();
        assertThat(units.activationRank()).isEqualTo(16);
        assertThat(units.participationRatio()).isBetween(1.0, 16.0);
    }

    @Test
    void plantedSaturatedAndNegatedTanhUnitsAreFound() {
        // tanh layer: unit 1 with weights ×1000 (|z| ≫ 3 almost everywhere: tanh' < 0.01), unit 6 = −unit 3
        // (tanh is odd: a₆ = −a₃, an overlap with correlation −1)
        MultiLayerNetwork net = TestModels.mlp(SEED + 2, DataType.DOUBLE, Activation.TANH, 8, 12, 3);
        INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(300, 8, 1.0, SEED + 2));
        INDArray w = net.getParam("0_W");
        INDArray b = net.getParam("0_b");
        w.getColumn(1).muli(1000);
        w.getColumn(6).assign(w.getColumn(3).neg());
        b.putScalar(6, -b.getDouble(3));
        UnitAnalysis.Report units = LayerTable.analyse(Classifier.of(net), x, UnitAnalysis.Parameters.defaults(), SEED)
                .rows().get(0).units();
        assertThat(units.saturated()).containsExactly(1);
        assertThat(units.overlapping()).hasSize(1);
        assertThat(units.overlapping().get(0)).containsExactly(3, 6);
        assertThat(units.dead()).isEmpty();
        assertThat(units.activationRank()).isEqualTo(12 - 1);
    }

    @Test
    void deepLinearNetworkWithOrthogonalWeightsHasUnitSpectraEverywhere() {
        // identity activations, W_l orthogonal: every weight spectrum is all ones and the logit Jacobian
        // (W₁W₂W₃)ᵀ is orthogonal, σ = 1 and κ = 1; with gain g per layer, σ = g³
        int d = 6;
        for (double gain : new double[] {1.0, 1.7}) {
            NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list();
            list.layer(new DenseLayer.Builder().nIn(d).nOut(d).activation(Activation.IDENTITY).build());
            list.layer(new DenseLayer.Builder().nIn(d).nOut(d).activation(Activation.IDENTITY).build());
            list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(d).nOut(d)
                    .activation(Activation.SOFTMAX).build());
            MultiLayerNetwork net = new MultiLayerNetwork(list.build());
            net.init();
            for (int l = 0; l < 3; l++) {
                net.setParam(l + "_W", Nd4j.createFromArray(TestMatrices.orthogonal(d, 80 + l)).muli(gain));
            }
            Classifier model = Classifier.of(net);
            INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(3, d, 1.0, 90));
            for (JacobianSpectrum s : JacobianSpectrum.of(Jacobians.logits(model, x))) {
                for (double sigma : s.singularValues()) {
                    // products of three Householder-built orthogonal matrices: exact to ~1e-15 each
                    assertThat(sigma).isCloseTo(Math.pow(gain, 3), within(1e-12));
                }
                assertThat(s.conditionNumber()).isCloseTo(1.0, within(1e-12));
            }
            LayerTable.Table table = LayerTable.analyse(model, x, UnitAnalysis.Parameters.defaults(), SEED);
            for (LayerTable.Row row : table.rows()) {
                for (double sigma : row.spectrum().singularValues()) {
                    assertThat(sigma).isCloseTo(gain, within(1e-12));
                }
            }
        }
    }

    static INDArray rows(INDArray x, int from, int to) {
        return x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }
}
