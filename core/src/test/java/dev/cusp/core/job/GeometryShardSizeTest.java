package dev.cusp.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cusp.core.data.LabeledData;
import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.Label;
import dev.cusp.core.singularity.LabelRules;
import dev.cusp.core.singularity.Labeler;
import dev.cusp.core.singularity.PointEvidence;
import dev.cusp.core.singularity.input.GradientHealth;
import dev.cusp.core.singularity.input.JacobianSpectrum;
import dev.cusp.core.singularity.input.Junction;
import dev.cusp.core.singularity.input.KinkDistance;
import dev.cusp.core.singularity.input.LinearisedBoundaries;
import dev.cusp.core.singularity.input.MarginGeometry;
import dev.cusp.core.singularity.input.RankCertificate;
import dev.cusp.core.singularity.plane.SliceProximity;
import dev.cusp.core.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** The worst-case size of singularity.results against real JSON (Jackson, as the services write it). */
class GeometryShardSizeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest JSON of a double and of an int. */
    private static final double D = -2.2250738585072014E-308;
    private static final int I = Integer.MIN_VALUE;

    /**
     * Evidence on which every rule fires at once, every number chosen so that %.4g prints it at its longest
     * (sign, four digits, three-digit exponent), and the rules whose thresholds are just as long.
     */
    static Labeler.Labels everyLabelAtOnce() {
        LabelRules rules = new LabelRules(-1.2345e-200, -1.2345e-200, 1.2345e-300, 0.99, 9.8765e+200, 3,
                1.2345e+100, 1.2345e-100, -1.2345e-200, 1.2345e+100, 9.8765e+200);
        PointEvidence e = new PointEvidence(0, 9.8765e+200,
                new JacobianSpectrum(new double[] {1, 0}, 2, 2, 1e-16, 1.2345e-300, 1, 1, 1, 9.8765e+200),
                9.8765e+200,
                new MarginGeometry(0, 1, -1.2345e-300, 1, 1, -9.8765e+200, -9.8765e+200),
                new LinearisedBoundaries(0, 1, -1.2345e-300, 2, -1.2345e+300, -1.2345e-300),
                new KinkDistance(-9.8765e+200, -9.8765e+200, 0, 0, 0),
                new RankCertificate(new int[] {I, I}, I, 2),
                new GradientHealth(GradientHealth.Status.SATURATED, -1.2345e-300),
                -9.8765e+200, -9.8765e+200,
                new Junction(new int[] {0, 1, 2, 3}, -1.2345e-300, -1.2345e-300),
                new SliceProximity(-1.2345e-300, -1.2345e-300, 9.8765e+200));
        return Labeler.label(e, rules);
    }

    @Test
    void everyReasonTheLabelerCanGiveAtOnceFitsTheAllowance() {
        Labeler.Labels labels = everyLabelAtOnce();
        assertThat(labels.labels()).containsExactlyInAnyOrder(Arrays.stream(Label.values())
                .filter(l -> l != Label.REGULAR).toArray(Label[]::new));
        assertThat(labels.reasons()).hasSizeLessThanOrEqualTo(GeometryShardSize.MAX_REASONS);
        for (String reason : labels.reasons()) {
            // with its quotes and separator
            assertThat(reason.getBytes(StandardCharsets.UTF_8).length + 3).as(reason)
                    .isLessThanOrEqualTo(GeometryShardSize.REASON_BYTES);
        }
    }

    @Test
    void theWorstPointSerialisesWithinItsEstimate() throws Exception {
        int classes = 10;
        Labeler.Labels labels = everyLabelAtOnce();
        PointGeometry worst = new PointGeometry(I, PointGeometry.ADVERSARIAL, I, filled(classes), D, D,
                new PointGeometry.Spectrum(I, I, I, D, D),
                new PointGeometry.Boundary(I, I, D, D, D, D, D, D, D, D),
                new PointGeometry.Facets(I, D, I, D, D, D),
                new PointGeometry.Relu(D, D, I, I, D, I, I),
                new PointGeometry.Health("SATURATED", D),
                new PointGeometry.Segment(D, D, false, D, D, I, I, I, I, false),
                new PointGeometry.Junction(IntStream.range(0, classes).map(k -> I).toArray(), D, D),
                new PointGeometry.Clever(D, D, D, D, I, I, I),
                new PointGeometry.Slice(D, D, D, I, I, I, D, false),
                Arrays.stream(Label.values()).map(Enum::name).toList(), Label.RANK_DEFICIENT.name(),
                labels.reasons());
        long bytes = JSON.writeValueAsBytes(worst).length;
        assertThat(bytes).isLessThanOrEqualTo(GeometryShardSize.bytesPerPoint(classes, 784));
        // and the estimate is not absurdly loose: within twice the worst real point
        assertThat(GeometryShardSize.bytesPerPoint(classes, 784)).isLessThan(2L * bytes);
    }

    @Test
    void aRealShardWithSlicesFitsTheEstimateForItsSize() throws Exception {
        Classifier model = Classifier.of(TestModels.mlp(5, DataType.FLOAT, Activation.TANH, 784, 12, 10));
        LabeledData data = SingularityShardRunnerTest.uniform(30, 784, 10, 0, 1, 5);
        SingularityPlan plan = new SingularityPlan(List.of(SingularityPlan.SLICES),
                new SingularityPlan.Budget(1, 2, 4, 1, 2, 11, 4, 2));
        AttackTask task = new AttackTask(AttackTask.SCHEMA_VERSION, UUID.randomUUID(), 0, 1, "ab".repeat(32),
                DatasetRef.fashionMnistTest(), 0, IntStream.range(0, 30).toArray(),
                new AttackPlan(List.of(AttackSpec.fgsm(List.of(0.05, 0.2)))), plan, 5);
        SingularityResults results = SingularityShardRunner.run(model, data,
                AttackShardRunner.run(model, data, task), null);
        assertThat(results.slices()).hasSize(2);
        long estimate = 30 * GeometryShardSize.bytesPerExample(10, 784) + GeometryShardSize.pictureBytes(plan)
                + GeometryShardSize.ENVELOPE_BYTES;
        assertThat((long) JSON.writeValueAsBytes(results).length).isLessThan(estimate);
    }

    @Test
    void slicesTakeRoomAndAHopelessLimitFailsClearly() {
        SingularityPlan cheap = SingularityPlan.cheap();
        SingularityPlan slices = new SingularityPlan(List.of(SingularityPlan.SLICES),
                new SingularityPlan.Budget(1, 2, 4, 1, 4, 11, 4, 2));
        int plain = GeometryShardSize.maxExamplesPerShard(cheap, 10, 784, 900_000);
        int pictured = GeometryShardSize.maxExamplesPerShard(slices, 10, 784, 900_000);
        long perExample = GeometryShardSize.bytesPerExample(10, 784);
        assertThat((long) plain * perExample).isLessThanOrEqualTo(
                (long) (900_000 * ShardPlanner.SAFETY) - GeometryShardSize.ENVELOPE_BYTES);
        assertThat((long) (plain + 1) * perExample).isGreaterThan(
                (long) (900_000 * ShardPlanner.SAFETY) - GeometryShardSize.ENVELOPE_BYTES);
        assertThat(pictured).isEqualTo((int) (((long) (900_000 * ShardPlanner.SAFETY)
                - GeometryShardSize.ENVELOPE_BYTES - 4L * (SliceTier.MAX_PICTURE_CHARS + 512)) / perExample));
        assertThatThrownBy(() -> GeometryShardSize.maxExamplesPerShard(slices, 10, 784, 200_000))
                .hasMessageContaining("message limit of 200000 bytes");
    }

    private static double[] filled(int n) {
        double[] v = new double[n];
        Arrays.fill(v, D);
        return v;
    }
}
