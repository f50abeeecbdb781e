package dev.cusp.core.singularity.parameter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.TestMatrices;
import dev.cusp.core.testing.TestModels;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class ModelLabelerTest {

    private static final ModelLabeler.Rules RULES = ModelLabeler.Rules.defaults(0.1);

    @Test
    void smallHealthyNetworkIsHealthy() {
        MultiLayerNetwork net = TestModels.mlp(201, DataType.DOUBLE, Activation.RELU, 6, 8, 3);
        INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(200, 6, 1.0, 202));
        LayerTable.Table table = LayerTable.analyse(Classifier.of(net), x, UnitAnalysis.Parameters.defaults(), 203);
        ModelLabeler.Labels l = ModelLabeler.label(table, 1.0, null, 0.1, RULES);
        assertThat(l.labels()).containsExactly(ModelLabel.HEALTHY);
    }

    @Test
    void plantedSingularUnitsMakeAPlateauProneModel() {
        MultiLayerNetwork net = TestModels.mlp(204, DataType.DOUBLE, Activation.RELU, 6, 8, 3);
        INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(200, 6, 1.0, 205));
        net.getParam("0_W").getColumn(3).assign(net.getParam("0_W").getColumn(1));
        net.getParam("0_b").putScalar(3, net.getParam("0_b").getDouble(1));
        LayerTable.Table table = LayerTable.analyse(Classifier.of(net), x, UnitAnalysis.Parameters.defaults(), 206);
        ModelLabeler.Labels l = ModelLabeler.label(table, Double.NaN, null, Double.NaN, RULES);
        // one duplicate among 8 hidden units: 12.5% > 5%
        assertThat(l.labels()).containsExactly(ModelLabel.PLATEAU_PRONE);
        assertThat(l.reasons()).anySatisfy(r -> assertThat(r).contains("1 of 8"));
    }

    @Test
    void lowRankLayerIsARankCollapseAndOtherRulesFireOnTheirFigures() {
        MultiLayerNetwork net = TestModels.mlp(207, DataType.DOUBLE, Activation.RELU, 12, 12, 3);
        net.setParam("0_W", Nd4j.createFromArray(TestMatrices.multiply(
                TestMatrices.gaussian(12, 4, 0.5, 208), TestMatrices.gaussian(4, 12, 0.5, 209))));
        INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(200, 12, 1.0, 210));
        LayerTable.Table table = LayerTable.analyse(Classifier.of(net), x, UnitAnalysis.Parameters.defaults(), 211);
        assertThat(table.rows().get(0).spectrum().weakRankLoss()).isEqualTo(8);
        ModelLabeler.Labels l = ModelLabeler.label(table, 50.0, new GradientFlow(new int[] {0, 1}, new double[] {1e-5, 1}, 1e5),
                0.8, RULES);
        assertThat(l.labels()).contains(ModelLabel.RANK_COLLAPSE, ModelLabel.SHARP, ModelLabel.GRADIENT_PATHOLOGY,
                ModelLabel.ADVERSARIALLY_FRAGILE);
        // λ_max = 50 > 2/η = 20 is sharp at η = 0.1, not at η = 0.01 (2/η = 200)
        assertThat(ModelLabeler.label(table, 50.0, null, Double.NaN, ModelLabeler.Rules.defaults(0.01)).labels())
                .doesNotContain(ModelLabel.SHARP);
    }

    @Test
    void gradientFlowNormsAreThoseOfTheMeanLoss() {
        // central differences of DL4J's mean score over the 3×2 weights of a softmax regression (h = 1e-6,
        // error ~1e-9) against the reported ‖∂L/∂W‖_F
        MultiLayerNetwork net = TestModels.mlp(212, DataType.DOUBLE, Activation.IDENTITY, 3, 2);
        INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(10, 3, 1.0, 213));
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 10, 2);
        for (int i = 0; i < 10; i++) {
            y.putScalar(i, i % 2, 1.0);
        }
        GradientFlow flow = GradientFlow.of(Classifier.of(net), x, y);
        MultiLayerNetwork probe = net.clone();
        INDArray w = probe.getParam("0_W");
        double sum = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                double v = w.getDouble(i, j);
                w.putScalar(i, j, v + 1e-6);
                double up = probe.score(new DataSet(x, y));
                w.putScalar(i, j, v - 1e-6);
                double down = probe.score(new DataSet(x, y));
                w.putScalar(i, j, v);
                double g = (up - down) / 2e-6;
                sum += g * g;
            }
        }
        assertThat(flow.layers()).containsExactly(0);
        assertThat(flow.norms()[0]).isCloseTo(Math.sqrt(sum), within(1e-7));
    }
}
