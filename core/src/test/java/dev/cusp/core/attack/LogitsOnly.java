package dev.cusp.core.attack;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A model that answers only forward queries: black-box attacks must never ask it for a gradient. */
public record LogitsOnly(AttackModel inner) implements AttackModel {

    @Override
    public int inputSize() {
        return inner.inputSize();
    }

    @Override
    public int classes() {
        return inner.classes();
    }

    @Override
    public int[] inputShape() {
        return inner.inputShape();
    }

    @Override
    public INDArray logits(INDArray x) {
        return inner.logits(x);
    }

    @Override
    public INDArray vectorJacobian(INDArray x, INDArray seed) {
        throw new AssertionError("a black-box attack asked for a gradient");
    }
}
