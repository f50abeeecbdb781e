package dev.cusp.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.data.LabeledData;
import dev.cusp.core.data.TensorCodec;
import dev.cusp.core.diff.Jacobians;
import dev.cusp.core.diff.Spectra;
import dev.cusp.core.event.AdversarialBatch;
import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.testing.TestModels;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;

class GeometryShardRunnerTest {
    private static final long SEED = 3;
    private static final UUID JOB = UUID.fromString("00000000-0000-0000-0000-000000000007");

    private static LabeledData uniform(int n, int d, int classes, long seed) {
        Nd4j.getRandom().setSeed(seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        return new LabeledData(Nd4j.rand(DataType.FLOAT, n, d), labels, classes);
    }

    private static AttackResults attacked(Classifier model, LabeledData data, int[] indices) {
        AttackTask task = new AttackTask(1, JOB, 2, 5, "cd".repeat(32), DatasetRef.fashionMnistTest(), 0, indices,
                new AttackPlan(List.of(AttackSpec.fgsm(List.of(0.05, 0.1)))), SingularityPlan.basic());
        return AttackShardRunner.run(model, data, task);
    }

    @Test
    void linearModelHasTheSpectrumOfWEverywhereAndItsMarginsAreClosedForm() {
        // J = W at every point; W's rows are orthogonal with lengths 5 and 2, so σ = (5, 2) and κ = 2.5.
        double[][] w = {{3, 0, 4, 0}, {0, 2, 0, 0}};
        double[] b = {0.1, 0.3};
        Classifier model = Classifier.of(TestModels.linear(w, b));
        LabeledData data = uniform(10, 4, 2, SEED);
        int[] indices = {0, 3, 4, 9};
        SingularityResults results = GeometryShardRunner.run(model, data, attacked(model, data, indices));

        assertThat(results.jobId()).isEqualTo(JOB);
        assertThat(results.shardNo()).isEqualTo(2);
        assertThat(results.shardCount()).isEqualTo(5);
        assertThat(results.points()).hasSize(8);
        assertThat(results.points()).extracting(PointGeometry::point).containsExactly(
                "clean", "clean", "clean", "clean", "adversarial", "adversarial", "adversarial", "adversarial");
        INDArray adversarial = TensorCodec.decode(new int[] {4, 4},
                attacked(model, data, indices).adversarial().data()).castTo(DataType.DOUBLE);
        for (int p = 0; p < 8; p++) {
            PointGeometry point = results.points().get(p);
            int r = p % 4;
            int i = indices[r];
            assertThat(point.exampleIndex()).isEqualTo(i);
            assertThat(point.singularValues()).containsExactly(new double[] {5, 2}, within(1e-14));
            assertThat(point.conditionNumber()).isCloseTo(2.5, within(1e-14));
            double[] x = (p < 4 ? data.features().getRow(i).castTo(DataType.DOUBLE) : adversarial.getRow(r)).toDoubleVector();
            double f0 = 3 * x[0] + 4 * x[2] + 0.1;
            double f1 = 2 * x[1] + 0.3;
            int y = data.labels()[i];
            assertThat(point.margin()).isCloseTo(y == 0 ? f0 - f1 : f1 - f0, within(1e-7)); // float32 inputs
            assertThat(point.predictedClass()).isEqualTo(f0 >= f1 ? 0 : 1);
        }
    }

    @Test
    void mlpPointsCarryTheSpectrumOfTheirJacobianInDouble() {
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.FLOAT, Activation.TANH, 20, 12, 4));
        LabeledData data = uniform(70, 20, 4, SEED + 1);
        int[] indices = java.util.stream.IntStream.range(0, 70).toArray(); // crosses the 64-example chunk
        SingularityResults results = GeometryShardRunner.run(model, data, attacked(model, data, indices));

        Classifier exact = model.inDouble();
        INDArray x = data.features().castTo(DataType.DOUBLE);
        double[][] sigma = Spectra.singularValues(Jacobians.logits(exact, x));
        INDArray logits = exact.logits(x);
        for (int i = 0; i < 70; i++) {
            PointGeometry clean = results.points().get(i);
            assertThat(clean.singularValues()).containsExactly(sigma[i], within(1e-15));
            assertThat(clean.singularValues()).hasSize(4);
            assertThat(clean.conditionNumber()).isEqualTo(sigma[i][0] / sigma[i][3]);
            double own = logits.getDouble(i, data.labels()[i]);
            double other = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 4; k++) {
                if (k != data.labels()[i]) {
                    other = Math.max(other, logits.getDouble(i, k));
                }
            }
            assertThat(clean.margin()).isCloseTo(own - other, within(1e-15));
        }
    }

    @Test
    void zeroJacobianHasInfiniteConditionNumberThatSurvivesJson() throws Exception {
        Classifier constant = Classifier.of(TestModels.linear(new double[][] {{0, 0}, {0, 0}}, new double[] {1, 0}));
        LabeledData data = uniform(3, 2, 2, SEED);
        SingularityResults results = GeometryShardRunner.run(constant, data, attacked(constant, data, new int[] {0, 1}));
        assertThat(results.points()).allSatisfy(p -> {
            assertThat(p.singularValues()).containsExactly(0, 0);
            assertThat(p.conditionNumber()).isEqualTo(Double.POSITIVE_INFINITY);
        });
        // Jackson (as the services use it) writes +∞ as the string "Infinity" and reads it back.
        ObjectMapper json = new ObjectMapper();
        PointGeometry back = json.readValue(json.writeValueAsString(results.points().get(0)), PointGeometry.class);
        assertThat(back.conditionNumber()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void withoutAnAdversarialBatchOnlyCleanPointsAreAnalysed() {
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.FLOAT, Activation.RELU, 6, 5, 3));
        LabeledData data = uniform(4, 6, 3, SEED);
        AttackResults r = attacked(model, data, new int[] {1, 2});
        AttackResults noBatch = new AttackResults(1, JOB, 0, 1, r.modelSha256(), r.dataset(), r.exampleIndices(),
                r.examples(), null, r.singularityPlan());
        assertThat(GeometryShardRunner.run(model, data, noBatch).points()).extracting(PointGeometry::point)
                .containsExactly("clean", "clean");
    }

    @Test
    void rejectsAMisshapenBatchAndUnknownTiers() {
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.FLOAT, Activation.RELU, 6, 5, 3));
        LabeledData data = uniform(4, 6, 3, SEED);
        AttackResults r = attacked(model, data, new int[] {1, 2});
        AdversarialBatch wrong = new AdversarialBatch("fgsm", 0.1, new int[] {3, 6}, TensorCodec.ENCODING,
                TensorCodec.encode(Nd4j.zeros(DataType.FLOAT, 3, 6)));
        AttackResults misshapen = new AttackResults(1, JOB, 0, 1, r.modelSha256(), r.dataset(), r.exampleIndices(),
                r.examples(), wrong, r.singularityPlan());
        assertThatThrownBy(() -> GeometryShardRunner.run(model, data, misshapen))
                .hasMessageContaining("[3, 6]").hasMessageContaining("[2, 6]");
        AttackResults cusp = new AttackResults(1, JOB, 0, 1, r.modelSha256(), r.dataset(), r.exampleIndices(),
                r.examples(), r.adversarial(), new SingularityPlan(List.of("spectrum", "cusp")));
        assertThatThrownBy(() -> GeometryShardRunner.run(model, data, cusp))
                .hasMessageContaining("'cusp'").hasMessageContaining("spectrum, margin");
    }
}
