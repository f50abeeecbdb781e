package dev.cusp.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.data.LabeledData;
import dev.cusp.core.testing.FiniteDifferences;
import dev.cusp.core.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Logits and their input derivatives against independent computations. Finite differences run in DOUBLE with
 * h = 1e-6: truncation error ~h²·|g'''| ≈ 1e-12 and round-off ~ε·|g|/h ≈ 1e-9, so 1e-6 (relative to the
 * largest gradient entry, at least 1) leaves three orders of margin while any real error (a wrong factor,
 * a missing term, a transposed weight) is of order 1.
 */
class ClassifierTest {
    static final long SEED = 20240517L;
    static final double H = 1e-6;
    static final double FD_TOLERANCE = 1e-6;
    /** One-sided slopes that differ by more than this straddle a ReLU kink (smooth points differ by ~h·g'' ≈ 1e-6). */
    static final double KINK = 1e-4;

    private static INDArray uniform(long seed, int rows, int columns) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, rows, columns);
    }

    /** Σ_k seed[k]·f_k(row) for every row, the scalar whose gradient vectorJacobian returns. */
    private static Function<INDArray, double[]> seeded(Classifier model, INDArray seed) {
        return rows -> model.logits(rows).mulRowVector(seed).sum(1).toDoubleVector();
    }

    /** CE(softmax(f(row)), y) = logsumexp(f) − f_y, computed in Java from the logits. */
    private static Function<INDArray, double[]> crossEntropy(Classifier model, int label) {
        return rows -> {
            double[][] z = model.logits(rows).toDoubleMatrix();
            double[] ce = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z[i]) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (double v : z[i]) {
                    sum += Math.exp(v - max);
                }
                ce[i] = max + Math.log(sum) - z[i][label];
            }
            return ce;
        };
    }

    /** Asserts {@code gradient} equals the central differences, skipping kinks; returns how many were skipped. */
    private static int assertMatchesDifferences(double[] gradient, FiniteDifferences.Differences fd) {
        double scale = 1;
        for (double g : gradient) {
            scale = Math.max(scale, Math.abs(g));
        }
        int kinks = 0;
        for (int i = 0; i < gradient.length; i++) {
            if (fd.isKink(i, KINK * scale)) {
                kinks++;
                continue;
            }
            assertThat(gradient[i]).as("coordinate %d", i).isCloseTo(fd.central()[i], within(FD_TOLERANCE * scale));
        }
        return kinks;
    }

    @Test
    void logitsOfALinearModelAreWxPlusB() {
        double[][] w = {{1, -2, 0.5}, {0, 3, -1}};
        double[] b = {0.25, -0.5};
        Classifier model = Classifier.of(TestModels.linear(w, b));
        INDArray x = Nd4j.createFromArray(new double[][] {{0.1, 0.2, 0.3}, {0, 1, 0}});

        double[][] expected = {{0.1 - 0.4 + 0.15 + 0.25, 0.6 - 0.3 - 0.5}, {-2 + 0.25, 3 - 0.5}};
        double[][] logits = model.logits(x).toDoubleMatrix();
        for (int i = 0; i < 2; i++) {
            // Different summation order than the hand-written sums: a few ulps of O(1) values.
            assertThat(logits[i]).containsExactly(expected[i], within(1e-15));
        }
        assertThat(model.predict(x)).containsExactly(0, 1);
        assertThat(model.inputSize()).isEqualTo(3);
        assertThat(model.inputShape()).containsExactly(3);
        assertThat(model.classes()).isEqualTo(2);
        assertThat(model.parameterCount()).isEqualTo(8);
    }

    @Test
    void logitsEqualAHandWrittenForwardPassAndSoftmaxOfThemIsTheNetworkOutput() {
        MultiLayerNetwork network = TestModels.mlp(SEED, DataType.DOUBLE, Activation.RELU, 12, 8, 6, 4);
        Classifier model = Classifier.of(network);
        INDArray x = uniform(SEED, 5, 12);

        INDArray h1 = Transforms.relu(x.mmul(network.getParam("0_W")).addRowVector(network.getParam("0_b")));
        INDArray h2 = Transforms.relu(h1.mmul(network.getParam("1_W")).addRowVector(network.getParam("1_b")));
        INDArray z = h2.mmul(network.getParam("2_W")).addRowVector(network.getParam("2_b"));

        INDArray logits = model.logits(x);
        // Same operations in double: only summation order may differ, 1e-12 is ~10⁴ ulps of O(1) values.
        assertThat(logits.sub(z).amaxNumber().doubleValue()).isLessThan(1e-12);
        assertThat(Transforms.softmax(logits, true).sub(network.output(x)).amaxNumber().doubleValue()).isLessThan(1e-12);
        assertThat(logits.dataType()).isEqualTo(DataType.DOUBLE);
    }

    @Test
    void vectorJacobianOfALinearModelIsSeedTimesW() {
        double[][] w = {{1, -2, 0.5}, {0, 3, -1}};
        Classifier model = Classifier.of(TestModels.linear(w, new double[] {0, 0}));
        INDArray x = Nd4j.createFromArray(new double[][] {{0.1, 0.2, 0.3}, {0.9, 0.8, 0.7}});
        INDArray seed = Nd4j.createFromArray(new double[][] {{1, 0}, {2, -1}});

        double[][] vjp = model.vectorJacobian(x, seed).toDoubleMatrix();
        assertThat(vjp[0]).containsExactly(new double[] {1, -2, 0.5}, within(1e-15));
        assertThat(vjp[1]).containsExactly(new double[] {2, -7, 2}, within(1e-15));
    }

    @Test
    void vectorJacobianMatchesCentralDifferencesForEveryInputCoordinate() {
        for (Activation hidden : new Activation[] {Activation.TANH, Activation.RELU}) {
            Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.DOUBLE, hidden, 12, 8, 6, 4));
            INDArray x = uniform(SEED + 1, 4, 12);
            INDArray seeds = uniform(SEED + 2, 4, 4).subi(0.5);
            double[][] vjp = model.vectorJacobian(x, seeds).toDoubleMatrix();
            int kinks = 0;
            for (int n = 0; n < 4; n++) {
                kinks += assertMatchesDifferences(vjp[n],
                        FiniteDifferences.of(seeded(model, seeds.getRow(n)), x.getRow(n), H));
            }
            if (hidden == Activation.TANH) {
                assertThat(kinks).as("tanh is smooth").isZero();
            }
            assertThat(kinks).as("coordinates skipped as kinks for %s", hidden).isLessThan(5);
        }
    }

    @Test
    void vectorJacobianOfAConvolutionalNetMatchesCentralDifferences() {
        MultiLayerNetwork network = TestModels.tinyCnn(SEED, Activation.RELU);
        Classifier model = Classifier.of(network);
        assertThat(model.inputShape()).containsExactly(1, 6, 5);
        assertThat(model.inputSize()).isEqualTo(30);

        INDArray x = uniform(SEED + 3, 3, 30);
        INDArray seeds = uniform(SEED + 4, 3, 3).subi(0.5);
        double[][] vjp = model.vectorJacobian(x, seeds).toDoubleMatrix();
        int kinks = 0;
        for (int n = 0; n < 3; n++) {
            kinks += assertMatchesDifferences(vjp[n], FiniteDifferences.of(seeded(model, seeds.getRow(n)), x.getRow(n), H));
        }
        assertThat(kinks).isLessThan(5);
    }

    @Test
    void lossGradientMatchesCentralDifferencesOfCrossEntropy() {
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.DOUBLE, Activation.RELU, 12, 8, 6, 4));
        INDArray x = uniform(SEED + 5, 4, 12);
        int[] labels = {0, 3, 2, 1};
        double[][] gradient = model.lossGradient(x, LabeledData.oneHot(labels, 4, DataType.DOUBLE)).toDoubleMatrix();
        int kinks = 0;
        for (int n = 0; n < 4; n++) {
            kinks += assertMatchesDifferences(gradient[n], FiniteDifferences.of(crossEntropy(model, labels[n]), x.getRow(n), H));
        }
        assertThat(kinks).isLessThan(5);
    }

    @Test
    void denseFastPathEqualsDl4jForwardAndBackwardPasses() {
        for (Activation hidden : new Activation[] {Activation.RELU, Activation.TANH, Activation.SIGMOID,
                Activation.LEAKYRELU, Activation.IDENTITY}) {
            Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.DOUBLE, hidden, 12, 8, 6, 4));
            assertThat(model.dense()).as(hidden.name()).isTrue();
            INDArray x = uniform(SEED + 9, 16, 12);
            assertFastPathEqualsDl4j(model, x, hidden.name());
        }
    }

    /** Logits, a vector–Jacobian product and the CE gradient of the fast path against DL4J's passes, in DOUBLE. */
    private static void assertFastPathEqualsDl4j(Classifier model, INDArray x, String name) {
        int n = (int) x.rows();
        INDArray seed = Nd4j.rand(DataType.DOUBLE, n, model.classes()).subi(0.5);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % model.classes();
        }
        INDArray oneHot = LabeledData.oneHot(labels, model.classes(), DataType.DOUBLE);
        // the same products summed in another order: double round-off only, 1e-12 of the largest entry
        assertThat(relativeMaxDifference(model.logits(x), model.logitsByNetwork(x))).as(name).isLessThan(1e-12);
        assertThat(relativeMaxDifference(model.vectorJacobian(x, seed), model.vectorJacobianByBackprop(x, seed)))
                .as(name).isLessThan(1e-12);
        // DL4J's MCXENT clips probabilities to [1e-10, 1 − 1e-10]; the fast path does not: 1e-9 of the largest
        assertThat(relativeMaxDifference(model.lossGradient(x, oneHot), model.lossGradientByBackprop(x, oneHot)))
                .as(name).isLessThan(1e-9);
    }

    @Test
    void denseFastPathOnLayersLargeEnoughForNd4jOpsEqualsDl4j() {
        // 70 examples × 256 units = 17,920 activations per layer, above Finite.SMALL_ARRAY: ND4J ops, not Java loops
        for (Activation hidden : new Activation[] {Activation.RELU, Activation.TANH}) {
            Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.DOUBLE, hidden, 20, 256, 256, 4));
            INDArray x = uniform(SEED + 10, 70, 20);
            assertThat(70L * 256).isGreaterThan(Finite.SMALL_ARRAY);
            assertFastPathEqualsDl4j(model, x, hidden.name());
        }
    }

    @Test
    void denseFastPathReadsStridedAndTransposedViewsAsTheirValues() {
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.DOUBLE, Activation.RELU, 12, 8, 6, 4));
        INDArray every = uniform(SEED + 10, 32, 12);
        INDArray everyOtherRow = every.get(NDArrayIndex.interval(0, 2, 32), NDArrayIndex.all());
        INDArray columnMajor = every.dup('f');
        INDArray seed = Nd4j.rand(DataType.DOUBLE, 16, 4).subi(0.5);
        // the GEMM reads views through their strides: the same numbers as on a packed copy, to the last bit
        assertThat(maxDifference(model.logits(everyOtherRow), model.logits(everyOtherRow.dup('c')))).isZero();
        assertThat(maxDifference(model.vectorJacobian(everyOtherRow, seed),
                model.vectorJacobian(everyOtherRow.dup('c'), seed))).isZero();
        assertThat(maxDifference(model.logits(columnMajor), model.logits(every))).isZero();
        assertThat(maxDifference(model.vectorJacobian(everyOtherRow, seed.dup('f')),
                model.vectorJacobian(everyOtherRow.dup('c'), seed))).isZero();
        assertThat(model.logits(everyOtherRow).amaxNumber().doubleValue()).isPositive();
    }

    private static double maxDifference(INDArray a, INDArray b) {
        assertThat(a.shape()).containsExactly(b.shape());
        return a.sub(b).amaxNumber().doubleValue();
    }

    @Test
    void finiteInputsWhoseSumOverflowsAreAccepted() {
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.FLOAT, Activation.TANH, 12, 8, 4));
        // every entry finite, but their FLOAT sum is +∞: the fast check must fall back to the exact one
        INDArray huge = Nd4j.valueArrayOf(new long[] {4, 12}, 3e37f, DataType.FLOAT);
        assertThat(huge.sumNumber().doubleValue()).isInfinite();
        assertThat(model.logits(huge).rows()).isEqualTo(4);
        INDArray mixed = huge.dup();
        mixed.putScalar(3, 11, Float.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> model.logits(mixed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("infinite");
    }

    @Test
    void onlyDenseElementwiseNetworksTakeTheFastPath() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(SEED).dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(5, 5, 1)).build();
        MultiLayerNetwork cnn = new MultiLayerNetwork(conf);
        cnn.init();
        assertThat(Classifier.of(cnn).dense()).isFalse();
        MultiLayerConfiguration softplus = new NeuralNetConfiguration.Builder().seed(SEED).dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.SOFTPLUS).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork other = new MultiLayerNetwork(softplus);
        other.init();
        assertThat(Classifier.of(other).dense()).isFalse();
    }

    private static double relativeMaxDifference(INDArray actual, INDArray expected) {
        return actual.sub(expected).amaxNumber().doubleValue() / expected.amaxNumber().doubleValue();
    }

    @Test
    void lossGradientEqualsVectorJacobianOfSoftmaxMinusOneHot() {
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.DOUBLE, Activation.RELU, 12, 8, 6, 4));
        INDArray x = uniform(SEED + 6, 16, 12);
        INDArray oneHot = LabeledData.oneHot(new int[] {0, 1, 2, 3, 3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0}, 4, DataType.DOUBLE);
        INDArray residual = Transforms.softmax(model.logits(x), true).subi(oneHot);

        INDArray viaNetwork = model.lossGradient(x, oneHot);
        INDArray viaSeed = model.vectorJacobian(x, residual);
        // Two routes through the same double arithmetic (DL4J's softmax/MCXENT backward vs. our seed): 1e-12.
        assertThat(viaNetwork.sub(viaSeed).amaxNumber().doubleValue()).isLessThan(1e-12);
        assertThat(viaNetwork.amaxNumber().doubleValue()).isGreaterThan(1e-3);
    }

    @Test
    void lossGradientIsCrossEntropyEvenWhenTheNetworkWasTrainedWithAnotherLoss() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(SEED).dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).biasInit(0.1).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(5).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        Classifier model = Classifier.of(network);
        INDArray x = uniform(SEED + 7, 3, 6);
        int[] labels = {2, 0, 1};
        double[][] gradient = model.lossGradient(x, LabeledData.oneHot(labels, 3, DataType.DOUBLE)).toDoubleMatrix();
        for (int n = 0; n < 3; n++) {
            assertThat(assertMatchesDifferences(gradient[n],
                    FiniteDifferences.of(crossEntropy(model, labels[n]), x.getRow(n), H))).isZero();
        }
    }

    @Test
    void floatModelAgreesWithItsDoubleCopy() {
        Classifier model = Classifier.of(TestModels.tinyMlp(SEED));
        Classifier exact = model.inDouble();
        assertThat(model.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(exact.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(model.inDouble()).isSameAs(exact);
        assertThat(exact.inDouble()).isSameAs(exact);

        INDArray x = uniform(SEED + 8, 8, 784).castTo(DataType.FLOAT);
        INDArray oneHot = LabeledData.oneHot(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, 10, DataType.FLOAT);
        INDArray g = model.lossGradient(x, oneHot);
        INDArray gd = exact.lossGradient(x, oneHot);
        assertThat(g.dataType()).isEqualTo(DataType.FLOAT);
        // float has 24-bit mantissas: relative agreement to 1e-4 (spike measured 1.5e-6 for the MLP).
        double relative = g.castTo(DataType.DOUBLE).sub(gd).norm2Number().doubleValue() / gd.norm2Number().doubleValue();
        assertThat(relative).isLessThan(1e-4);
        assertThat(model.predict(x)).containsExactly(exact.predict(x));
    }

    @Test
    void rejectsInputOfTheWrongWidthNamingBothWidths() {
        Classifier model = Classifier.of(TestModels.tinyMlp(SEED));
        assertThatThrownBy(() -> model.logits(Nd4j.zeros(DataType.FLOAT, 2, 783)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("784").hasMessageContaining("783");
        assertThatThrownBy(() -> model.lossGradient(Nd4j.zeros(DataType.FLOAT, 2, 784), Nd4j.zeros(DataType.FLOAT, 2, 9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 10]").hasMessageContaining("9");
        assertThatThrownBy(() -> model.vectorJacobian(Nd4j.zeros(DataType.FLOAT, 784), Nd4j.zeros(DataType.FLOAT, 1, 10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[784]");
    }

    @Test
    void rejectsNanAndInfiniteInput() {
        Classifier model = Classifier.of(TestModels.tinyMlp(SEED));
        INDArray nan = Nd4j.zeros(DataType.FLOAT, 2, 784);
        nan.putScalar(1, 17, Float.NaN);
        assertThatThrownBy(() -> model.predict(nan)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        INDArray inf = Nd4j.zeros(DataType.FLOAT, 2, 784);
        inf.putScalar(0, 3, Float.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> model.logits(inf)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("infinite");
        INDArray seed = Nd4j.zeros(DataType.FLOAT, 2, 10);
        seed.putScalar(0, 0, Float.NaN);
        assertThatThrownBy(() -> model.vectorJacobian(Nd4j.zeros(DataType.FLOAT, 2, 784), seed))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed");
    }

    @Test
    void rejectsNetworksThatAreNotSoftmaxClassifiers() {
        MultiLayerNetwork noOutput = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).build()).build());
        noOutput.init();
        assertThatThrownBy(() -> Classifier.of(noOutput)).hasMessageContaining("no output layer");

        MultiLayerNetwork regression = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(3)
                        .activation(Activation.IDENTITY).build()).build());
        regression.init();
        assertThatThrownBy(() -> Classifier.of(regression)).hasMessageContaining("softmax");

        MultiLayerNetwork notInitialised = TestModels.tinyMlp(SEED);
        assertThatThrownBy(() -> Classifier.of(new MultiLayerNetwork(notInitialised.getLayerWiseConfigurations())))
                .hasMessageContaining("not initialised");
    }

    @Test
    void concurrentCallsGiveTheSerialResults() throws Exception {
        Classifier model = Classifier.of(TestModels.tinyMlp(SEED));
        List<INDArray> inputs = new ArrayList<>();
        List<INDArray> expected = new ArrayList<>();
        INDArray oneHot = LabeledData.oneHot(new int[] {1, 2, 3, 4}, 10, DataType.FLOAT);
        for (int i = 0; i < 8; i++) {
            INDArray x = uniform(SEED + 100 + i, 4, 784).castTo(DataType.FLOAT);
            inputs.add(x);
            expected.add(model.lossGradient(x, oneHot));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<INDArray>> results = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (INDArray x : inputs) {
                    results.add(pool.submit(() -> model.lossGradient(x, oneHot)));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                // Same computation with one BLAS thread: bitwise equal unless calls interfere.
                assertThat(results.get(i).get().toFloatMatrix()).as("call %d", i)
                        .isDeepEqualTo(expected.get(i % inputs.size()).toFloatMatrix());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
