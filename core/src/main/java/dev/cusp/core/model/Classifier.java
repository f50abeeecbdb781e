package dev.cusp.core.model;

import dev.cusp.core.linalg.Buffers;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A softmax classifier network with its logits f(x) (pre-softmax outputs) and their derivatives with respect
 * to the input; thread-safe (every DL4J call is synchronized on the instance, DL4J's are not).
 */
public final class Classifier {
    /** {@code -Dcusp.conv.path=false} sends convolutional networks through DL4J's passes (for comparison). */
    private static final boolean DISABLE_CONV_PATH = "false".equals(System.getProperty("cusp.conv.path"));

    private final MultiLayerNetwork network;
    private final MultiLayerNetwork logitNetwork;
    private final int[] inputShape;
    private final int inputSize;
    private final int classes;
    private final boolean crossEntropyNetwork;
    /** The network as dense weight products when it is one (then no DL4J pass is needed), else null. */
    private final DenseNetwork dense;
    /** The network as libnd4j ops when it is a supported convolutional one (input gradients only), else null. */
    private final ConvNetwork conv;
    /** Whichever of the two computes this network's passes, or null for DL4J's. */
    private final FastPath fast;
    private Classifier doubleCopy;

    private Classifier(MultiLayerNetwork network) {
        this.network = network;
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        int last = conf.getConfs().size() - 1;
        OutputLayer output = outputLayer(conf.getConf(last).getLayer());
        this.classes = Math.toIntExact(output.getNOut());
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, the output layer has " + classes);
        }
        this.inputShape = inputShape(conf);
        this.inputSize = Arrays.stream(inputShape).reduce(1, Math::multiplyExact);
        this.crossEntropyNetwork = isPlainCrossEntropy(output.getLossFn());
        this.logitNetwork = logitNetwork(network, last);
        OneDnnHelpers.install(network, logitNetwork);
        this.dense = DenseNetwork.of(network).orElse(null);
        this.conv = dense == null && !DISABLE_CONV_PATH ? ConvNetwork.of(network, inputShape).orElse(null) : null;
        this.fast = dense != null ? dense : conv;
    }

    /** Wraps an initialised network whose last layer is a dense softmax {@code OutputLayer}. */
    public static Classifier of(MultiLayerNetwork network) {
        if (network == null) {
            throw new IllegalArgumentException("a network is required");
        }
        if (network.getLayers() == null || network.params() == null) {
            throw new IllegalArgumentException("the network is not initialised (call init() first)");
        }
        return new Classifier(network);
    }

    public int inputSize() {
        return inputSize;
    }

    /** [d] for a dense first layer, [channels, height, width] for {@code InputType.convolutionalFlat}. */
    public int[] inputShape() {
        return inputShape.clone();
    }

    public int classes() {
        return classes;
    }

    public long parameterCount() {
        return network.numParams();
    }

    public MultiLayerNetwork network() {
        return network;
    }

    public DataType dataType() {
        return network.getLayerWiseConfigurations().getDataType();
    }

    /** Pre-softmax outputs f(x), [n, c], in the network's data type. */
    public INDArray logits(INDArray x) {
        INDArray input = checkedInput(x);
        return fast != null ? fast.logits(input) : networkLogits(input);
    }

    /** {@link #logits} by DL4J's forward pass (the reference of the dense fast path). */
    INDArray logitsByNetwork(INDArray x) {
        return networkLogits(checkedInput(x));
    }

    /** DL4J's forward pass of an input already checked and cast. */
    private INDArray networkLogits(INDArray input) {
        synchronized (this) {
            return logitNetwork.output(input, false).detach();
        }
    }

    /** True when the fast dense path computes logits and input gradients (no DL4J pass). */
    public boolean dense() {
        return dense != null;
    }

    /** The dense path this classifier computes with, when {@link #dense()}. */
    public Optional<DenseNetwork> denseNetwork() {
        return Optional.ofNullable(dense);
    }

    /** The convolutional op path this classifier computes with, when {@link #convolutional()}. */
    public Optional<ConvNetwork> convNetwork() {
        return Optional.ofNullable(conv);
    }

    /**
     * True when logits and input gradients come from one forward pass of Cusp's own ({@link DenseNetwork} or
     * {@link ConvNetwork}), so that an attack's check and its next step can share it.
     */
    public boolean sharesForwardPass() {
        return fast != null;
    }

    /** True when the convolutional op path computes logits and input gradients (no DL4J pass). */
    public boolean convolutional() {
        return conv != null;
    }

    /** The predicted class of every row: argmax of the logits (the lowest index on ties). */
    public int[] predict(INDArray x) {
        return logits(x).argMax(1).castTo(DataType.INT).toIntVector();
    }

    /**
     * ∂(Σ_k seed[n,k]·f_k(x_n))/∂x_n per example, [n, d]: a vector–Jacobian product of the logits. Dense and
     * supported convolutional networks take their {@link FastPath} (input gradient only), any other DL4J's backward
     * pass.
     */
    public INDArray vectorJacobian(INDArray x, INDArray seed) {
        INDArray input = checkedInput(x);
        INDArray seeds = checkedTargets(seed, input.rows(), "seed");
        if (fast != null) {
            Evaluation evaluation = fast.evaluate(input, logits -> seeds);
            Buffers.release(evaluation.logits());
            return evaluation.gradient();
        }
        return vectorJacobianByBackprop(input, seeds);
    }

    /** Logits [n,c] and a vector–Jacobian product [n,d] whose seed is a function of those logits. */
    public record Evaluation(INDArray logits, INDArray gradient) {
    }

    /**
     * {@code logits(x)} and {@code vectorJacobian(x, seedOfLogits(logits))} together: a {@link FastPath} shares one
     * forward pass between them (an iterative attack's check and step), DL4J runs both.
     */
    public Evaluation logitsAndVectorJacobian(INDArray x, UnaryOperator<INDArray> seedOfLogits) {
        INDArray input = checkedInput(x);
        if (fast != null) {
            return fast.evaluate(input, logits -> checkedTargets(seedOfLogits.apply(logits), input.rows(), "seed"));
        }
        INDArray logits = networkLogits(input);
        INDArray seeds = checkedTargets(seedOfLogits.apply(logits), input.rows(), "seed");
        return new Evaluation(logits, vectorJacobianByBackprop(input, seeds));
    }

    /** {@link #vectorJacobian} by DL4J's backward pass, whatever the architecture (the reference of the fast path). */
    INDArray vectorJacobianByBackprop(INDArray input, INDArray seeds) {
        synchronized (this) {
            try {
                return logitNetwork.calculateGradients(input, seeds, null, null).getSecond().detach();
            } finally {
                logitNetwork.clear();
            }
        }
    }

    /**
     * Per-example gradient of the cross-entropy CE(softmax(f(x)), y) with respect to x, [n, d] (not averaged
     * over the batch): on a {@link FastPath} {@code vectorJacobian(x, softmax(f(x)) − y)} from one forward pass;
     * otherwise DL4J's own backward pass when the network's loss is plain MCXENT/NLL (which clips probabilities to
     * [1e-10, 1 − 1e-10]), else {@code vectorJacobian(x, softmax(f(x)) − y)}.
     */
    public INDArray lossGradient(INDArray x, INDArray oneHot) {
        INDArray input = checkedInput(x);
        INDArray labels = checkedTargets(oneHot, input.rows(), "oneHot");
        if (fast != null) {
            Evaluation evaluation = fast.evaluate(input, logits -> DenseNetwork.crossEntropySeed(logits, labels));
            Buffers.release(evaluation.logits());
            return evaluation.gradient();
        }
        return lossGradientByBackprop(input, labels);
    }

    /** {@link #lossGradient} without the dense fast path (the reference it is tested against). */
    INDArray lossGradientByBackprop(INDArray input, INDArray labels) {
        if (!crossEntropyNetwork) {
            INDArray residual = Transforms.softmax(networkLogits(input), true).subi(labels);
            return vectorJacobianByBackprop(input, residual);
        }
        synchronized (this) {
            try {
                return network.calculateGradients(input, labels, null, null).getSecond().detach();
            } finally {
                network.clear();
            }
        }
    }

    /** A DOUBLE-precision copy for analysis (this instance when already DOUBLE; created once). */
    public synchronized Classifier inDouble() {
        if (dataType() == DataType.DOUBLE) {
            return this;
        }
        if (doubleCopy == null) {
            doubleCopy = new Classifier(network.convertDataType(DataType.DOUBLE));
        }
        return doubleCopy;
    }

    private INDArray checkedInput(INDArray x) {
        if (x == null) {
            throw new IllegalArgumentException("input is required");
        }
        if (x.rank() != 2 || x.columns() != inputSize) {
            throw new IllegalArgumentException("expected input of shape [n, " + inputSize + "], got "
                    + Arrays.toString(x.shape()));
        }
        return castAndCheckFinite(x, "input");
    }

    private INDArray checkedTargets(INDArray targets, long rows, String name) {
        if (targets == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (targets.rank() != 2 || targets.rows() != rows || targets.columns() != classes) {
            throw new IllegalArgumentException("expected " + name + " of shape [" + rows + ", " + classes + "], got "
                    + Arrays.toString(targets.shape()));
        }
        return castAndCheckFinite(targets, name);
    }

    private INDArray castAndCheckFinite(INDArray array, String name) {
        if (array.rows() == 0) {
            throw new IllegalArgumentException(name + " has no rows");
        }
        if (!array.dataType().isFPType()) {
            throw new IllegalArgumentException(name + " must be floating point, got " + array.dataType());
        }
        INDArray cast = array.dataType() == dataType() ? array : array.castTo(dataType());
        if (!Finite.all(cast)) {
            throw new IllegalArgumentException(name + " contains NaN or infinite values"
                    + (cast == array ? "" : " (after conversion to " + dataType() + ")"));
        }
        return cast;
    }

    private static OutputLayer outputLayer(Layer layer) {
        if (!(layer instanceof OutputLayer output)) {
            throw new IllegalArgumentException("the network has no output layer: its last layer is "
                    + layer.getClass().getSimpleName() + ", expected a dense OutputLayer with softmax");
        }
        if (!(output.getActivationFn() instanceof ActivationSoftmax)) {
            throw new IllegalArgumentException("the output layer's activation is " + output.getActivationFn()
                    + ", a classifier needs softmax");
        }
        return output;
    }

    private static int[] inputShape(MultiLayerConfiguration conf) {
        InputPreProcessor pre = conf.getInputPreProcess(0);
        if (pre instanceof FeedForwardToCnnPreProcessor cnn) {
            return new int[] {Math.toIntExact(cnn.getNumChannels()), Math.toIntExact(cnn.getInputHeight()),
                    Math.toIntExact(cnn.getInputWidth())};
        }
        Layer first = conf.getConf(0).getLayer();
        if (pre == null && first instanceof FeedForwardLayer dense && dense.getNIn() > 0) {
            return new int[] {Math.toIntExact(dense.getNIn())};
        }
        throw new IllegalArgumentException("cannot derive a flat input shape: the first layer is "
                + first.getClass().getSimpleName() + (pre == null ? "" : " behind " + pre.getClass().getSimpleName())
                + "; expected a dense first layer or InputType.convolutionalFlat");
    }

    private static boolean isPlainCrossEntropy(ILossFunction loss) {
        return (loss.getClass() == LossMCXENT.class || loss.getClass() == LossNegativeLogLikelihood.class)
                && ((LossMCXENT) loss).getWeights() == null;
    }

    /** Same layers and parameters, but an identity output with {@link SeedLoss}: outputs are the logits. */
    private static MultiLayerNetwork logitNetwork(MultiLayerNetwork network, int last) {
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations().clone();
        OutputLayer output = (OutputLayer) conf.getConf(last).getLayer();
        output.setActivationFn(new ActivationIdentity());
        output.setLossFn(new SeedLoss());
        MultiLayerNetwork logits = new MultiLayerNetwork(conf);
        logits.init(network.params().dup(), false);
        return logits;
    }
}
