package dev.cusp.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A feed-forward network made only of DL4J {@code DenseLayer}s with elementwise activations and a dense
 * {@code OutputLayer}, seen as views of its weights: z_l = a_{l−1}W_l + b_l, a_l = σ_l(z_l), logits z_L. Its logit
 * Jacobian is the masked weight product J = W_Lᵀ·diag σ'(z_{L−1})·W_{L−1}ᵀ ⋯ diag σ'(z_1)·W_1ᵀ, built for a whole
 * batch with one GEMM per layer on the c-fold stacked rows (the weights are shared, only the masks differ).
 */
public record DenseNetwork(List<Layer> layers) {

    /**
     * One layer: weights [in, out] and bias [1, out] (null without bias) as views of the network's parameters;
     * the activation is null for the output layer, whose pre-activations are the logits.
     */
    public record Layer(INDArray weights, INDArray bias, DenseActivation activation) {
    }

    /**
     * A forward pass: the input a_{l−1} of every layer, and for every hidden layer σ'(z_l) and σ''(z_l) (the
     * latter only when asked for, null where identically zero), and the logits.
     */
    public record Pass(List<INDArray> inputs, List<INDArray> derivatives, List<INDArray> secondDerivatives, INDArray logits) {
    }

    /** The dense view of {@code network}, or empty when any layer is not dense/elementwise (then use DL4J). */
    public static Optional<DenseNetwork> of(MultiLayerNetwork network) {
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        int count = conf.getConfs().size();
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (conf.getInputPreProcess(i) != null) {
                return Optional.empty();
            }
            Layer layer = layerAt(network, conf.getConf(i).getLayer(), i, i == count - 1);
            if (layer == null) {
                return Optional.empty();
            }
            layers.add(layer);
        }
        return Optional.of(new DenseNetwork(List.copyOf(layers)));
    }

    private static Layer layerAt(MultiLayerNetwork network, org.deeplearning4j.nn.conf.layers.Layer config, int index,
            boolean last) {
        INDArray bias = network.getLayer(index).paramTable().get("b");
        INDArray weights = network.getLayer(index).paramTable().get("W");
        if (last) {
            boolean logits = config.getClass() == OutputLayer.class && (((OutputLayer) config).getActivationFn()
                    instanceof ActivationSoftmax || ((OutputLayer) config).getActivationFn() instanceof ActivationIdentity);
            return logits ? new Layer(weights, bias, null) : null;
        }
        if (config.getClass() != DenseLayer.class || ((DenseLayer) config).hasLayerNorm()) {
            return null;
        }
        return DenseActivation.of(((DenseLayer) config).getActivationFn())
                .map(activation -> new Layer(weights, bias, activation))
                .orElse(null);
    }

    public int classes() {
        return (int) layers.get(layers.size() - 1).weights().columns();
    }

    public int inputs() {
        return (int) layers.get(0).weights().rows();
    }

    /** The forward pass of {@code x} [n, inputs] in the network's data type. */
    public Pass forward(INDArray x, boolean withSecondDerivatives) {
        List<INDArray> inputs = new ArrayList<>();
        List<INDArray> derivatives = new ArrayList<>();
        List<INDArray> second = new ArrayList<>();
        INDArray a = x;
        for (Layer layer : layers) {
            inputs.add(a);
            INDArray z = affine(a, layer);
            if (layer.activation() == null) {
                return new Pass(inputs, derivatives, second, z);
            }
            a = layer.activation().value(z);
            INDArray derivative = layer.activation().derivative(z);
            derivatives.add(derivative);
            second.add(withSecondDerivatives ? layer.activation().secondDerivative(a, derivative) : null);
        }
        throw new IllegalStateException("a dense network ends with its output layer");
    }

    /** The logits of {@code x} [n, inputs]: the forward pass without derivatives. */
    public INDArray logits(INDArray x) {
        INDArray a = x;
        for (Layer layer : layers) {
            INDArray z = affine(a, layer);
            if (layer.activation() == null) {
                return z;
            }
            a = layer.activation().value(z);
        }
        throw new IllegalStateException("a dense network ends with its output layer");
    }

    /**
     * Σ_k seed[i,k]·∂f_k(x_i)/∂x_i for every row [n, inputs] — reverse mode through a forward {@code pass}:
     * g ← seed, then g ← g·W_lᵀ and g ← g ⊙ σ'(z_{l−1}) layer by layer down to the input. No weight gradients are
     * formed (DL4J's backward pass computes them too), so this costs one GEMM per layer.
     */
    public INDArray vectorJacobian(Pass pass, INDArray seed) {
        INDArray g = seed;
        for (int l = layers.size() - 1; l >= 0; l--) {
            g = product(g, layers.get(l).weights(), true);
            if (l > 0) {
                g.muli(pass.derivatives().get(l - 1));
            }
        }
        return g;
    }

    /**
     * a·b, or a·bᵀ when {@code transposeB}, as a new row-major matrix: one BLAS GEMM computing op(b)ᵀ·aᵀ into
     * column-major storage, seen transposed. ND4J's {@code mmul} allocates and lays out its result in a way that
     * halves the GEMM's rate here (51–69 against 86–136 GFLOP/s on one core for the MLP's layers, measured in
     * docs/performance.md), and the row-major result keeps the reshapes below free of copies.
     */
    public static INDArray product(INDArray a, INDArray b, boolean transposeB) {
        long rows = a.rows();
        long columns = transposeB ? b.rows() : b.columns();
        INDArray out = Nd4j.createUninitialized(a.dataType(), new long[] {columns, rows}, 'f');
        return Nd4j.gemm(b, a, out, !transposeB, true, 1.0, 0.0).transpose();
    }

    /** z = aW + b. */
    public static INDArray affine(INDArray a, Layer layer) {
        INDArray z = product(a, layer.weights(), false);
        return layer.bias() == null ? z : z.addiRowVector(layer.bias());
    }

    /**
     * The logit Jacobians of every row of {@code x} [n, d], as [n, c, d]: reverse mode on the stacked matrix
     * G [n·c, width], whose rows i·c + k carry e_k back through example i — G starts as W_Lᵀ times the σ'(z_{L−1})
     * row of each example, then every layer below multiplies it by W_lᵀ and by its σ'(z) rows. The row masks are
     * broadcast products on the [n, c, width] view (ND4J's tile/repeat copies cost more than the GEMMs).
     */
    public INDArray logitJacobians(INDArray x) {
        long n = x.rows();
        int c = classes();
        List<INDArray> derivatives = forward(x, false).derivatives();
        int last = layers.size() - 1;
        INDArray outputRows = layers.get(last).weights().transpose();
        if (last == 0) {
            return outputRows.reshape(1, c, x.columns()).repeat(0, n);
        }
        INDArray g = masked(outputRows.reshape(1, c, outputRows.columns()), derivatives.get(last - 1), n, c);
        for (int l = last - 1; l >= 0; l--) {
            g = product(g, layers.get(l).weights(), true);
            if (l > 0) {
                g = masked(g.reshape('c', n, c, g.columns()), derivatives.get(l - 1), n, c);
            }
        }
        return g.reshape('c', n, c, x.columns());
    }

    /** rows [n or 1, c, w] ⊙ σ' [n, w] broadcast over the c rows of each example, as a new [n·c, w] matrix. */
    private static INDArray masked(INDArray rows, INDArray derivative, long n, int c) {
        long w = derivative.columns();
        return derivative.reshape('c', n, 1, w).mul(rows).reshape('c', n * c, w);
    }
}
