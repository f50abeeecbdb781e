package dev.cusp.core.event;

/**
 * Adversarial inputs of one attack and budget for the next stage, row i belonging to the shard's i-th example.
 * {@code data} is {@code encoding}-encoded (see {@code dev.cusp.core.data.TensorCodec}).
 */
public record AdversarialBatch(String attack, double epsilon, int[] shape, String encoding, String data) {
}
