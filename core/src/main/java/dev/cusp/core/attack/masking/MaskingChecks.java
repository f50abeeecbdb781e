package dev.cusp.core.attack.masking;

import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.Criterion;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.Tensors;
import dev.cusp.core.attack.loss.CrossEntropy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Cheap gradient-masking verdicts (Athalye et al. 2018; ART's gradient check and security curve; AutoAttack's
 * checks.py): bad input gradients, probabilities where logits belong, non-deterministic outputs, and the
 * tell-tale orderings of robust accuracies (FGSM above clean or far above PGD, a black-box attack beating the
 * white-box ones, accuracy that stays up at a huge ε). Each returns a {@link Verdict}; thresholds are named.
 */
public final class MaskingChecks {

    /** Row sums within this of 1 with entries in [0,1] mean the "logits" are probabilities (AutoAttack: 1e-5 on sums). */
    public static final double PROBABILITY_SUM_TOLERANCE = 1e-4;
    /** FGSM accuracy this far (absolute) above PGD's counts as "far above" (a heuristic, research notes §6.3). */
    public static final double FGSM_OVER_PGD = 0.3;
    /** A black-box attack beats the white-box ones when its robust accuracy is lower by more than this (AutoAttack). */
    public static final double BLACK_BOX_MARGIN = 0.002;

    private MaskingChecks() {
    }

    /**
     * Fraction of examples whose cross-entropy input gradient is all zero or contains NaN/Inf (ART's
     * loss_gradient_check); flagged when any example has one.
     */
    public static Verdict inputGradients(AttackModel model, INDArray x, Criterion criterion) {
        INDArray logits = model.logits(x);
        INDArray gradient = model.vectorJacobian(x, CrossEntropy.INSTANCE.seed(logits, criterion));
        DataType type = gradient.dataType();
        INDArray nonFinite = gradient.isNaN().castTo(type).addi(gradient.isInfinite().castTo(type)).sum(true, 1);
        INDArray zero = Norm.LINF.of(gradient).eq(0.0).castTo(type);
        boolean[] bad = Tensors.flags(Transforms.max(nonFinite.gt(0.0).castTo(type), zero, false));
        int count = 0;
        for (boolean b : bad) {
            count += b ? 1 : 0;
        }
        double fraction = (double) count / bad.length;
        return new Verdict("input-gradients", count > 0, fraction, 0.0, count + " of " + bad.length
                + " examples have a zero, NaN or infinite input gradient of the cross-entropy");
    }

    /** Flagged when every output row is non-negative and sums to 1: the model outputs probabilities, not logits. */
    public static Verdict probabilitiesForLogits(AttackModel model, INDArray x) {
        INDArray out = model.logits(x);
        double min = out.minNumber().doubleValue();
        double max = out.maxNumber().doubleValue();
        double worstSum = Transforms.abs(out.sum(1).subi(1.0), false).maxNumber().doubleValue();
        boolean flagged = min >= 0 && max <= 1 && worstSum <= PROBABILITY_SUM_TOLERANCE;
        return new Verdict("probabilities-for-logits", flagged, worstSum, PROBABILITY_SUM_TOLERANCE, flagged
                ? "the outputs are probabilities (rows sum to 1): attacks need the pre-softmax logits"
                : "the outputs are not probability rows");
    }

    /** Flagged when two forward passes on the same inputs differ (a randomised model needs EoT attacks). */
    public static Verdict nondeterministicOutputs(AttackModel model, INDArray x) {
        double difference = Transforms.abs(model.logits(x).sub(model.logits(x)), false).maxNumber().doubleValue();
        return new Verdict("nondeterministic-outputs", difference > 0, difference, 0.0,
                "two forward passes on the same inputs differ by up to " + difference);
    }

    /** Flagged when FGSM leaves more points robust than there are correctly classified ones (catastrophic overfitting). */
    public static Verdict fgsmAboveClean(double cleanAccuracy, double fgsmAccuracy) {
        return new Verdict("fgsm-above-clean", fgsmAccuracy > cleanAccuracy, fgsmAccuracy - cleanAccuracy, 0.0,
                String.format("FGSM accuracy %.4f vs clean %.4f", fgsmAccuracy, cleanAccuracy));
    }

    /** Flagged when FGSM's robust accuracy exceeds PGD's by more than {@link #FGSM_OVER_PGD}. */
    public static Verdict fgsmFarAbovePgd(double fgsmAccuracy, double pgdAccuracy) {
        double gap = fgsmAccuracy - pgdAccuracy;
        return new Verdict("fgsm-far-above-pgd", gap > FGSM_OVER_PGD, gap, FGSM_OVER_PGD,
                String.format("FGSM accuracy %.4f vs PGD %.4f", fgsmAccuracy, pgdAccuracy));
    }

    /** Flagged when a black-box attack's robust accuracy is below the best white-box one by more than the margin. */
    public static Verdict blackBoxBeatsWhiteBox(double bestWhiteBoxAccuracy, double blackBoxAccuracy) {
        double gap = bestWhiteBoxAccuracy - blackBoxAccuracy;
        return new Verdict("black-box-beats-white-box", gap > BLACK_BOX_MARGIN, gap, BLACK_BOX_MARGIN,
                String.format("black-box accuracy %.4f vs best white-box %.4f", blackBoxAccuracy, bestWhiteBoxAccuracy));
    }

    /**
     * Flagged when robust accuracy at a budget as wide as the data range stays above chance, 1/classes (ART's
     * security-curve rule): any classifier can be broken with that much freedom.
     */
    public static Verdict accuracyAtHugeEpsilon(double accuracy, int classes) {
        double chance = 1.0 / classes;
        return new Verdict("accuracy-at-huge-epsilon", accuracy > chance, accuracy, chance,
                String.format("robust accuracy %.4f at a budget as wide as the data range (chance %.4f)", accuracy,
                        chance));
    }
}
