package dev.cusp.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.event.MaskingEvidence;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.testing.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Masking verdicts from hand-made tables and a saturating model whose float32 gradients vanish. */
class MaskingVerdictsTest {
    private static final MaskingEvidence CLEAN = new MaskingEvidence(100, 0, 0, 0, 0);

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
        assertThat(status(v, "black-box-beats-white-box")).isEqualTo(MaskingVerdict.PASSED);
        assertThat(status(v, "large-epsilon")).isEqualTo(MaskingVerdict.PASSED);
        assertThat(status(MaskingVerdicts.of(CLEAN, 0.9, List.of(row("pgd", 0.1, 0.2))), "fgsm-above-clean"))
                .isEqualTo(MaskingVerdict.NOT_APPLICABLE);
    }

    @Test
    void maskingSymptomsAreFlaggedWithTheFigures() {
        List<MaskingVerdict> v = MaskingVerdicts.of(new MaskingEvidence(100, 7, 1, 2, 100), 0.5,
                List.of(row("fgsm", 0.1, 0.6), row("pgd", 0.1, 0.7), row("square", 0.1, 0.3), row("pgd", 0.5, 0.4)));
        assertThat(v).extracting(MaskingVerdict::status).containsOnly(MaskingVerdict.FLAGGED);
        assertThat(v.get(0).detail()).contains("7 of 100").contains("1 a non-finite");
        assertThat(v.stream().filter(x -> x.check().equals("single-step-beats-iterative")).findFirst().get().detail())
                .contains("fgsm 0.6000 < pgd 0.7000");
    }

    @Test
    void aSaturatedModelHasVanishingGradientsFlagged() {
        // logits ×1e4: softmax is exactly one-hot in float32, so ∂CE/∂x underflows to 0 at correctly classified points
        double[][] w = {{1e4, -1e4, 0}, {-1e4, 1e4, 0}};
        Classifier saturated = Classifier.of(TestModels.linear(w, new double[] {0, 0}));
        var x = Nd4j.createFromArray(new float[][] {{0.9f, 0.1f, 0.5f}, {0.2f, 0.8f, 0.5f}});
        var oneHot = Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}});
        MaskingEvidence evidence = MaskingChecks.evidence(saturated, x.castTo(saturated.dataType()),
                oneHot.castTo(saturated.dataType()));
        assertThat(evidence.zeroGradients()).isEqualTo(2);
        assertThat(status(MaskingVerdicts.of(evidence, 1.0, List.of()), "gradients")).isEqualTo(MaskingVerdict.FLAGGED);
        // a moderate linear model: gradients are non-zero, outputs are logits
        Classifier moderate = Classifier.of(TestModels.linear(new double[][] {{1, -1, 0}, {-1, 1, 0}}, new double[] {0, 0}));
        MaskingEvidence fine = MaskingChecks.evidence(moderate, x.castTo(moderate.dataType()),
                oneHot.castTo(moderate.dataType()));
        assertThat(fine).isEqualTo(new MaskingEvidence(2, 0, 0, 0, 0));
        assertThat(Nd4j.zeros(DataType.FLOAT, 1)).isNotNull();
    }
}
