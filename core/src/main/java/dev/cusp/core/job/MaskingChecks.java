package dev.cusp.core.job;

import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.Criterion;
import dev.cusp.core.attack.loss.CrossEntropy;
import dev.cusp.core.event.MaskingEvidence;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A shard's gradient-masking evidence at the clean points (Athalye, Carlini &amp; Wagner 2018; Carlini et al. 2019
 * checklist; ART's loss-gradient check; AutoAttack's checks.py): per-example input gradients of the cross-entropy
 * that are exactly zero or not finite, logits that change between two identical evaluations, and outputs that
 * look like probabilities (every entry in [0,1] and the row summing to 1 within
 * {@link #PROBABILITY_SUM_TOLERANCE}) — attacks need logits. {@link MaskingVerdicts} turns it into verdicts.
 */
public final class MaskingChecks {
    /** |Σ_k p_k − 1| below which a row in [0,1] is taken for a probability vector (float32 sums of ≤ 1000 terms). */
    public static final double PROBABILITY_SUM_TOLERANCE = 1e-4;

    /** The evidence for inputs {@code x} [n,d] (the model's dtype) under {@code criterion} (the labels). */
    public static MaskingEvidence evidence(AttackModel model, INDArray x, Criterion criterion) {
        int n = (int) x.rows();
        INDArray logits = model.logits(x);
        INDArray first = logits.castTo(DataType.DOUBLE);
        INDArray gradient = model.vectorJacobian(x, CrossEntropy.INSTANCE.seed(logits, criterion))
                .castTo(DataType.DOUBLE);
        INDArray finite = Transforms.abs(gradient, true).lt(Double.MAX_VALUE).castTo(DataType.DOUBLE);
        int nonFinite = count(finite.sum(1).lt(gradient.columns()));
        int zeros = count(Transforms.abs(gradient, true).max(1).eq(0.0));
        INDArray second = model.logits(x).castTo(DataType.DOUBLE);
        int changed = count(Transforms.abs(first.sub(second), false).max(1).gt(0.0));
        INDArray inUnit = first.gte(0.0).castTo(DataType.DOUBLE).mul(first.lte(1.0).castTo(DataType.DOUBLE)).min(1);
        INDArray sumsToOne = Transforms.abs(first.sum(1).subi(1.0), false).lt(PROBABILITY_SUM_TOLERANCE)
                .castTo(DataType.DOUBLE);
        int probabilities = (int) inUnit.mul(sumsToOne).sumNumber().doubleValue();
        return new MaskingEvidence(n, zeros, nonFinite, changed, probabilities);
    }

    private static int count(INDArray flags) {
        return (int) flags.castTo(DataType.DOUBLE).sumNumber().doubleValue();
    }

    private MaskingChecks() {
    }
}
