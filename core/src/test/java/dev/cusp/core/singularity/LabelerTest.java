package dev.cusp.core.singularity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.input.GradientHealth;
import dev.cusp.core.singularity.input.JacobianSpectrum;
import dev.cusp.core.singularity.input.Junction;
import dev.cusp.core.singularity.input.KinkDistance;
import dev.cusp.core.singularity.input.LinearisedBoundaries;
import dev.cusp.core.singularity.input.MarginGeometry;
import dev.cusp.core.singularity.plane.SliceProximity;
import dev.cusp.core.testing.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class LabelerTest {

    private static final LabelRules RULES = LabelRules.forBudgets(0.1, 1.0);
    private static final JacobianSpectrum WELL = JacobianSpectrum.of(new double[] {2, 1, 0.5}, 3, 10, 1e-16);

    /** A point that breaks no rule: far from every boundary, well conditioned, healthy. */
    private static PointEvidence regular() {
        return new PointEvidence(0, 10, WELL, 2.3, new MarginGeometry(0, 1, 5, 1, 3, 5, 5 / 3.0),
                new LinearisedBoundaries(0, 1, 2.0, 2, 5.0, 0.3), new KinkDistance(1, 0.5, 0, 0, 1), null,
                new GradientHealth(GradientHealth.Status.OK, 0.1), Double.NaN, Double.NaN, null, null);
    }

    @Test
    void pointBreakingNoRuleIsRegular() {
        Labeler.Labels l = Labeler.label(regular(), RULES);
        assertThat(l.labels()).containsExactly(Label.REGULAR);
        assertThat(l.primary()).isEqualTo(Label.REGULAR);
    }

    @Test
    void eachRuleFiresJustPastItsThreshold() {
        PointEvidence e = regular();
        assertThat(Labeler.label(new PointEvidence(0, 10, JacobianSpectrum.of(new double[] {200, 1, 1.99}, 3, 10, 1e-16),
                2.3, e.margin(), e.facets(), e.kink(), null, e.health(), Double.NaN, Double.NaN, null, null), RULES).labels())
                .containsExactly(Label.ILL_CONDITIONED);
        assertThat(Labeler.label(new PointEvidence(0, 10, JacobianSpectrum.of(new double[] {2, 1, 0}, 3, 10, 1e-16),
                2.3, e.margin(), e.facets(), e.kink(), null, e.health(), Double.NaN, Double.NaN, null, null), RULES).labels())
                .containsExactlyInAnyOrder(Label.RANK_DEFICIENT, Label.ILL_CONDITIONED);
        // r₁/r₂ = 1/1.19 ≥ 1/1.2 with non-parallel normals and r₂ within ε₂ = 1: junction; parallel normals
        // (|cos| = 0.995), r₂/r₁ = 1.21, or r₂ beyond ε₂: not
        assertThat(Labeler.label(withFacets(e, new LinearisedBoundaries(0, 1, 0.8, 2, 0.8 * 1.19, 0.5)), RULES).labels())
                .containsExactly(Label.JUNCTION);
        assertThat(Labeler.label(withFacets(e, new LinearisedBoundaries(0, 1, 0.8, 2, 0.8 * 1.19, -0.995)), RULES).labels())
                .containsExactly(Label.REGULAR);
        assertThat(Labeler.label(withFacets(e, new LinearisedBoundaries(0, 1, 0.8, 2, 0.8 * 1.21, 0.5)), RULES).labels())
                .containsExactly(Label.REGULAR);
        assertThat(Labeler.label(withFacets(e, new LinearisedBoundaries(0, 1, 1.0, 2, 1.01, 0.5)), RULES).labels())
                .containsExactly(Label.REGULAR);
        // kink closer than 1e-6·‖x‖ = 1e-5, or (with a clean reference 1e-3..1e-1) below its 1st percentile
        PointEvidence onKink = new PointEvidence(0, 10, WELL, 2.3, e.margin(), e.facets(), new KinkDistance(9e-6, 1e-6, 0, 3, 1e-5),
                null, e.health(), Double.NaN, Double.NaN, null, null);
        assertThat(Labeler.label(onKink, RULES).labels()).containsExactly(Label.KINK);
        PointEvidence nearKink = new PointEvidence(0, 10, WELL, 2.3, e.margin(), e.facets(), new KinkDistance(1.5e-3, 1e-4, 0, 3, 1e-3),
                null, e.health(), Double.NaN, Double.NaN, null, null);
        assertThat(Labeler.label(nearKink, RULES).labels()).containsExactly(Label.REGULAR);
        double[] cleanKinks = new double[100];
        for (int i = 0; i < 100; i++) {
            cleanKinks[i] = 1e-3 * (i + 1);
        }
        // R-7 1st percentile of 0.001..0.100: 0.001 + 0.99·0.001 = 0.00199
        LabelRules withReference = RULES.withKinkReference(cleanKinks);
        assertThat(withReference.kinkReference()).isCloseTo(0.00199, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(Labeler.label(nearKink, withReference).labels()).containsExactly(Label.KINK);
        // first-order L∞ distance 0.09 < ε∞ = 0.1
        assertThat(Labeler.label(new PointEvidence(0, 10, WELL, 2.3, new MarginGeometry(0, 1, 0.3, 1, 3.34, 0.3, 0.0899),
                e.facets(), e.kink(), null, e.health(), Double.NaN, Double.NaN, null, null), RULES).labels())
                .containsExactly(Label.FRAGILE);
        assertThat(Labeler.label(e.withClever(0.99, Double.NaN), RULES).labels()).containsExactly(Label.FRAGILE);
        assertThat(Labeler.label(e.withJunction(new Junction(new int[] {0, 1, 2}, 0.0, 0.01)), RULES).labels())
                .containsExactly(Label.JUNCTION);
        assertThat(Labeler.label(e.withSlice(new SliceProximity(0.4, 0.9, 0.5)), RULES).labels()).containsExactly(Label.FOLD);
        Labeler.Labels both = Labeler.label(e.withSlice(new SliceProximity(0.1, 0.3, 0.5)), RULES);
        assertThat(both.labels()).containsExactlyInAnyOrder(Label.FOLD, Label.CUSP);
        assertThat(both.primary()).isEqualTo(Label.CUSP);
        // SENSITIVE against the 99th percentile of 0.01..1.00: 0.9901 by R-7 interpolation
        double[] reference = new double[100];
        for (int i = 0; i < 100; i++) {
            reference[i] = (i + 1) / 100.0;
        }
        LabelRules sensitive = RULES.withSensitivityReference(reference);
        assertThat(sensitive.sensitiveNorm()).isCloseTo(0.9901, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(Labeler.label(e, sensitive).labels()).containsExactly(Label.SENSITIVE);
        Labeler.Labels masked = Labeler.label(new PointEvidence(0, 10, WELL, 2.3, e.margin(), e.facets(), e.kink(), null,
                new GradientHealth(GradientHealth.Status.ZERO, 0), Double.NaN, Double.NaN, null, null), RULES);
        assertThat(masked.primary()).isEqualTo(Label.MASKED);
        assertThat(masked.reasons()).anySatisfy(r -> assertThat(r).contains("ZERO"));
    }

    @Test
    void analyzerLabelsRealModelsByTheirKnownSingularities() {
        // three classes at 0°, 120°, 240° in the plane (a triple junction at the origin), scaled weights
        double[][] w = {{1, 0}, {Math.cos(2 * Math.PI / 3), Math.sin(2 * Math.PI / 3)},
            {Math.cos(4 * Math.PI / 3), Math.sin(4 * Math.PI / 3)}};
        Classifier junction = Classifier.of(TestModels.linear(w, new double[3]));
        PointAnalyzer analyzer = new PointAnalyzer(junction);
        assertThat(analyzer.piecewiseLinear()).isTrue();
        List<PointEvidence> e = analyzer.analyse(Nd4j.createFromArray(new double[][] {{1e-3, 1e-5}, {5, 0}}), new int[] {0, 0});
        // near the origin along the 0° axis the two facets (with classes 1 and 2) are equidistant and close:
        // a junction within the budgets; far out on the same axis they are equidistant but 4.3 away: regular.
        // The rank of W is 2 = min(c, d): no corank.
        Labeler.Labels near = Labeler.label(e.get(0), RULES);
        assertThat(near.labels()).contains(Label.JUNCTION, Label.FRAGILE).doesNotContain(Label.RANK_DEFICIENT);
        assertThat(e.get(1).facets().ratio()).isGreaterThan(0.999);
        assertThat(Labeler.label(e.get(1), RULES).labels()).containsExactly(Label.REGULAR);

        // rank-deficient weights: rows 0 and 1 parallel → corank 1 everywhere
        Classifier deficient = Classifier.of(TestModels.linear(new double[][] {{1, 2, 0}, {2, 4, 0}, {0, 1, 1}}, new double[3]));
        PointEvidence d = new PointAnalyzer(deficient).analyse(Nd4j.createFromArray(new double[][] {{3, 1, 2}}), new int[] {2}).get(0);
        assertThat(d.spectrum().corank()).isEqualTo(1);
        assertThat(Labeler.label(d, RULES).labels()).contains(Label.RANK_DEFICIENT);

        // saturated softmax: a logit gap of ~1000 makes p exactly one-hot in double, ∇ℓ = 0
        Classifier saturated = Classifier.of(TestModels.linear(new double[][] {{1000, 0}, {0, 0}}, new double[2]));
        PointEvidence s = new PointAnalyzer(saturated).analyse(Nd4j.createFromArray(new double[][] {{1, 0}}), new int[] {0}).get(0);
        assertThat(s.health().status()).isEqualTo(GradientHealth.Status.ZERO);
        assertThat(Labeler.label(s, RULES).primary()).isEqualTo(Label.MASKED);
    }

    private static PointEvidence withFacets(PointEvidence e, LinearisedBoundaries f) {
        return new PointEvidence(e.predictedClass(), e.inputNorm(), e.spectrum(), e.jacobianFrobenius(), e.margin(), f,
                e.kink(), e.certificate(), e.health(), e.cleverL2(), e.cleverLinf(), e.junction(), e.slice());
    }
}
