package dev.cusp.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.data.LabeledData;
import dev.cusp.core.event.Curvature;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.ModelAnalysis;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.SingularValues;
import dev.cusp.core.singularity.parameter.GradientFlow;
import dev.cusp.core.singularity.parameter.LayerTable;
import dev.cusp.core.singularity.parameter.ModelLabeler;
import dev.cusp.core.singularity.parameter.UnitAnalysis;
import dev.cusp.core.testing.TestModels;
import java.util.Optional;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ModelAnalysisRunnerTest {
    private static final long SEED = 17;

    @Test
    void plantedDeadAndDuplicatedUnitsAreFoundAndEveryRowIsTheLayerTables() {
        // hidden unit 2 gets in-weights −1 and bias −10: on inputs in [0,1] it is never active (dead); unit 5 copies
        // unit 1 (an overlap singularity). Xavier initialisation may leave other units dead on the batch too: the
        // dead set must be exactly the units whose pre-activation never exceeds 0 on it.
        MultiLayerNetwork net = TestModels.mlp(SEED, DataType.DOUBLE, Activation.RELU, 20, 12, 4);
        net.getParam("0_W").getColumn(2).assign(-1.0);
        net.getParam("0_b").putScalar(2, -10.0);
        net.getParam("0_W").getColumn(5).assign(net.getParam("0_W").getColumn(1));
        net.getParam("0_b").putScalar(5, net.getParam("0_b").getDouble(1));
        Classifier model = Classifier.of(net);
        LabeledData data = SingularityShardRunnerTest.uniform(700, 20, 4, 0, 1, SEED);
        ModelAnalysis analysis = ModelAnalysisRunner.run("m-1", "ab".repeat(32), model, DatasetRef.fashionMnistTest(),
                data);

        ModelAnalysis.Units units = analysis.layers().get(0).units();
        LabeledData reference = ReferenceBatch.of(data, ModelAnalysisRunner.EXAMPLES);
        double[] maxZ = reference.features().castTo(DataType.DOUBLE).mmul(net.getParam("0_W"))
                .addiRowVector(net.getParam("0_b")).max(0).toDoubleVector();
        int[] neverActive = java.util.stream.IntStream.range(0, 12).filter(j -> maxZ[j] <= 0).toArray();
        assertThat(units.dead()).contains(2).containsExactly(neverActive);
        assertThat(units.overlapping()).singleElement().satisfies(p -> assertThat(p).containsExactly(1, 5));
        assertThat(analysis.labels()).contains("PLATEAU_PRONE");
        assertThat(analysis.examples()).isEqualTo(ModelAnalysisRunner.EXAMPLES);

        // the same table, gradients, curvature and labels straight from core over the same reference batch
        LabeledData batch = ReferenceBatch.of(data, ModelAnalysisRunner.EXAMPLES);
        LayerTable.Table table = LayerTable.analyse(model, batch.features(), UnitAnalysis.Parameters.defaults(),
                ModelAnalysisRunner.SEED);
        GradientFlow flow = GradientFlow.of(model, batch.features(), batch.oneHot());
        Curvature curvature = HessianTier.curvature(model.inDouble(),
                ReferenceBatch.of(data, ModelAnalysisRunner.HESSIAN_EXAMPLES), ModelAnalysisRunner.HESSIAN_ITERATIONS);
        assertThat(analysis.curvature()).isEqualTo(curvature);
        assertThat(analysis.gradientSpread()).isEqualTo(flow.spread());
        assertThat(analysis.layers()).hasSize(table.rows().size());
        for (int r = 0; r < table.rows().size(); r++) {
            LayerTable.Row row = table.rows().get(r);
            ModelAnalysis.LayerRow out = analysis.layers().get(r);
            assertThat(out.layer()).isEqualTo(row.layer());
            assertThat(out.rank()).isEqualTo(row.spectrum().rank());
            assertThat(out.stableRank()).isEqualTo(row.spectrum().stableRank());
            assertThat(out.mpSpikes()).isEqualTo(row.spectrum().marchenkoPastur().spikes());
            assertThat(out.randomizedSpikes()).isEqualTo(row.spectrum().randomizedSpikes());
            assertThat(out.gradientNorm()).isEqualTo(flow.norms()[r]);
            // the stable rank by its definition Σσ²/σ₁² from an independent SVD of the layer's weights
            double[] sigma = SingularValues.of(net.getParam(row.layer() + "_W"));
            double sum = 0;
            for (double s : sigma) {
                sum += s * s;
            }
            assertThat(out.stableRank()).isCloseTo(sum / (sigma[0] * sigma[0]), within(1e-9));
        }
        assertThat(analysis.labels()).containsExactlyElementsOf(ModelLabeler.label(table, curvature.topEigenvalue(),
                flow, Double.NaN, ModelLabeler.Rules.defaults(0.1)).labels().stream().map(Enum::name).toList());
        assertThat(analysis.thresholds().rules().learningRate()).isEqualTo(0.1);
        assertThat(analysis.thresholds().units()).isEqualTo(UnitAnalysis.Parameters.defaults());
    }

    @Test
    void theDataSetFollowsTheModelsInputAndClasses() {
        assertThat(ModelAnalysisRunner.datasetFor(784, 10)).contains(DatasetRef.fashionMnistTest());
        assertThat(ModelAnalysisRunner.datasetFor(2, 2)).map(DatasetRef::name).contains(DatasetRef.TWO_MOONS);
        assertThat(ModelAnalysisRunner.datasetFor(784, 3)).isEqualTo(Optional.empty());
        assertThat(ModelAnalysisRunner.datasetFor(5, 2)).isEmpty();
    }

    @Test
    void sharpnessIsOnlyJudgedForPlainGradientDescent() {
        // λ_max > 2/η is the stability limit of gradient descent at rate η; Adam's limit is another, so SHARP is off
        assertThat(ModelAnalysisRunner.sgdLearningRate(TestModels.mlp(SEED, DataType.FLOAT, Activation.RELU, 3, 4, 2)))
                .isEqualTo(0.1);
        MultiLayerNetwork adam = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().updater(new Adam(1e-3))
                .list().layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build()).build());
        adam.init();
        assertThat(ModelAnalysisRunner.sgdLearningRate(adam)).isNaN();
    }

    @Test
    void hessianTierMatchesTheExactHessianOfSoftmaxRegression() {
        // Mean cross-entropy of f = Wx + b: H = (1/N) Σ_n (diag p_n − p_n p_nᵀ) ⊗ z_n z_nᵀ with z_n = (x_n, 1), a 9×9
        // PSD matrix here (3 classes, 2 inputs) whose eigenvalues are its singular values. Power iteration stops when
        // λ changes by < 1e-3 relative: 1% tolerance. Hutchinson's mean is a sample mean: within 4 standard errors.
        double[][] w = {{1.0, -0.5}, {0.3, 0.8}, {-0.7, 0.2}};
        Classifier model = Classifier.of(TestModels.linear(w, new double[] {0.1, -0.2, 0.05}));
        LabeledData data = SingularityShardRunnerTest.uniform(7, 2, 3, -1, 1, SEED);
        Curvature c = HessianTier.curvature(model, data, 100);

        INDArray x = data.features().castTo(DataType.DOUBLE);
        INDArray p = org.nd4j.linalg.ops.transforms.Transforms.softmax(model.logits(x));
        int n = 7;
        double[][] h = new double[9][9];
        for (int s = 0; s < n; s++) {
            double[] z = {x.getDouble(s, 0), x.getDouble(s, 1), 1.0};
            for (int k = 0; k < 3; k++) {
                for (int l = 0; l < 3; l++) {
                    double a = (k == l ? p.getDouble(s, k) : 0) - p.getDouble(s, k) * p.getDouble(s, l);
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 3; j++) {
                            h[3 * k + i][3 * l + j] += a * z[i] * z[j] / n;
                        }
                    }
                }
            }
        }
        double[] eigen = SingularValues.of(Nd4j.createFromArray(h));
        double trace = 0;
        for (int i = 0; i < 9; i++) {
            trace += h[i][i];
        }
        assertThat(c.converged()).isTrue();
        assertThat(c.topEigenvalue()).isCloseTo(eigen[0], within(0.01 * eigen[0]));
        assertThat(c.trace()).isCloseTo(trace, within(4 * c.traceStandardError() + 1e-9));
        assertThat(c.examples()).isEqualTo(n);
        assertThat(c.hessianVectorProducts()).isEqualTo(c.iterations() + c.traceSamples());
    }
}
