package dev.cusp.core.attack;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A model that answers only forward queries: black-box attacks must never ask it for a gradient. */
public record LogitsOnly(AttackModel inner) implements ForwardingModel {

    @Override
    public INDArray vectorJacobian(INDArray x, INDArray seed) {
        throw new AssertionError("a black-box attack asked for a gradient");
    }
}
