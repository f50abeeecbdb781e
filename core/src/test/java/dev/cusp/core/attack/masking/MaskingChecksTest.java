package dev.cusp.core.attack.masking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.attack.AttackFixtures;
import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.LinearModel;
import dev.cusp.core.attack.Misclassification;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.gradient.Fgm;
import dev.cusp.core.attack.gradient.Pgd;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The masking checks flag models built to mask gradients — a saturated softmax (logits ×10⁴: the cross-entropy
 * gradient underflows to exactly 0), a model that outputs probabilities, a randomised model — and stay quiet on
 * a healthy linear model (5 classes, 20 features, 40 inputs, seeds 7/11). The ordering checks are fed the
 * published numbers of a catastrophically overfitted FGSM-AT model (research notes §7.3).
 */
class MaskingChecksTest {

    private final LinearModel healthy = LinearModel.random(5, 20, 7);
    private final INDArray x = AttackFixtures.uniform(40, 20, 0.0, 1.0, 11);
    private final Misclassification criterion = new Misclassification(AttackFixtures.predictions(healthy, x));

    @Test
    void aSaturatedSoftmaxIsFlaggedForZeroGradientsAndAccuracyAtHugeEpsilon() {
        LinearModel saturated = healthy.scaled(1e4);
        Verdict gradients = MaskingChecks.inputGradients(saturated, x, criterion);
        assertThat(gradients.flagged()).isTrue();
        // all but the few inputs within ~1e-4 of a boundary, where the softmax is not yet saturated
        assertThat(gradients.value()).isGreaterThan(0.9);

        // FGSM cannot move, and PGD from the clean point (no random start) stays put even at ε = the whole range
        double fgsm = Fgm.linf().run(saturated, AttackRequest.of(x, criterion, 0.1)).robustAccuracy();
        double pgd = new Pgd(new Pgd.Params(Norm.LINF, 40, 1.0 / 30, false))
                .run(saturated, AttackRequest.of(x, criterion, 1.0)).robustAccuracy();
        assertThat(fgsm).isGreaterThan(0.9);
        assertThat(MaskingChecks.accuracyAtHugeEpsilon(pgd, 5).flagged()).isTrue();
    }

    @Test
    void aHealthyModelRaisesNoFlag() {
        assertThat(MaskingChecks.inputGradients(healthy, x, criterion).flagged()).isFalse();
        assertThat(MaskingChecks.probabilitiesForLogits(healthy, x).flagged()).isFalse();
        assertThat(MaskingChecks.nondeterministicOutputs(healthy, x).flagged()).isFalse();
        double pgd = Pgd.linf().run(healthy, AttackRequest.of(x, criterion, 1.0)).robustAccuracy();
        assertThat(MaskingChecks.accuracyAtHugeEpsilon(pgd, 5).flagged()).isFalse();
    }

    @Test
    void probabilitiesInPlaceOfLogitsAreFlagged() {
        AttackModel softmax = new Wrapped(healthy) {
            @Override
            public INDArray logits(INDArray in) {
                return Transforms.softmax(healthy.logits(in), true);
            }
        };
        Verdict verdict = MaskingChecks.probabilitiesForLogits(softmax, x);
        assertThat(verdict.flagged()).isTrue();
        assertThat(verdict.detail()).contains("logits");
    }

    @Test
    void aRandomisedModelIsFlagged() {
        AttackModel noisy = new Wrapped(healthy) {
            @Override
            public INDArray logits(INDArray in) {
                return healthy.logits(in).addi(Nd4j.randn(in.dataType(), in.rows(), 5).muli(1e-3));
            }
        };
        assertThat(MaskingChecks.nondeterministicOutputs(noisy, x).flagged()).isTrue();
    }

    @Test
    void orderingChecksFlagTheFgsmTrainedModelsNumbers() {
        // MTandHJ FGSM-AT on Fashion-MNIST: clean 91.94, FGSM 96.34, PGD-50 0.00; standard training: 91.82 / 2.12 / 0
        assertThat(MaskingChecks.fgsmAboveClean(0.9194, 0.9634).flagged()).isTrue();
        assertThat(MaskingChecks.fgsmFarAbovePgd(0.9634, 0.0).flagged()).isTrue();
        assertThat(MaskingChecks.fgsmAboveClean(0.9182, 0.0212).flagged()).isFalse();
        assertThat(MaskingChecks.fgsmFarAbovePgd(0.0212, 0.0).flagged()).isFalse();
        assertThat(MaskingChecks.blackBoxBeatsWhiteBox(0.05, 0.03).flagged()).isTrue();
        assertThat(MaskingChecks.blackBoxBeatsWhiteBox(0.05, 0.05).flagged()).isFalse();
    }

    /** Delegates everything to a model; anonymous subclasses override one method. */
    private abstract static class Wrapped implements AttackModel {
        private final AttackModel inner;

        Wrapped(AttackModel inner) {
            this.inner = inner;
        }

        @Override
        public int inputSize() {
            return inner.inputSize();
        }

        @Override
        public int classes() {
            return inner.classes();
        }

        @Override
        public INDArray vectorJacobian(INDArray in, INDArray seed) {
            return inner.vectorJacobian(in, seed);
        }
    }
}
