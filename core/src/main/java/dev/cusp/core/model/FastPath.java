package dev.cusp.core.model;

import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network whose logits and input gradients Cusp computes itself, without DL4J's passes: {@link DenseNetwork} and
 * {@link ConvNetwork}. Inputs arrive checked and cast by {@link Classifier}.
 */
interface FastPath {

    /** The logits of {@code x}, the intermediates freed. */
    INDArray logits(INDArray x);

    /**
     * The logits of {@code x} and Σ_k seed[i,k]·∂f_k(x_i)/∂x_i for seed = {@code seedOfLogits(logits)}, from one
     * forward pass whose intermediates are freed (the logits are kept).
     */
    Classifier.Evaluation evaluate(INDArray x, UnaryOperator<INDArray> seedOfLogits);
}
