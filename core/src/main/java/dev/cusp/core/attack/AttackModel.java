package dev.cusp.core.attack;

import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The model as attacks see it: pre-softmax logits and, for white-box attacks, vector–Jacobian products.
 * {@code dev.cusp.core.model.Classifier} is adapted by {@link ClassifierModel}; score- and decision-based
 * attacks use only {@link #logits}.
 */
public interface AttackModel {

    /** Number of input features d (inputs are rows [n,d]). */
    int inputSize();

    /** Number of classes c. */
    int classes();

    /** Per-example input shape, e.g. {@code [1, 28, 28]} or {@code [784]}; Square uses it to place its windows. */
    default int[] inputShape() {
        return new int[] {inputSize()};
    }

    /** Pre-softmax outputs [n,c]. */
    INDArray logits(INDArray x);

    /** ∂(Σ_k seed[n,k]·f_k(x_n))/∂x_n, shape [n,d]: the gradient of any loss of the logits, given dL/dlogits. */
    INDArray vectorJacobian(INDArray x, INDArray seed);

    /** The logits at x [n,c] and the vector–Jacobian product [n,d] whose seed was computed from them. */
    record Evaluation(INDArray logits, INDArray gradient) {
    }

    /**
     * True when {@link #evaluate} costs one forward pass instead of two. Attacks then take the check of the current
     * point and the gradient for the next step from one call (paying a gradient for the rows the check retires);
     * otherwise they check first and ask gradients only for the rows that stay.
     */
    default boolean sharesForwardPass() {
        return false;
    }

    /**
     * {@link #logits} and {@link #vectorJacobian} with {@code seedOfLogits(logits)} in one call: a model that can share
     * the forward pass (a dense {@code Classifier}) does one instead of two. One query and one gradient per row.
     */
    default Evaluation evaluate(INDArray x, UnaryOperator<INDArray> seedOfLogits) {
        INDArray logits = logits(x);
        return new Evaluation(logits, vectorJacobian(x, seedOfLogits.apply(logits)));
    }
}
