package dev.cusp.core.attack;

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
}
