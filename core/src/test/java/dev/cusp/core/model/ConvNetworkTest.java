package dev.cusp.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.data.LabeledData;
import dev.cusp.core.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The convolutional op path against DL4J's own forward and backward passes on the same weights, over the layer
 * variants it accepts (strides, padding, non-square kernels, several channels, layers without bias, tanh and ReLU,
 * pooling between and after convolutions), and the configurations it must leave to DL4J.
 */
class ConvNetworkTest {

    /** A CNN on [channels, height, width] inputs whose layers {@code body} appends before a dense head. */
    private static MultiLayerNetwork network(DataType type, int channels, int height, int width,
            Function<NeuralNetConfiguration.ListBuilder, NeuralNetConfiguration.ListBuilder> body) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(type).weightInit(WeightInit.XAVIER).biasInit(0.1).list();
        MultiLayerConfiguration conf = body.apply(list)
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutionalFlat(height, width, channels))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    private static double relativeMaxDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue() / b.amaxNumber().doubleValue();
    }

    private static void assertEqualsDl4j(String name, MultiLayerNetwork network, double tolerance) {
        assertEqualsDl4j(name, network, tolerance, 9);
    }

    /**
     * The three passes of the op path against DL4J's on {@code rows} examples, within {@code tolerance} of the
     * largest entry: random inputs, and inputs whose blank and flat areas make equal maxima in pooling windows
     * (a window's gradient goes to its first maximum alone).
     */
    private static void assertEqualsDl4j(String name, MultiLayerNetwork network, double tolerance, int rows) {
        Classifier model = Classifier.of(network);
        assertThat(model.convolutional()).as(name).isTrue();
        assertThat(model.sharesForwardPass()).as(name).isTrue();
        DataType type = model.dataType();
        Nd4j.getRandom().setSeed(11);
        INDArray random = Nd4j.rand(DataType.DOUBLE, rows, model.inputSize());
        INDArray flat = random.dup();
        long size = model.inputSize();
        flat.get(NDArrayIndex.all(), NDArrayIndex.interval(0, size / 2)).assign(0);
        flat.get(NDArrayIndex.all(), NDArrayIndex.interval(size / 2, 3 * size / 4)).assign(0.5);
        assertEqualsDl4j(name + ", random inputs", model, random.castTo(type), tolerance);
        assertEqualsDl4j(name + ", blank and flat areas", model, flat.castTo(type), tolerance);
    }

    private static void assertEqualsDl4j(String name, Classifier model, INDArray x, double tolerance) {
        DataType type = model.dataType();
        int rows = (int) x.rows();
        int c = model.classes();
        INDArray seed = Nd4j.rand(DataType.DOUBLE, rows, c).subi(0.5).castTo(type);
        INDArray oneHot = LabeledData.oneHot(IntStream.range(0, rows).map(i -> i % 3).toArray(), c, type);
        assertThat(relativeMaxDifference(model.logits(x), model.logitsByNetwork(x))).as("%s logits", name)
                .isLessThan(tolerance);
        assertThat(relativeMaxDifference(model.vectorJacobian(x, seed), model.vectorJacobianByBackprop(x, seed)))
                .as("%s vector–Jacobian product", name).isLessThan(tolerance);
        // DL4J's MCXENT clips probabilities to [1e-10, 1 − 1e-10]; the op path does not: 1e-9 at least
        assertThat(relativeMaxDifference(model.lossGradient(x, oneHot), model.lossGradientByBackprop(x, oneHot)))
                .as("%s loss gradient", name).isLessThan(Math.max(tolerance, 1e-9));
        Classifier.Evaluation evaluation = model.logitsAndVectorJacobian(x, logits -> seed);
        assertThat(relativeMaxDifference(evaluation.gradient(), model.vectorJacobianByBackprop(x, seed)))
                .as("%s shared pass", name).isLessThan(tolerance);
        assertThat(evaluation.logits()).isEqualTo(model.logits(x));
        // batches of 1 and 3 rows run on this thread's plans (arrays and op contexts made once): twice each, on
        // different rows, so a plan that kept anything from its previous call would show it
        for (int k : new int[] {1, 3}) {
            for (int start : new int[] {0, rows - k}) {
                INDArray few = x.get(NDArrayIndex.interval(start, start + k), NDArrayIndex.all()).dup();
                INDArray fewSeed = seed.get(NDArrayIndex.interval(start, start + k), NDArrayIndex.all()).dup();
                Classifier.Evaluation planned = model.logitsAndVectorJacobian(few, logits -> fewSeed);
                assertThat(relativeMaxDifference(planned.logits(), model.logitsByNetwork(few)))
                        .as("%s logits of %d rows from %d", name, k, start).isLessThan(tolerance);
                assertThat(relativeMaxDifference(planned.gradient(), model.vectorJacobianByBackprop(few, fewSeed)))
                        .as("%s vector–Jacobian product of %d rows from %d", name, k, start).isLessThan(tolerance);
            }
        }
        // the logit Jacobians' backward pass (c rows per example, pooling routed once per example) row by row
        // against DL4J's backward pass seeded with e_k
        INDArray jacobians = model.convNetwork().orElseThrow().logitJacobians(x, c);
        for (int k = 0; k < c; k++) {
            INDArray unit = Nd4j.zeros(type, rows, c);
            unit.getColumn(k).assign(1);
            INDArray row = jacobians.get(NDArrayIndex.all(), NDArrayIndex.point(k), NDArrayIndex.all());
            assertThat(relativeMaxDifference(row, model.vectorJacobianByBackprop(x, unit)))
                    .as("%s Jacobian row %d", name, k).isLessThan(tolerance);
        }
    }

    @Test
    void everySupportedLayerVariantEqualsDl4jInDouble() {
        // the same double arithmetic summed in other orders (oneDNN/GEMM blocking): 1e-12 of the largest entry
        assertEqualsDl4j("conv 3×3, pool 2×2", network(DataType.DOUBLE, 1, 10, 10, l -> l
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())), 1e-12);
        assertEqualsDl4j("stride 2, padding 1, 3 channels, 3×5 kernel, tanh", network(DataType.DOUBLE, 3, 9, 11, l -> l
                .layer(new ConvolutionLayer.Builder(3, 5).stride(2, 2).padding(1, 1).nOut(5)
                        .activation(Activation.TANH).build())), 1e-12);
        assertEqualsDl4j("two convolutions without bias, overlapping pool 3×3 stride 2",
                network(DataType.DOUBLE, 2, 12, 12, l -> l
                        .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).hasBias(false).activation(Activation.RELU)
                                .build())
                        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(3, 3)
                                .stride(2, 2).build())
                        .layer(new ConvolutionLayer.Builder(2, 2).nOut(4).activation(Activation.SIGMOID).build())),
                1e-12);
        assertEqualsDl4j("the test suite's tiny CNN", TestModels.tinyCnn(3, Activation.RELU), 1e-12);
        // one input channel (gradient by columns and col2im) with stride, padding, and a width the window truncates
        assertEqualsDl4j("one channel, stride 2, padding 1, 3×4 kernel, truncated width", network(DataType.DOUBLE, 1,
                11, 9, l -> l.layer(new ConvolutionLayer.Builder(3, 4).stride(2, 2).padding(1, 1).nOut(3)
                        .activation(Activation.RELU).build())), 1e-12);
        // two input channels where the window truncates the input (deconv2d_tf), then ReLU before pooling
        assertEqualsDl4j("two channels, stride 2, truncated input, ReLU then pool", network(DataType.DOUBLE, 2, 10, 10,
                l -> l.layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(4).activation(Activation.RELU)
                                .build())
                        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                                .stride(2, 2).build())), 1e-12);
        // a ReLU moved after overlapping pooling windows that padding clips at the border
        assertEqualsDl4j("ReLU then pool 3×3, stride 2, padding 1", network(DataType.DOUBLE, 1, 10, 10, l -> l
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                        .padding(1, 1).build())), 1e-12);
        // leaky ReLU before pooling stays before it (αz can round distinct z to one value)
        assertEqualsDl4j("leaky ReLU then pool", network(DataType.DOUBLE, 1, 10, 10, l -> l
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.LEAKYRELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())), 1e-12);
        // a layer declared NHWC behind InputType.convolutionalFlat takes the input type's NCHW (DL4J sets it from
        // the input type), so it runs, and is run here, as NCHW
        assertEqualsDl4j("declared NHWC, NCHW input type", network(DataType.DOUBLE, 1, 8, 8, l -> l
                .layer(new ConvolutionLayer.Builder(3, 3).dataFormat(CNN2DFormat.NHWC).nOut(2)
                        .activation(Activation.RELU).build())), 1e-12);
    }

    @Test
    void theBenchmarkCnnInFloatEqualsDl4jToFloatRoundOff() {
        // conv5×5×16, pool, conv5×5×32, pool, dense 128, out 10 on 28×28: FLOAT sums of ≤ 800 products in other
        // orders, 1e-5 of the largest entry (ε = 6e-8 per operation)
        assertEqualsDl4j("benchmark CNN", network(DataType.FLOAT, 1, 28, 28, l -> l
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(32).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())), 1e-5, 40);
    }

    @Test
    void plansGiveTheGeneralPathsValuesForEveryBatchSizeOnEveryThread() throws Exception {
        // a plan runs the same ops in the same order on the same values: equal to the last bit (ReLU, DOUBLE)
        Classifier model = Classifier.of(TestModels.tinyCnn(9, Activation.RELU));
        ConvNetwork network = model.convNetwork().orElseThrow();
        Nd4j.getRandom().setSeed(17);
        INDArray x = Nd4j.rand(DataType.DOUBLE, ConvPlan.MAX_ROWS + 1, model.inputSize());
        INDArray seed = Nd4j.rand(DataType.DOUBLE, ConvPlan.MAX_ROWS + 1, model.classes()).subi(0.5);
        // sizes 1–6 and then 1 again: more sizes than a thread keeps plans for, so 1's plan was freed and is rebuilt;
        // the largest planned size and the first size past it (the general path on both sides)
        int[] sizes = {1, 2, 3, 4, 5, 6, 1, ConvPlan.MAX_ROWS, ConvPlan.MAX_ROWS + 1};
        for (int size : sizes) {
            assertPlanEqualsGeneralPath(network, x, seed, size);
        }
        // the arrays a plan returns are the caller's: changing them changes nothing in the next call
        INDArray few = x.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()).dup();
        INDArray fewSeed = seed.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()).dup();
        Classifier.Evaluation first = network.evaluate(few, logits -> fewSeed);
        INDArray logits = first.logits().dup();
        INDArray gradient = first.gradient().dup();
        first.logits().assign(Double.NaN);
        first.gradient().assign(Double.NaN);
        Classifier.Evaluation second = network.evaluate(few, logits2 -> fewSeed);
        assertThat(second.logits()).isEqualTo(logits);
        assertThat(second.gradient()).isEqualTo(gradient);
        // two threads at once, each on its own plans
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                runs.add(pool.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        assertPlanEqualsGeneralPath(network, x, seed, 1 + round % 3);
                    }
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void assertPlanEqualsGeneralPath(ConvNetwork network, INDArray x, INDArray seed, int size) {
        INDArray rows = x.get(NDArrayIndex.interval(0, size), NDArrayIndex.all()).dup();
        INDArray seeds = seed.get(NDArrayIndex.interval(0, size), NDArrayIndex.all()).dup();
        ConvNetwork.Pass pass = network.forward(rows);
        INDArray gradient = network.vectorJacobian(pass, seeds);
        Classifier.Evaluation planned = network.evaluate(rows, logits -> seeds);
        assertThat(planned.logits()).as("logits of %d rows", size).isEqualTo(pass.logits());
        assertThat(planned.gradient()).as("gradient of %d rows", size).isEqualTo(gradient);
        assertThat(network.logits(rows)).as("logits alone of %d rows", size).isEqualTo(pass.logits());
    }

    @Test
    void aReluBeforeMaxPoolingRunsAfterItAndNoOtherActivationMoves() {
        MultiLayerNetwork relu = network(DataType.DOUBLE, 1, 10, 10, l -> l
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.RELU).build()));
        List<ConvNetwork.Stage> stages = ConvNetwork.of(relu, new int[] {1, 10, 10}).orElseThrow().stages();
        assertThat(((ConvNetwork.Convolution) stages.get(0)).activation()).isNull();
        assertThat(((ConvNetwork.Pooling) stages.get(1)).activation().function()).isInstanceOf(ActivationReLU.class);
        // a ReLU convolution without pooling after it keeps its activation
        assertThat(((ConvNetwork.Convolution) stages.get(2)).activation().function())
                .isInstanceOf(ActivationReLU.class);
        MultiLayerNetwork leaky = network(DataType.DOUBLE, 1, 10, 10, l -> l
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.LEAKYRELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build()));
        List<ConvNetwork.Stage> kept = ConvNetwork.of(leaky, new int[] {1, 10, 10}).orElseThrow().stages();
        assertThat(((ConvNetwork.Convolution) kept.get(0)).activation()).isNotNull();
        assertThat(((ConvNetwork.Pooling) kept.get(1)).activation()).isNull();
    }

    @Test
    void stridedAndColumnMajorInputsAreReadAsTheirValues() {
        Classifier model = Classifier.of(TestModels.tinyCnn(5, Activation.RELU));
        Nd4j.getRandom().setSeed(13);
        INDArray every = Nd4j.rand(DataType.DOUBLE, 12, model.inputSize());
        INDArray everyOtherRow = every.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, 12),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray contiguous = everyOtherRow.dup('c');
        INDArray seed = Nd4j.rand(DataType.DOUBLE, 6, model.classes());
        assertThat(model.logits(everyOtherRow)).isEqualTo(model.logits(contiguous));
        assertThat(model.logits(contiguous.dup('f'))).isEqualTo(model.logits(contiguous));
        assertThat(model.vectorJacobian(everyOtherRow, seed)).isEqualTo(model.vectorJacobian(contiguous, seed));
        assertThat(model.vectorJacobian(contiguous, seed.dup('f'))).isEqualTo(model.vectorJacobian(contiguous, seed));
        // and the caller's arrays are left as they were
        assertThat(everyOtherRow).isEqualTo(contiguous);
    }

    @Test
    void configurationsOutsideTheOpPathAreLeftToDl4j() {
        MultiLayerNetwork same = network(DataType.DOUBLE, 1, 8, 8, l -> l.layer(new ConvolutionLayer.Builder(3, 3)
                .convolutionMode(ConvolutionMode.Same).nOut(2).activation(Activation.RELU).build()));
        MultiLayerNetwork dilated = network(DataType.DOUBLE, 1, 8, 8, l -> l.layer(new ConvolutionLayer.Builder(3, 3)
                .dilation(2, 2).nOut(2).activation(Activation.RELU).build()));
        MultiLayerNetwork average = network(DataType.DOUBLE, 1, 8, 8, l -> l
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(2, 2).stride(2, 2)
                        .build()));
        MultiLayerNetwork softplus = network(DataType.DOUBLE, 1, 8, 8, l -> l.layer(new ConvolutionLayer.Builder(3, 3)
                .nOut(2).activation(Activation.SOFTPLUS).build()));
        String[] names = {"Same mode", "dilation 2", "average pooling", "softplus"};
        MultiLayerNetwork[] networks = {same, dilated, average, softplus};
        for (int i = 0; i < networks.length; i++) {
            Classifier model = Classifier.of(networks[i]);
            assertThat(model.convolutional()).as(names[i]).isFalse();
            assertThat(model.dense()).isFalse();
            assertThat(model.sharesForwardPass()).isFalse();
            // and DL4J still answers
            assertThat(model.logits(Nd4j.rand(DataType.DOUBLE, 2, 64)).shape()).as(names[i]).containsExactly(2, 4);
        }
    }
}
