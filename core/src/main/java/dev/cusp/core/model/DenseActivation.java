package dev.cusp.core.model;

import java.util.Optional;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * An elementwise hidden activation σ of DL4J, evaluated with its first derivative in one Java loop over a small
 * layer's pre-activations (ND4J ops, each with an allocation and a dispatch, cost more there) or by ND4J ops over a
 * large one, and its second derivative in closed form: 0 for the piecewise-linear ReLU family and the identity (exact
 * away from the kinks), −2σσ' for tanh, σ'(1 − 2σ) for the sigmoid. The values equal DL4J's own
 * {@code getActivation} and {@code backprop} (tested on a grid through the kinks).
 */
public final class DenseActivation {
    private enum Kind { RELU, LEAKY_RELU, IDENTITY, TANH, SIGMOID }

    private final IActivation function;
    private final Kind kind;
    /** The leaky ReLU's slope below zero in σ. */
    private final double alpha;
    /**
     * Its slope below zero in σ': DL4J's leaky ReLU backward pass rounds α to FLOAT even in DOUBLE networks
     * (0.01 → 0.0099999998), and the fast path reproduces DL4J's gradients, not just their mathematics.
     */
    private final double backwardAlpha;

    private DenseActivation(IActivation function, Kind kind, double alpha) {
        this.function = function;
        this.kind = kind;
        this.alpha = alpha;
        this.backwardAlpha = (float) alpha;
    }

    /**
     * The supported elementwise activations (exact classes: subclasses may change the function). A ReLU with a
     * cap, a threshold or a negative slope is left to DL4J.
     */
    public static Optional<DenseActivation> of(IActivation function) {
        Class<?> type = function.getClass();
        if (type == ActivationReLU.class) {
            ActivationReLU relu = (ActivationReLU) function;
            boolean plain = relu.getMax() == null && (relu.getThreshold() == null || relu.getThreshold() == 0)
                    && (relu.getNegativeSlope() == null || relu.getNegativeSlope() == 0);
            return plain ? Optional.of(new DenseActivation(function, Kind.RELU, 0)) : Optional.empty();
        }
        if (type == ActivationLReLU.class) {
            return Optional.of(new DenseActivation(function, Kind.LEAKY_RELU, ((ActivationLReLU) function).getAlpha()));
        }
        if (type == ActivationIdentity.class) {
            return Optional.of(new DenseActivation(function, Kind.IDENTITY, 0));
        }
        if (type == ActivationTanH.class) {
            return Optional.of(new DenseActivation(function, Kind.TANH, 0));
        }
        if (type == ActivationSigmoid.class) {
            return Optional.of(new DenseActivation(function, Kind.SIGMOID, 0));
        }
        return Optional.empty();
    }

    /**
     * Whether max pooling may run before σ with the same values and the same gradient: true for the ReLU alone.
     * relu is monotone, so max(relu(z)) = relu(max z), and pooling's gradient goes to a window's first maximum of
     * z either way where it is positive and is multiplied by relu' = 0 where it is not. A strictly increasing σ in
     * floating point can round distinct z to one value and move the first maximum (leaky ReLU's αz, tanh near ±1).
     */
    boolean commutesWithMaxPooling() {
        return kind == Kind.RELU;
    }

    /** σ(z). */
    double value(double z) {
        return switch (kind) {
            case RELU -> z > 0 ? z : 0;
            case LEAKY_RELU -> z < 0 ? alpha * z : z;
            case IDENTITY -> z;
            case TANH -> Math.tanh(z);
            case SIGMOID -> 1 / (1 + Math.exp(-z));
        };
    }

    /** σ'(z) given σ(z). */
    double derivative(double z, double value) {
        return switch (kind) {
            case RELU -> z > 0 ? 1 : 0;
            case LEAKY_RELU -> z < 0 ? backwardAlpha : 1;
            case IDENTITY -> 1;
            case TANH -> 1 - value * value;
            case SIGMOID -> value * (1 - value);
        };
    }

