package dev.cusp.core.model;

import java.util.Optional;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An elementwise hidden activation σ with its first derivative (from DL4J's own {@code backprop(z, 1)}) and its
 * second derivative in closed form: 0 for the piecewise-linear ReLU family and the identity (exact away from the
 * kinks), −2σσ' for tanh, σ'(1 − 2σ) for the sigmoid.
 */
public final class DenseActivation {
    private enum Curvature { PIECEWISE_LINEAR, TANH, SIGMOID }

    private final IActivation function;
    private final Curvature curvature;

    private DenseActivation(IActivation function, Curvature curvature) {
        this.function = function;
        this.curvature = curvature;
    }

    /** The supported elementwise activations (exact classes: subclasses may change the function). */
    public static Optional<DenseActivation> of(IActivation function) {
        Class<?> type = function.getClass();
        if (type == ActivationReLU.class || type == ActivationLReLU.class || type == ActivationIdentity.class) {
            return Optional.of(new DenseActivation(function, Curvature.PIECEWISE_LINEAR));
        }
        if (type == ActivationTanH.class) {
            return Optional.of(new DenseActivation(function, Curvature.TANH));
        }
        if (type == ActivationSigmoid.class) {
            return Optional.of(new DenseActivation(function, Curvature.SIGMOID));
        }
        return Optional.empty();
    }

    /** σ(z) as a new array (z is not modified). */
    public INDArray value(INDArray z) {
        return function.getActivation(z.dup(), false);
    }

    /** σ'(z) as a new array: DL4J's backward pass with a unit upstream gradient. */
    public INDArray derivative(INDArray z) {
        return function.backprop(z.dup(), z.ulike().assign(1)).getFirst();
    }

    /** σ''(z) given σ(z) and σ'(z), or null where it is identically zero (piecewise-linear σ). */
    public INDArray secondDerivative(INDArray value, INDArray derivative) {
        return switch (curvature) {
            case PIECEWISE_LINEAR -> null;
            case TANH -> value.mul(derivative).muli(-2);
            case SIGMOID -> value.mul(-2).addi(1).muli(derivative);
        };
    }

    @Override
    public String toString() {
        return function.toString();
    }
}
