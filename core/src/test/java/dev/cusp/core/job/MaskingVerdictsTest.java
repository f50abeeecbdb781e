package dev.cusp.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.attack.AttackFixtures;
import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.ClassifierModel;
import dev.cusp.core.attack.ForwardingModel;
import dev.cusp.core.attack.LinearModel;
import dev.cusp.core.attack.Misclassification;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.gradient.Fgm;
import dev.cusp.core.attack.gradient.Pgd;
import dev.cusp.core.event.MaskingEvidence;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.testing.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Masking verdicts from hand-made tables (including the published numbers of a catastrophically overfitted FGSM-AT
 * model, research notes §7.3) and from models built to mask gradients — a saturated softmax (logits ×10⁴: the
 * cross-entropy gradient underflows to exactly 0), a model that outputs probabilities, a randomised model — next to
 * a healthy linear model that raises no flag (5 classes, 20 features, 40 inputs in [0,1], seeds 7/11).
 */
class MaskingVerdictsTest {
    private static final MaskingEvidence CLEAN = new MaskingEvidence(100, 0, 0, 0, 0);

    private final LinearModel healthy = LinearModel.random(5, 20, 7);
    private final INDArray x = AttackFixtures.uniform(40, 20, 0.0, 1.0, 11);
    private final Misclassification criterion = new Misclassification(AttackFixtures.predictions(healthy, x));

    private static RobustAccuracy row(String attack, double eps, double acc) {
        return new RobustAccuracy(attack, "linf", eps, 100, (int) Math.round(100 * (1 - acc)), acc);
    }

    private static String status(List<MaskingVerdict> verdicts, String check) {
        return verdicts.stream().filter(v -> v.check().equals(check)).findFirst().orElseThrow().status();
    }

    @Test
    void aSoundTablePassesAndMissingComparisonsAreNotApplicable() {
        List<MaskingVerdict> v = MaskingVerdicts.of(CLEAN, 0.9,
                List.of(row("fgsm", 0.1, 0.4), row("pgd", 0.1, 0.2), row("square", 0.1, 0.3), row("pgd", 0.5, 0.0)));
        assertThat(status(v, "fgsm-above-clean")).isEqualTo(MaskingVerdict.PASSED);
        assertThat(status(v, "single-step-beats-iterative")).isEqualTo(MaskingVerdict.PASSED);
        assertThat(status(v, "fgsm-far-above-pgd")).isEqualTo(MaskingVerdict.PASSED);
        assertThat(status(v, "black-box-beats-white-box")).isEqualTo(MaskingVerdict.PASSED);
        assertThat(status(v, "large-epsilon")).isEqualTo(MaskingVerdict.PASSED);
        List<MaskingVerdict> pgdOnly = MaskingVerdicts.of(CLEAN, 0.9, List.of(row("pgd", 0.1, 0.2)));
        assertThat(status(pgdOnly, "fgsm-above-clean")).isEqualTo(MaskingVerdict.NOT_APPLICABLE);
        assertThat(status(pgdOnly, "fgsm-far-above-pgd")).isEqualTo(MaskingVerdict.NOT_APPLICABLE);
    }

    @Test
    void maskingSymptomsAreFlaggedWithTheFigures() {
        List<MaskingVerdict> v = MaskingVerdicts.of(new MaskingEvidence(100, 7, 1, 2, 100), 0.5,
                List.of(row("fgsm", 0.1, 0.6), row("pgd", 0.1, 0.7), row("fgsm", 0.3, 0.45), row("pgd", 0.3, 0.1),
                        row("square", 0.1, 0.3), row("pgd", 0.5, 0.4)));
        assertThat(v).extracting(MaskingVerdict::status).containsOnly(MaskingVerdict.FLAGGED);
        assertThat(v.get(0).detail()).contains("7 of 100").contains("1 a non-finite");
        assertThat(v.stream().filter(x -> x.check().equals("single-step-beats-iterative")).findFirst().get().detail())
                .contains("fgsm 0.6000 < pgd 0.7000");
        assertThat(v.stream().filter(x -> x.check().equals("fgsm-far-above-pgd")).findFirst().get().detail())
                .isEqualTo("fgsm 0.4500 > pgd 0.1000 at linf ε=0.3");
    }

    @Test
    void theFgsmTrainedModelsPublishedNumbersAreFlaggedAndTheStandardModelsAreNot() {
        // MTandHJ FGSM-AT on Fashion-MNIST at L∞ 0.3: clean 91.94, FGSM 96.34, PGD-50 0.00
        List<MaskingVerdict> overfitted = MaskingVerdicts.of(CLEAN, 0.9194,
                List.of(row("fgsm", 0.3, 0.9634), row("pgd", 0.3, 0.0)));
        assertThat(status(overfitted, "fgsm-above-clean")).isEqualTo(MaskingVerdict.FLAGGED);
        assertThat(status(overfitted, "fgsm-far-above-pgd")).isEqualTo(MaskingVerdict.FLAGGED);
        // standard training: 91.82 / 2.12 / 0.00
        List<MaskingVerdict> standard = MaskingVerdicts.of(CLEAN, 0.9182,
                List.of(row("fgsm", 0.3, 0.0212), row("pgd", 0.3, 0.0)));
        assertThat(status(standard, "fgsm-above-clean")).isEqualTo(MaskingVerdict.PASSED);
        assertThat(status(standard, "fgsm-far-above-pgd")).isEqualTo(MaskingVerdict.PASSED);
        // a black-box attack lower than every white-box one by more than the tolerance
        assertThat(status(MaskingVerdicts.of(CLEAN, 0.9, List.of(row("pgd", 0.1, 0.05), row("square", 0.1, 0.02))),
                "black-box-beats-white-box")).isEqualTo(MaskingVerdict.FLAGGED);
        assertThat(status(MaskingVerdicts.of(CLEAN, 0.9, List.of(row("pgd", 0.1, 0.05), row("square", 0.1, 0.05))),
                "black-box-beats-white-box")).isEqualTo(MaskingVerdict.PASSED);
    }

