package dev.cusp.core.model;

import dev.cusp.core.linalg.Blas;
import dev.cusp.core.linalg.Buffers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A feed-forward network made only of DL4J {@code DenseLayer}s with elementwise activations and a dense
 * {@code OutputLayer}, seen as views of its weights: z_l = a_{l−1}W_l + b_l, a_l = σ_l(z_l), logits z_L. Its logit
 * Jacobian is the masked weight product J = W_Lᵀ·diag σ'(z_{L−1})·W_{L−1}ᵀ ⋯ diag σ'(z_1)·W_1ᵀ, built for a whole
 * batch with one GEMM per layer on the c-fold stacked rows (the weights are shared, only the masks differ).
 */
public record DenseNetwork(List<Layer> layers) implements FastPath {

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
            if (layer.activation() == null) {
                return new Pass(inputs, derivatives, second, affine(a, layer));
            }
            a = product(a, layer.weights(), false);
            INDArray derivative = layer.activation().activateInPlace(a, layer.bias(), true);
            derivatives.add(derivative);
            second.add(withSecondDerivatives ? layer.activation().secondDerivative(a, derivative) : null);
        }
        throw new IllegalStateException("a dense network ends with its output layer");
    }

    @Override
    public Classifier.Evaluation evaluate(INDArray x, UnaryOperator<INDArray> seedOfLogits) {
        Pass pass = forward(x, false);
        INDArray gradient = vectorJacobian(pass, seedOfLogits.apply(pass.logits()));
        release(pass, false);
        return new Classifier.Evaluation(pass.logits(), gradient);
    }

    /** The logits of {@code x} [n, inputs]: the forward pass without derivatives. */
    @Override
    public INDArray logits(INDArray x) {
        INDArray a = x;
        for (Layer layer : layers) {
            INDArray next = layer.activation() == null ? affine(a, layer) : product(a, layer.weights(), false);
            if (a != x) {
                Buffers.release(a);
            }
            if (layer.activation() == null) {
                return next;
            }
            layer.activation().activateInPlace(next, layer.bias(), false);
            a = next;
        }
        throw new IllegalStateException("a dense network ends with its output layer");
    }

    /**
     * The cross-entropy seed softmax(f) − y per row, as a new [n, c] array: the gradient of CE(softmax(f), y) with
     * respect to the logits f (a new row-major array) for targets y of the same shape (one-hot or any distribution).
     */
    public static INDArray crossEntropySeed(INDArray logits, INDArray targets) {
        int n = (int) logits.rows();
        int c = (int) logits.columns();
        double[] f = valuesOf(logits);
        double[] t = valuesOf(targets);
        double[] seed = new double[n * c];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                max = Math.max(max, f[i * c + k]);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                seed[i * c + k] = Math.exp(f[i * c + k] - max);
                sum += seed[i * c + k];
            }
            for (int k = 0; k < c; k++) {
                seed[i * c + k] = seed[i * c + k] / sum - t[i * c + k];
            }
        }
        if (logits.dataType() == DataType.DOUBLE) {
            return Nd4j.create(seed, new long[] {n, c}, DataType.DOUBLE);
        }
        float[] single = new float[n * c];
        for (int i = 0; i < single.length; i++) {
            single[i] = (float) seed[i];
        }
        return Nd4j.create(single, new long[] {n, c}, DataType.FLOAT);
    }

    /**
     * Σ_k seed[i,k]·∂f_k(x_i)/∂x_i for every row [n, inputs] — reverse mode through a forward {@code pass}:
     * g ← seed, then g ← g·W_lᵀ and g ← g ⊙ σ'(z_{l−1}) layer by layer down to the input. No weight gradients are
     * formed (DL4J's backward pass computes them too), so this costs one GEMM per layer.
     */
    public INDArray vectorJacobian(Pass pass, INDArray seed) {
        INDArray g = seed;
        for (int l = layers.size() - 1; l >= 0; l--) {
            INDArray next = product(g, layers.get(l).weights(), true);
            if (g != seed) {
                Buffers.release(g);
            }
            g = next;
            if (l > 0) {
                multiplyInPlace(g, pass.derivatives().get(l - 1));
            }
        }
        return g;
    }

    /**
     * Frees the native memory of a pass this network made (every array but the input x, and the logits only when
     * {@code withLogits}) at once ({@link Buffers#release}).
     */
    public static void release(Pass pass, boolean withLogits) {
        for (int l = 1; l < pass.inputs().size(); l++) {
            Buffers.release(pass.inputs().get(l));
        }
        pass.derivatives().forEach(Buffers::release);
        pass.secondDerivatives().forEach(Buffers::release);
        if (withLogits) {
            Buffers.release(pass.logits());
        }
    }

    /** a·b, or a·bᵀ when {@code transposeB}, as a new row-major matrix ({@link Blas}: CBLAS on the buffers). */
    public static INDArray product(INDArray a, INDArray b, boolean transposeB) {
        return Blas.multiply(a, false, b, transposeB);
    }

    /** z = aW + b; the bias is added by a Java loop up to {@link Finite#SMALL_ARRAY} entries, by an ND4J op above. */
    public static INDArray affine(INDArray a, Layer layer) {
        INDArray z = product(a, layer.weights(), false);
        INDArray bias = layer.bias();
        if (bias == null) {
            return z;
        }
        if (z.length() > Finite.SMALL_ARRAY) {
            return z.addiRowVector(bias);
        }
        addBias(z, bias);
        return z;
    }

    /** z ← z + b for every row of a whole row-major [n, w] array, by a Java loop. */
    static void addBias(INDArray z, INDArray bias) {
        double[] b = DenseActivation.valuesOf(bias);
        boolean single = z.dataType() == DataType.FLOAT;
        FloatIndexer floats = single ? (FloatIndexer) z.data().indexer() : null;
        DoubleIndexer doubles = single ? null : (DoubleIndexer) z.data().indexer();
        for (long row = 0, at = 0; row < z.rows(); row++) {
            for (int j = 0; j < b.length; j++, at++) {
                // a FLOAT sum rounded once from double equals the FLOAT sum (double has over 2·24 + 2 bits)
                if (single) {
                    floats.put(at, (float) (floats.get(at) + b[j]));
                } else {
                    doubles.put(at, doubles.get(at) + b[j]);
                }
            }
        }
    }

    /**
     * The logit Jacobians of every row of {@code x} [n, d], as [n, c, d]: reverse mode on the stacked matrix
     * G [n·c, width], whose rows i·c + k carry e_k back through example i — G starts as W_Lᵀ times the σ'(z_{L−1})
     * row of each example, then every layer below multiplies it by W_lᵀ and by its σ'(z) rows.
     */
    public INDArray logitJacobians(INDArray x) {
        long n = x.rows();
        int c = classes();
        int last = layers.size() - 1;
        INDArray outputRows = layers.get(last).weights().transpose().dup('c');
        if (last == 0) {
            return outputRows.reshape(1, c, x.columns()).repeat(0, n);
        }
        Pass pass = forward(x, false);
        List<INDArray> derivatives = pass.derivatives();
        INDArray g = masked(outputRows, true, derivatives.get(last - 1), c);
        Buffers.release(outputRows);
        // the last product is written straight into the [n, c, d] result, a whole array the caller can release
        INDArray jacobians = Nd4j.createUninitialized(x.dataType(), n, c, x.columns());
        for (int l = last - 1; l > 0; l--) {
            INDArray next = product(g, layers.get(l).weights(), true);
            Buffers.release(g);
            g = masked(next, false, derivatives.get(l - 1), c);
        }
        Blas.multiplyInto(g, false, layers.get(0).weights(), true, 0, jacobians.reshape('c', n * c, x.columns()));
        Buffers.release(g);
        release(pass, true);
        return jacobians;
    }

    /**
     * Row i·c + k of the stacked matrix times σ'(z_i) [w], elementwise: of {@code shared} [c, w] (row k, the same
     * for every example) into a new [n·c, w] array, or of {@code stacked} [n·c, w] (a new array) in place. Each
     * example's c rows are copied into a Java array, scaled and copied back in one bulk transfer each way, which
     * costs half as much as element-wise native access.
     */
    private static INDArray masked(INDArray rows, boolean shared, INDArray derivative, int c) {
        long n = derivative.rows();
        int w = (int) derivative.columns();
        INDArray out = shared ? Nd4j.createUninitialized(derivative.dataType(), n * c, w) : rows;
        int block = c * w;
        if (out.dataType() == DataType.FLOAT) {
            FloatPointer from = new FloatPointer(rows.data().addressPointer());
            FloatPointer slopes = new FloatPointer(derivative.data().addressPointer());
            FloatPointer to = new FloatPointer(out.data().addressPointer());
            float[] values = new float[block];
            float[] slope = new float[w];
            if (shared) {
                from.get(values);
            }
            float[] scaled = shared ? new float[block] : values;
            for (long i = 0; i < n; i++) {
                slopes.position(i * w).get(slope);
                if (!shared) {
                    from.position(i * block).get(values);
                }
                for (int k = 0, o = 0; k < c; k++) {
                    for (int j = 0; j < w; j++, o++) {
                        scaled[o] = values[o] * slope[j];
                    }
                }
                to.position(i * block).put(scaled);
            }
        } else {
            DoublePointer from = new DoublePointer(rows.data().addressPointer());
            DoublePointer slopes = new DoublePointer(derivative.data().addressPointer());
            DoublePointer to = new DoublePointer(out.data().addressPointer());
            double[] values = new double[block];
            double[] slope = new double[w];
            if (shared) {
                from.get(values);
            }
            double[] scaled = shared ? new double[block] : values;
            for (long i = 0; i < n; i++) {
                slopes.position(i * w).get(slope);
                if (!shared) {
                    from.position(i * block).get(values);
                }
                for (int k = 0, o = 0; k < c; k++) {
                    for (int j = 0; j < w; j++, o++) {
                        scaled[o] = values[o] * slope[j];
                    }
                }
                to.position(i * block).put(scaled);
            }
        }
        return out;
    }

    /** The entries of a matrix in row-major order (one bulk read of its buffer when it is contiguous). */
    private static double[] valuesOf(INDArray matrix) {
        INDArray rows = Buffers.rowMajor(matrix);
        return rows.data().getDoublesAt(0, (int) rows.length());
    }

    /**
     * Row r of {@code g} [n·copies, w] times row r / copies of {@code derivative} [n, w], in place, for two whole
     * row-major arrays: the σ' of n examples applied to the {@code copies} rows each carries in a Jacobian's
     * backward pass, without repeating σ' ({@link #masked}).
     */
    static void multiplyRepeatedInPlace(INDArray g, INDArray derivative, int copies) {
        masked(g, false, derivative, copies);
    }

    /**
     * g ← g ⊙ σ' in place, for two whole row-major arrays of one length: a Java loop up to {@link Finite#SMALL_ARRAY}
     * entries (an ND4J op costs more in dispatch there), an ND4J op above.
     */
    static void multiplyInPlace(INDArray g, INDArray derivative) {
        long length = g.length();
        if (length > Finite.SMALL_ARRAY) {
            g.muli(derivative); // vectorised, where Java's scalar loop is not (see DenseActivation)
            return;
        }
        if (g.dataType() == DataType.FLOAT) {
            FloatIndexer values = (FloatIndexer) g.data().indexer();
            FloatIndexer slopes = (FloatIndexer) derivative.data().indexer();
            for (long i = 0; i < length; i++) {
                values.put(i, values.get(i) * slopes.get(i));
            }
        } else {
            DoubleIndexer values = (DoubleIndexer) g.data().indexer();
            DoubleIndexer slopes = (DoubleIndexer) derivative.data().indexer();
            for (long i = 0; i < length; i++) {
                values.put(i, values.get(i) * slopes.get(i));
            }
        }
    }
}