    /**
     * z ← σ(z + b) in place on a new row-major [n, w] array of pre-activations without their bias, returning
     * σ'(z + b) as a new array of the same shape when {@code withDerivative} (else null); {@code bias} has w entries
     * (or is null).
     */
    INDArray activateInPlace(INDArray z, INDArray bias, boolean withDerivative) {
        if (z.length() > Finite.SMALL_ARRAY) {
            return activateByOps(z, bias, withDerivative);
        }
        INDArray derivative = withDerivative ? z.ulike() : null;
        activateInPlace(z, bias, derivative);
        return derivative;
    }

    /**
     * The same, writing σ'(z + b) into {@code derivative} (a whole row-major array of z's shape, or null for none)
     * instead of a new array: a Java loop at every size, so nothing is allocated (a pass whose arrays are made once).
     */
    void activateInPlace(INDArray z, INDArray bias, INDArray derivative) {
        double[] biasValues = valuesOf(bias);
        boolean withDerivative = derivative != null;
        long n = z.rows();
        int w = (int) z.columns();
        if (z.dataType() == DataType.FLOAT) {
            FloatIndexer values = (FloatIndexer) z.data().indexer();
            FloatIndexer slopes = withDerivative ? (FloatIndexer) derivative.data().indexer() : null;
            for (long row = 0, i = 0; row < n; row++) {
                for (int j = 0; j < w; j++, i++) {
                    double pre = values.get(i) + (biasValues == null ? 0 : biasValues[j]);
                    float post = (float) value(pre);
                    values.put(i, post);
                    if (slopes != null) {
                        slopes.put(i, (float) derivative(pre, post));
                    }
                }
            }
        } else {
            DoubleIndexer values = (DoubleIndexer) z.data().indexer();
            DoubleIndexer slopes = withDerivative ? (DoubleIndexer) derivative.data().indexer() : null;
            for (long row = 0, i = 0; row < n; row++) {
                for (int j = 0; j < w; j++, i++) {
                    double pre = values.get(i) + (biasValues == null ? 0 : biasValues[j]);
                    double post = value(pre);
                    values.put(i, post);
                    if (slopes != null) {
                        slopes.put(i, derivative(pre, post));
                    }
                }
            }
        }
    }

    /**
     * The same by ND4J ops, for large arrays: their vectorised loops beat Java's scalar one (6 ns an element here)
     * once the arrays are large enough to amortise the dispatch of 20–40 µs per op (the crossover is near
     * {@link Finite#SMALL_ARRAY} entries, measured in docs/performance.md).
     */
    private INDArray activateByOps(INDArray z, INDArray bias, boolean withDerivative) {
        if (bias != null) {
            z.addiRowVector(bias);
        }
        if (kind == Kind.RELU) {
            INDArray derivative = withDerivative ? Transforms.step(z, true) : null;
            Transforms.relu(z, false);
            return derivative;
        }
        INDArray derivative = withDerivative ? function.backprop(z.dup(), z.ulike().assign(1)).getFirst() : null;
        INDArray value = function.getActivation(z, false);
        if (value != z) {
            z.assign(value);
        }
        return derivative;
    }

    /** A bias row's entries (a parameter view's buffer starts at its first element), or null without bias. */
    static double[] valuesOf(INDArray bias) {
        if (bias == null) {
            return null;
        }
        return bias.elementWiseStride() == 1 ? bias.data().getDoublesAt(0, (int) bias.length()) : bias.toDoubleVector();
    }

    /** σ''(z) given σ(z) and σ'(z), or null where it is identically zero (piecewise-linear σ). */
    public INDArray secondDerivative(INDArray value, INDArray derivative) {
        return switch (kind) {
            case RELU, LEAKY_RELU, IDENTITY -> null;
            case TANH -> value.mul(derivative).muli(-2);
            case SIGMOID -> value.mul(-2).addi(1).muli(derivative);
        };
    }

    /** The DL4J function this evaluates. */
    public IActivation function() {
        return function;
    }

    @Override
    public String toString() {
        return function.toString();
    }
}
