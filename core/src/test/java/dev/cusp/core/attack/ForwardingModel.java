package dev.cusp.core.attack;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A test model that forwards sizes, logits and vector–Jacobian products to {@link #inner()}; implementations override
 * the one behaviour they change. {@link #sharesForwardPass()} and {@link #evaluate} keep their defaults: a forwarding
 * model never shares the inner model's forward pass.
 */
public interface ForwardingModel extends AttackModel {

    AttackModel inner();

    @Override
    default int inputSize() {
        return inner().inputSize();
    }

    @Override
    default int classes() {
        return inner().classes();
    }

    @Override
    default int[] inputShape() {
        return inner().inputShape();
    }

    @Override
    default INDArray logits(INDArray x) {
        return inner().logits(x);
    }

    @Override
    default INDArray vectorJacobian(INDArray x, INDArray seed) {
        return inner().vectorJacobian(x, seed);
    }
}
