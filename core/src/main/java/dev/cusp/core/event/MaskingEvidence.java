package dev.cusp.core.event;

/**
 * One shard's gradient-masking evidence at the clean points: how many examples have an input gradient of the
 * cross-entropy that is exactly zero or not finite, whose logits differ between two identical evaluations, and
 * whose model outputs look like probabilities (every row in [0,1] summing to 1) rather than logits.
 */
public record MaskingEvidence(
        int examples,
        int zeroGradients,
        int nonFiniteGradients,
        int nonDeterministic,
        int probabilityLikeOutputs) {

    /** Element-wise sum (a job's evidence from its shards'). */
    public MaskingEvidence plus(MaskingEvidence other) {
        return new MaskingEvidence(examples + other.examples, zeroGradients + other.zeroGradients,
                nonFiniteGradients + other.nonFiniteGradients, nonDeterministic + other.nonDeterministic,
                probabilityLikeOutputs + other.probabilityLikeOutputs);
    }
}
