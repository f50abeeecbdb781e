package dev.cusp.bench;

import dev.cusp.core.model.Classifier;
import dev.cusp.core.model.OneDnnHelpers;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The two benchmark networks of shared/bench/torch_reference_bench.py (same layer shapes, seeded random
 * weights: speed does not depend on the values) and their forward FLOP counts.
 */
public final class BenchModels {
    /** MLP 784-256-256-10: 2·(784·256 + 256·256 + 256·10) multiply-adds counted as 2 FLOPs. */
    public static final long MLP_FORWARD_FLOPS = 2L * (784 * 256 + 256 * 256 + 256 * 10);
    /**
     * CNN conv5x5x16 (24·24·16 outputs × 25 MACs), pool, conv5x5x32 (8·8·32 × 400 MACs), pool, dense 512→128,
     * out 128→10; pooling and activations are not counted.
     */
    public static final long CNN_FORWARD_FLOPS = 2L * (24 * 24 * 16 * 25 + 8 * 8 * 32 * 400 + 512 * 128 + 128 * 10);
    /**
     * An input gradient through DL4J (the CNN) costs about one forward and two backward passes (data and weight
     * gradients); through the dense path of {@code Classifier} (the MLP) one forward and one data-only backward pass.
     */
    public static int gradientCostInForwards(String model) {
        return model.equals("mlp") ? 2 : 3;
    }

    /**
     * FLOPs of one full logit Jacobian (c = 10 rows): the MLP's masked weight product is one forward pass plus c
     * data-only backward passes; the CNN replicates the example c times through DL4J's full backward pass.
     */
    public static double jacobianFlops(String model) {
        return model.equals("mlp") ? 11.0 * MLP_FORWARD_FLOPS : 10.0 * 3 * CNN_FORWARD_FLOPS;
    }

    public static Classifier mlp(DataType type) {
        return Classifier.of(mlpNetwork(type));
    }

    static MultiLayerNetwork mlpNetwork(DataType type) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(42).dataType(type).weightInit(WeightInit.XAVIER).updater(new Adam(1e-3))
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(256).nOut(256).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(256).nOut(10).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    public static Classifier cnn(DataType type) {
        return Classifier.of(cnnNetwork(type));
    }

    static MultiLayerNetwork cnnNetwork(DataType type) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(42).dataType(type).weightInit(WeightInit.XAVIER).updater(new Adam(1e-3))
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(32).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    /**
     * Sets core's oneDNN convolution switch ({@code OneDnnHelpers}) for the classifiers built afterwards in this JVM:
     * {@code on} (core's default) or {@code off} (DL4J's built-in im2col + gemm convolution).
     */
    public static void oneDnnHelpers(String setting) {
        switch (setting) {
            case "on" -> System.setProperty(OneDnnHelpers.SWITCH_PROPERTY, "true");
            case "off" -> System.setProperty(OneDnnHelpers.SWITCH_PROPERTY, "false");
            default -> throw new IllegalArgumentException("unknown oneDNN setting '" + setting + "' (on, off)");
        }
    }

    public static Classifier byName(String name, DataType type) {
        return Classifier.of(network(name, type));
    }

    /** The untrained network {@code mlp} or {@code cnn}. */
    public static MultiLayerNetwork network(String name, DataType type) {
        return switch (name) {
            case "mlp" -> mlpNetwork(type);
            case "cnn" -> cnnNetwork(type);
            default -> throw new IllegalArgumentException("unknown benchmark model '" + name + "' (mlp, cnn)");
        };
    }

    public static long forwardFlops(String name) {
        return name.equals("mlp") ? MLP_FORWARD_FLOPS : CNN_FORWARD_FLOPS;
    }

    /** Seeded uniform inputs in [0,1) and random one-hot labels. */
    public static INDArray[] batch(int size, DataType type) {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(type, size, 784);
        INDArray y = Nd4j.zeros(type, size, 10);
        for (int i = 0; i < size; i++) {
            y.putScalar(i, i % 10, 1.0);
        }
        return new INDArray[] {x, y};
    }

    private BenchModels() {
    }
}
