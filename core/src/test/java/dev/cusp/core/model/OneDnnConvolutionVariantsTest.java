package dev.cusp.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The oneDNN convolution helper goes on every plain convolution layer of any uploaded model, so it must compute what
 * DL4J computes for every convolution setting, not only the benchmark CNN's: padding modes (Same pads
 * asymmetrically with stride 2), strides, rectangular kernels, no bias, channels-last, and dilation (which must stay
 * on DL4J's path: libnd4j's oneDNN conv2d rejects it, and DL4J would log and fall back). Each case is a small
 * seeded network (conv, conv, softmax output) with tanh activations — smooth, so no kink or tie makes the gradient
 * undefined — on seeded inputs in [−0.5, 0.5). Tolerance 1e-4 on ‖a − b‖/‖b‖, as in {@link OneDnnHelpersTest}:
 * float round-off is ~1e-7 here, a wrong padding, stride, layout or bias is of order 1.
 */
class OneDnnConvolutionVariantsTest {
    static final double TOLERANCE = 1e-4;
    static final int ROWS = 16;
    static final int SIZE = 9;
    static final int CHANNELS = 3;
    static final int CLASSES = 3;

    /** One convolution setting for the first layer (the second is a 2×2 stride-1 convolution in the same format). */
    record Variant(String name, int[] kernel, int[] stride, int[] padding, int[] dilation, ConvolutionMode mode,
            boolean bias, CNN2DFormat format) {
        /** Dilated kernels stay on DL4J's path: libnd4j M2.1's oneDNN conv2d rejects them. */
        int oneDnnLayers() {
            return dilation[0] == 1 && dilation[1] == 1 ? 2 : 1;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Variant> variants() {
        int[] one = {1, 1};
        int[] none = {0, 0};
        return Stream.of(
                new Variant("3x3 truncate", new int[] {3, 3}, one, none, one, ConvolutionMode.Truncate, true,
                        CNN2DFormat.NCHW),
                new Variant("3x3 same", new int[] {3, 3}, one, none, one, ConvolutionMode.Same, true,
                        CNN2DFormat.NCHW),
                new Variant("4x4 same stride 2", new int[] {4, 4}, new int[] {2, 2}, none, one, ConvolutionMode.Same,
                        true, CNN2DFormat.NCHW),
                new Variant("3x3 stride 2 padding 1", new int[] {3, 3}, new int[] {2, 2}, one, one,
                        ConvolutionMode.Truncate, true, CNN2DFormat.NCHW),
                new Variant("3x3 dilation 2", new int[] {3, 3}, one, none, new int[] {2, 2}, ConvolutionMode.Truncate,
                        true, CNN2DFormat.NCHW),
                new Variant("2x4 stride 1x2", new int[] {2, 4}, new int[] {1, 2}, none, one, ConvolutionMode.Truncate,
                        true, CNN2DFormat.NCHW),
                new Variant("3x3 no bias", new int[] {3, 3}, one, none, one, ConvolutionMode.Truncate, false,
                        CNN2DFormat.NCHW),
                new Variant("3x3 same channels-last", new int[] {3, 3}, one, none, one, ConvolutionMode.Same, true,
                        CNN2DFormat.NHWC));
    }

    static MultiLayerNetwork network(Variant v, DataType type) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(type).weightInit(WeightInit.XAVIER).updater(new Sgd(0.1))
                .list()
                .layer(new ConvolutionLayer.Builder(v.kernel(), v.stride(), v.padding()).dilation(v.dilation())
                        .convolutionMode(v.mode()).hasBias(v.bias()).dataFormat(v.format()).nOut(5)
                        .activation(Activation.TANH).build())
                .layer(new ConvolutionLayer.Builder(2, 2).dataFormat(v.format()).nOut(4).activation(Activation.TANH)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(SIZE, SIZE, CHANNELS, v.format()))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    static INDArray[] batch(Variant v) {
        Nd4j.getRandom().setSeed(11);
        long[] shape = v.format() == CNN2DFormat.NCHW ? new long[] {ROWS, CHANNELS, SIZE, SIZE}
                : new long[] {ROWS, SIZE, SIZE, CHANNELS};
        INDArray x = Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, ROWS, CLASSES);
        for (int i = 0; i < ROWS; i++) {
            y.putScalar(i, i % CLASSES, 1.0);
        }
        return new INDArray[] {x, y};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void oneDnnComputesWhatDl4jComputes(Variant v) {
        MultiLayerNetwork builtIn = network(v, DataType.FLOAT);
        MultiLayerNetwork oneDnn = network(v, DataType.FLOAT);
        MultiLayerNetwork reference = builtIn.convertDataType(DataType.DOUBLE);
        assertThat(OneDnnHelpers.install(oneDnn)).isEqualTo(v.oneDnnLayers());
        INDArray[] xy = batch(v);

        INDArray out = oneDnn.output(xy[0], false).dup();
        Pair<Gradient, INDArray> both = oneDnn.calculateGradients(xy[0], xy[1], null, null);
        INDArray grad = both.getSecond().dup();
        INDArray weights = both.getFirst().gradient().dup();
        INDArray outBuiltIn = builtIn.output(xy[0], false).dup();
        Pair<Gradient, INDArray> bothBuiltIn = builtIn.calculateGradients(xy[0], xy[1], null, null);
        INDArray gradBuiltIn = bothBuiltIn.getSecond().dup();
        INDArray weightsBuiltIn = bothBuiltIn.getFirst().gradient().dup();
        INDArray gradExact = OneDnnHelpersTest.inputGradient(reference, xy[0].castTo(DataType.DOUBLE),
                xy[1].castTo(DataType.DOUBLE));

        assertThat(oneDnn.getLayer(0).getHelper() != null).isEqualTo(v.oneDnnLayers() == 2);
        assertThat(OneDnnHelpersTest.convHelpers(oneDnn)).hasSize(v.oneDnnLayers()).allSatisfy(helper -> {
            assertThat(helper.forwardRuns()).as("oneDNN forward passes").isPositive();
            assertThat(helper.backwardRuns()).as("oneDNN backward passes").isPositive();
        });
        assertThat(grad.shape()).isEqualTo(xy[0].shape());
        double outputs = OneDnnHelpersTest.relativeError(out, outBuiltIn);
        double gradients = OneDnnHelpersTest.relativeError(grad, gradBuiltIn);
        double exact = OneDnnHelpersTest.relativeError(grad, gradExact);
        double parameters = OneDnnHelpersTest.relativeError(weights, weightsBuiltIn);
        System.out.printf("%s: outputs %.2e, input gradients vs built-in %.2e, vs DOUBLE %.2e, parameter gradients"
                + " %.2e%n", v, outputs, gradients, exact, parameters);
        assertThat(outputs).isLessThanOrEqualTo(TOLERANCE);
        assertThat(gradients).isLessThanOrEqualTo(TOLERANCE);
        assertThat(exact).isLessThanOrEqualTo(TOLERANCE);
        assertThat(weights.length()).isEqualTo(oneDnn.numParams());
        assertThat(parameters).isLessThanOrEqualTo(TOLERANCE);
    }
}
