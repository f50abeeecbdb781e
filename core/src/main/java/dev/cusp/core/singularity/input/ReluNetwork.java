package dev.cusp.core.singularity.input;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A dense ReLU network in DOUBLE, z_l = a_{l−1}·W_l + b_l, a_l = relu(z_l) for the hidden layers and the
 * logits z_L = a_{L−1}·W_L + b_L (DL4J's row-vector convention, W_l of shape [n_{l−1}, n_l]): the
 * piecewise-linear form the exact kink, region and rank-certificate analyses read.
 */
public final class ReluNetwork {

    private final List<INDArray> weights;
    private final List<INDArray> biases;

    private ReluNetwork(List<INDArray> weights, List<INDArray> biases) {
        if (weights.isEmpty() || weights.size() != biases.size()) {
            throw new IllegalArgumentException("need as many bias vectors as weight matrices, at least one layer; got "
                    + weights.size() + " weights and " + biases.size() + " biases");
        }
        for (int l = 0; l < weights.size(); l++) {
            INDArray w = weights.get(l);
            if (w.rank() != 2 || biases.get(l).length() != w.columns()) {
                throw new IllegalArgumentException("layer " + l + ": weights " + java.util.Arrays.toString(w.shape())
                        + " do not match bias length " + biases.get(l).length());
            }
            if (l > 0 && weights.get(l - 1).columns() != w.rows()) {
                throw new IllegalArgumentException("layer " + l + " expects " + w.rows() + " inputs but layer "
                        + (l - 1) + " has " + weights.get(l - 1).columns() + " units");
            }
        }
        this.weights = List.copyOf(weights);
        this.biases = List.copyOf(biases);
    }

    /** A network from weight matrices [n_{l−1}][n_l] and bias vectors; every layer but the last is ReLU. */
    public static ReluNetwork of(List<double[][]> weights, List<double[]> biases) {
        List<INDArray> w = new ArrayList<>();
        List<INDArray> b = new ArrayList<>();
        for (double[][] m : weights) {
            w.add(Nd4j.createFromArray(m));
        }
        for (double[] v : biases) {
            b.add(Nd4j.createFromArray(v).reshape(1, v.length));
        }
        return new ReluNetwork(w, b);
    }

    /**
     * The ReLU network inside a DL4J MLP: every layer but the last must be a {@link DenseLayer} with ReLU,
     * the last a dense or output layer (its activation is ignored: the analyses read the logits).
     */
    public static ReluNetwork of(MultiLayerNetwork net) {
        int layers = net.getnLayers();
        List<INDArray> w = new ArrayList<>();
        List<INDArray> b = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            Layer conf = net.getLayerWiseConfigurations().getConf(l).getLayer();
            boolean last = l == layers - 1;
            if (!(conf instanceof DenseLayer || (last && conf instanceof OutputLayer))) {
                throw new IllegalArgumentException("layer " + l + " is " + conf.getClass().getSimpleName()
                        + ": the exact ReLU analyses need dense layers only");
            }
            if (!last && !(((BaseLayer) conf).getActivationFn() instanceof ActivationReLU)) {
                throw new IllegalArgumentException("hidden layer " + l + " has activation "
                        + ((BaseLayer) conf).getActivationFn() + ": the exact ReLU analyses need ReLU");
            }
            INDArray weight = net.getLayer(l).getParam("W").castTo(DataType.DOUBLE).dup();
            INDArray bias = net.getLayer(l).getParam("b");
            w.add(weight);
            b.add(bias == null ? Nd4j.zeros(DataType.DOUBLE, 1, weight.columns())
                    : bias.castTo(DataType.DOUBLE).reshape(1, weight.columns()).dup());
        }
        return new ReluNetwork(w, b);
    }

    /** True when {@link #of(MultiLayerNetwork)} accepts the network. */
    public static boolean isReluMlp(MultiLayerNetwork net) {
        try {
            of(net);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public int inputSize() {
        return (int) weights.get(0).rows();
    }

    public int outputSize() {
        return (int) weights.get(weights.size() - 1).columns();
    }

    /** Number of hidden (ReLU) layers. */
    public int hiddenLayers() {
        return weights.size() - 1;
    }

    /** Units of hidden layer l (0-based). */
    public int width(int hiddenLayer) {
        return (int) weights.get(hiddenLayer).columns();
    }

    public INDArray weight(int layer) {
        return weights.get(layer);
    }

    public INDArray bias(int layer) {
        return biases.get(layer);
    }

    /** Pre-activations of every hidden layer, [n, n_l] each, for a batch x [n,d]. */
    public List<INDArray> preActivations(INDArray x) {
        requireInput(x);
        List<INDArray> z = new ArrayList<>(hiddenLayers());
        INDArray a = x.castTo(DataType.DOUBLE);
        for (int l = 0; l < hiddenLayers(); l++) {
            INDArray zl = a.mmul(weights.get(l)).addiRowVector(biases.get(l));
            z.add(zl);
            a = Transforms.relu(zl, true);
        }
        return z;
    }

    /** Logits [n,c] for a batch x [n,d]. */
    public INDArray logits(INDArray x) {
        requireInput(x);
        INDArray a = x.castTo(DataType.DOUBLE);
        for (int l = 0; l < hiddenLayers(); l++) {
            a = Transforms.relu(a.mmul(weights.get(l)).addiRowVector(biases.get(l)), false);
        }
        return a.mmul(weights.get(hiddenLayers())).addiRowVector(biases.get(hiddenLayers()));
    }

    /** Activation masks (1 where z > 0) of every hidden layer for a batch x [n,d]. */
    public List<INDArray> activationMasks(INDArray x) {
        List<INDArray> masks = new ArrayList<>();
        for (INDArray z : preActivations(x)) {
            masks.add(z.gt(0.0).castTo(DataType.DOUBLE));
        }
        return masks;
    }

    void requireInput(INDArray x) {
        if (x.rank() != 2 || x.size(1) != inputSize()) {
            throw new IllegalArgumentException("expected inputs [n," + inputSize() + "], got "
                    + java.util.Arrays.toString(x.shape()));
        }
    }
}
