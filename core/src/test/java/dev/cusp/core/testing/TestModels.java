package dev.cusp.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small seeded DL4J networks for tests: a tiny Fashion-MNIST-shaped MLP, general MLPs and exact linear models. */
public final class TestModels {

    /** A seeded, untrained 784-16-10 ReLU/softmax MLP (FLOAT) written with {@code ModelSerializer}. */
    public static byte[] tinyMlpZip(long seed) {
        return zip(tinyMlp(seed));
    }

    /** The network behind {@link #tinyMlpZip}. */
    public static MultiLayerNetwork tinyMlp(long seed) {
        return mlp(seed, DataType.FLOAT, Activation.RELU, 784, 16, 10);
    }

    /**
     * A seeded MLP with layer sizes {@code sizes} (input, hidden..., classes), {@code hidden} activations,
     * softmax/MCXENT output, Xavier weights and biases 0.1 (so ReLU units start active).
     */
    public static MultiLayerNetwork mlp(long seed, DataType type, Activation hidden, int... sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("need at least input and output sizes");
        }
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(type)
                .weightInit(WeightInit.XAVIER)
                .biasInit(0.1)
                .updater(new Sgd(0.1))
                .list();
        for (int i = 1; i < sizes.length - 1; i++) {
            list.layer(new DenseLayer.Builder().nIn(sizes[i - 1]).nOut(sizes[i]).activation(hidden).build());
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(sizes[sizes.length - 2]).nOut(sizes[sizes.length - 1]).activation(Activation.SOFTMAX).build());
        MultiLayerNetwork network = new MultiLayerNetwork(list.build());
        network.init();
        return network;
    }

    /**
     * A tiny DOUBLE CNN on 6×5×1 inputs (d = 30): conv 3×3×2 tanh, dense 5 with {@code dense} activation, 3 softmax
     * outputs; biases 0.1 so that no unit starts exactly at a kink.
     */
    public static MultiLayerNetwork tinyCnn(long seed, Activation dense) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).biasInit(0.1).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(dense).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutionalFlat(6, 5, 1))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    /** f(x) = Wx + b (W is [c][d]) as a one-layer DOUBLE network with a softmax/MCXENT output. */
    public static MultiLayerNetwork linear(double[][] w, double[] b) {
        int classes = w.length;
        int inputs = w[0].length;
        if (b.length != classes) {
            throw new IllegalArgumentException("W has " + classes + " rows but b has " + b.length + " entries");
        }
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1))
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(inputs).nOut(classes).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        INDArray weights = Nd4j.createFromArray(w).castTo(DataType.DOUBLE).transpose().dup();
        network.setParam("0_W", weights);
        network.setParam("0_b", Nd4j.createFromArray(b).castTo(DataType.DOUBLE).reshape(1, classes));
        return network;
    }

    /** The network as a {@code ModelSerializer} zip (without updater state). */
    public static byte[] zip(MultiLayerNetwork network) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(network, out, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private TestModels() {
    }
}