    @Test
    void aSaturatedDl4jModelHasVanishingGradientsFlagged() {
        // logits ×1e4: softmax is exactly one-hot in float32, so ∂CE/∂x underflows to 0 at correctly classified points
        double[][] w = {{1e4, -1e4, 0}, {-1e4, 1e4, 0}};
        Classifier saturated = Classifier.of(TestModels.linear(w, new double[] {0, 0}));
        INDArray points = Nd4j.createFromArray(new float[][] {{0.9f, 0.1f, 0.5f}, {0.2f, 0.8f, 0.5f}});
        Misclassification labels = new Misclassification(new int[] {0, 1});
        MaskingEvidence evidence = MaskingChecks.evidence(ClassifierModel.of(saturated),
                points.castTo(saturated.dataType()), labels);
        assertThat(evidence.zeroGradients()).isEqualTo(2);
        assertThat(status(MaskingVerdicts.of(evidence, 1.0, List.of()), "gradients")).isEqualTo(MaskingVerdict.FLAGGED);
        // a moderate linear model: gradients are non-zero, outputs are logits
        Classifier moderate = Classifier.of(TestModels.linear(new double[][] {{1, -1, 0}, {-1, 1, 0}}, new double[] {0, 0}));
        MaskingEvidence fine = MaskingChecks.evidence(ClassifierModel.of(moderate), points.castTo(moderate.dataType()),
                labels);
        assertThat(fine).isEqualTo(new MaskingEvidence(2, 0, 0, 0, 0));
    }

    @Test
    void aSaturatedSoftmaxIsFlaggedForZeroGradientsAndForAccuracyAtHugeEpsilon() {
        LinearModel saturated = healthy.scaled(1e4);
        MaskingEvidence evidence = MaskingChecks.evidence(saturated, x, criterion);
        // all but the few inputs within ~1e-4 of a boundary, where the softmax is not yet saturated
        assertThat(evidence.zeroGradients()).isGreaterThan(36);
        // FGSM cannot move, and PGD from the clean point (no random start) stays put even at ε = the whole range
        double fgsm = Fgm.linf().run(saturated, AttackRequest.of(x, criterion, 0.1)).robustAccuracy();
        double pgd = new Pgd(new Pgd.Params(Norm.LINF, 40, 1.0 / 30, false))
                .run(saturated, AttackRequest.of(x, criterion, 1.0)).robustAccuracy();
        assertThat(fgsm).isGreaterThan(0.9);
        List<MaskingVerdict> v = MaskingVerdicts.of(evidence, 1.0, List.of(row("pgd", 1.0, pgd)));
        assertThat(status(v, "gradients")).isEqualTo(MaskingVerdict.FLAGGED);
        assertThat(status(v, "large-epsilon")).isEqualTo(MaskingVerdict.FLAGGED);
    }

    @Test
    void aHealthyModelRaisesNoFlag() {
        MaskingEvidence evidence = MaskingChecks.evidence(healthy, x, criterion);
        assertThat(evidence).isEqualTo(new MaskingEvidence(40, 0, 0, 0, 0));
        double pgd = Pgd.linf().run(healthy, AttackRequest.of(x, criterion, 1.0)).robustAccuracy();
        assertThat(status(MaskingVerdicts.of(evidence, 1.0, List.of(row("pgd", 1.0, pgd))), "large-epsilon"))
                .isEqualTo(MaskingVerdict.PASSED);
    }

    @Test
    void probabilitiesInPlaceOfLogitsAreFlagged() {
        AttackModel softmax = new Wrapped(healthy) {
            @Override
            public INDArray logits(INDArray in) {
                return Transforms.softmax(healthy.logits(in), true);
            }
        };
        MaskingEvidence evidence = MaskingChecks.evidence(softmax, x, criterion);
        assertThat(evidence.probabilityLikeOutputs()).isEqualTo(40);
        MaskingVerdict logits = MaskingVerdicts.of(evidence, 1.0, List.of()).stream()
                .filter(v -> v.check().equals("logits")).findFirst().orElseThrow();
        assertThat(logits.status()).isEqualTo(MaskingVerdict.FLAGGED);
        assertThat(logits.detail()).contains("40 of 40").contains("pre-softmax");
    }

    @Test
    void aRandomisedModelIsFlagged() {
        Nd4j.getRandom().setSeed(13);
        AttackModel noisy = new Wrapped(healthy) {
            @Override
            public INDArray logits(INDArray in) {
                return healthy.logits(in).addi(Nd4j.randn(in.dataType(), in.rows(), 5).muli(1e-3));
            }
        };
        MaskingEvidence evidence = MaskingChecks.evidence(noisy, x, criterion);
        assertThat(evidence.nonDeterministic()).isEqualTo(40);
        assertThat(status(MaskingVerdicts.of(evidence, 1.0, List.of()), "deterministic"))
                .isEqualTo(MaskingVerdict.FLAGGED);
    }

    /** Delegates everything to a model; anonymous subclasses override one method. */
    private abstract static class Wrapped implements ForwardingModel {
        private final AttackModel inner;

        Wrapped(AttackModel inner) {
            this.inner = inner;
        }

        @Override
        public AttackModel inner() {
            return inner;
        }
    }
}
