package dev.cusp.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.attack.Fgsm;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.data.TensorCodec;
import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.testing.TestModels;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AttackShardRunnerTest {
    private static final long SEED = 99;
    private static final double[][] W = {{1, -0.5, 2, 0.3, -1}, {-0.2, 0.4, -1, 1, 0.5}};
    private static final double[] B = {0.1, -0.05};
    private static final double L1 = 1.2 + 0.9 + 3 + 0.7 + 1.5; // ‖w₀ − w₁‖₁
    private static final UUID JOB = UUID.fromString("00000000-0000-0000-0000-000000000042");

    private final Classifier linear = Classifier.of(TestModels.linear(W, B));

    /** 30 points in [0.4, 0.6]⁵; examples 0–4 get the wrong label (already misclassified), the rest the right one. */
    private LabeledData data() {
        Nd4j.getRandom().setSeed(SEED);
        INDArray x = Nd4j.rand(DataType.FLOAT, 30, 5).muli(0.2).addi(0.4);
        int[] labels = linear.predict(x);
        for (int i = 0; i < 5; i++) {
            labels[i] = 1 - labels[i];
        }
        return new LabeledData(x, labels, 2);
    }

    private static AttackTask task(int[] indices, List<Double> epsilons) {
        return new AttackTask(AttackTask.SCHEMA_VERSION, JOB, 3, 7, "ab".repeat(32), new DatasetRef("two-moons", null),
                0, indices, new AttackPlan(List.of(AttackSpec.fgsm(epsilons))), SingularityPlan.basic(), SEED);
    }

    @Test
    void successFollowsTheClosedFormAndMisclassifiedExamplesCountAsZeroPerturbationSuccesses() {
        LabeledData data = data();
        int[] indices = {0, 2, 4, 5, 9, 12, 17, 21, 29};
        List<Double> epsilons = List.of(0.1, 0.01, 0.05);
        AttackResults results = AttackShardRunner.run(linear, data, task(indices, epsilons));

        INDArray logits = linear.logits(data.features());
        for (ExampleAttack example : results.examples()) {
            int i = example.exampleIndex();
            boolean misclassified = i < 5;
            int predicted = linear.predict(data.features().getRow(i, true))[0];
            assertThat(example.label()).isEqualTo(data.labels()[i]);
            assertThat(example.cleanPrediction()).isEqualTo(predicted);
            assertThat(example.outcomes()).extracting(AttackOutcome::epsilon).containsExactly(0.1, 0.01, 0.05);
            double margin = Math.abs(logits.getDouble(i, 0) - logits.getDouble(i, 1));
            for (AttackOutcome outcome : example.outcomes()) {
                assertThat(outcome.attack()).isEqualTo("fgsm");
                assertThat(outcome.norm()).isEqualTo("linf");
                if (misclassified) {
                    assertThat(outcome.success()).isTrue();
                    assertThat(outcome.adversarialPrediction()).isEqualTo(predicted);
                    assertThat(List.of(outcome.linf(), outcome.l2(), outcome.l0())).containsOnly(0.0);
                    assertThat(outcome.iterations()).isZero();
                    assertThat(outcome.gradientEvaluations()).isZero();
                } else {
                    double e = outcome.epsilon();
                    // x ± ε stays inside [0.3, 0.7]: no clipping, every coordinate moves by ε (float rounding 1e-7).
                    assertThat(outcome.success()).as("example %d at ε=%s, ε*=%s", i, e, margin / L1).isEqualTo(e > margin / L1);
                    assertThat(outcome.adversarialPrediction()).isEqualTo(outcome.success() ? 1 - predicted : predicted);
                    assertThat(outcome.linf()).isCloseTo(e, within(1e-7));
                    assertThat(outcome.l2()).isCloseTo(e * Math.sqrt(5), within(1e-6));
                    assertThat(outcome.l0()).isEqualTo(5.0);
                    assertThat(outcome.iterations()).isEqualTo(1);
                    assertThat(outcome.gradientEvaluations()).isEqualTo(1);
                    // the catalogue's accounting: the forward pass under the gradient; the evaluation at x' that
                    // decides success is not charged to the attack (attack.Outcomes)
                    assertThat(outcome.queries()).isEqualTo(1);
                }
            }
        }
        long successesAtLargest = results.examples().stream().filter(ex -> ex.outcomes().get(0).success()).count();
        assertThat(successesAtLargest).isGreaterThan(5).isLessThan(indices.length); // both outcomes occur
    }

    @Test
    void adversarialBatchHoldsTheInputsAtTheLargestEpsilonOfTheFirstAttack() {
        LabeledData data = data();
        int[] indices = {1, 3, 6, 8};
        AttackResults results = AttackShardRunner.run(linear, data, task(indices, List.of(0.02, 0.2, 0.1)));

        assertThat(results.adversarial().attack()).isEqualTo("fgsm");
        assertThat(results.adversarial().epsilon()).isEqualTo(0.2);
        assertThat(results.adversarial().shape()).containsExactly(4, 5);
        assertThat(results.adversarial().encoding()).isEqualTo(TensorCodec.ENCODING);
        INDArray decoded = TensorCodec.decode(results.adversarial().shape(), results.adversarial().data());
        LabeledData shard = data.select(indices);
        INDArray fgsm = Fgsm.perturb(linear, shard.features(), shard.oneHot(), List.of(0.2)).get(0);
        for (int r = 0; r < 4; r++) {
            INDArray expected = indices[r] < 5 ? shard.features().getRow(r) : fgsm.getRow(r);
            assertThat(decoded.getRow(r).castTo(DataType.DOUBLE).sub(expected.castTo(DataType.DOUBLE))
                    .amaxNumber().doubleValue()).as("row %d", r).isLessThan(1e-7); // float32 encoding
        }
    }

    @Test
    void copiesTheTaskIdentityIntoTheResults() {
        int[] indices = {7, 5};
        AttackResults results = AttackShardRunner.run(linear, data(), task(indices, List.of(0.1)));
        assertThat(results.schemaVersion()).isEqualTo(AttackResults.SCHEMA_VERSION);
        assertThat(results.jobId()).isEqualTo(JOB);
        assertThat(results.shardNo()).isEqualTo(3);
        assertThat(results.shardCount()).isEqualTo(7);
        assertThat(results.modelSha256()).isEqualTo("ab".repeat(32));
        assertThat(results.exampleIndices()).containsExactly(7, 5);
        assertThat(results.examples()).extracting(ExampleAttack::exampleIndex).containsExactly(7, 5);
        assertThat(results.singularityPlan()).isEqualTo(SingularityPlan.basic());
    }

    @Test
    void robustAccuracyNeverExceedsCleanAccuracyOnAnMlp() {
        Classifier model = Classifier.of(TestModels.tinyMlp(SEED));
        Nd4j.getRandom().setSeed(SEED);
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 784);
        int[] labels = model.predict(x);
        for (int i = 0; i < 64; i += 3) {
            labels[i] = (labels[i] + 1) % 10;
        }
        LabeledData data = new LabeledData(x, labels, 10);
        int[] all = IntStream.range(0, 64).toArray();
        JobReport report = ReportAggregator.aggregate(
                AttackShardRunner.run(model, data, task(all, List.of(0.0, 0.01, 0.1))).examples(), List.of());
        assertThat(report.robustAccuracy()).allSatisfy(row -> assertThat(row.accuracy()).isLessThanOrEqualTo(report.cleanAccuracy()));
        assertThat(report.robustAccuracy().get(0).accuracy()).isEqualTo(report.cleanAccuracy()); // ε = 0 changes nothing
    }

    @Test
    void rejectsUnsupportedAttacksNamingTheSupportedOnes() {
        AttackTask unknown = new AttackTask(2, JOB, 0, 1, "ab".repeat(32), DatasetRef.fashionMnistTest(), 0, new int[] {0},
                new AttackPlan(List.of(new AttackSpec("pgdx", "linf", List.of(0.1), Map.of()))), SingularityPlan.basic(), 0L);
        assertThatThrownBy(() -> AttackShardRunner.run(linear, data(), unknown))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'pgdx'").hasMessageContaining("fgsm/linf");
        AttackTask l2 = new AttackTask(2, JOB, 0, 1, "ab".repeat(32), DatasetRef.fashionMnistTest(), 0, new int[] {0},
                new AttackPlan(List.of(new AttackSpec("fgsm", "l2", List.of(0.1), Map.of()))), SingularityPlan.basic(), 0L);
        assertThatThrownBy(() -> AttackShardRunner.run(linear, data(), l2)).hasMessageContaining("'l2'")
                .hasMessageContaining("it supports linf");
    }

    @Test
    void rejectsAnAttackThatNeedsMoreClassesThanTheModelHasBeforeRunningAnything() {
        AttackTask dlr = new AttackTask(2, JOB, 0, 1, "ab".repeat(32), DatasetRef.fashionMnistTest(), 0, new int[] {5},
                new AttackPlan(List.of(AttackSpec.fgsm(List.of(0.1)),
                        new AttackSpec("apgd-dlr", "linf", List.of(0.1), Map.of()))), SingularityPlan.basic(), 0L);
        assertThatThrownBy(() -> AttackShardRunner.run(linear, data(), dlr))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attack 'apgd-dlr' needs a model with at least 3 classes (its DLR loss ranks that many"
                        + " logits), the model has 2");
    }

    @Test
    void rejectsAModelThatDoesNotFitTheDataSet() {
        LabeledData wide = new LabeledData(Nd4j.zeros(DataType.FLOAT, 2, 6), new int[] {0, 1}, 2);
        assertThatThrownBy(() -> AttackShardRunner.run(linear, wide, task(new int[] {0}, List.of(0.1))))
                .hasMessageContaining("expects 5 input features").hasMessageContaining("has 6");
        LabeledData threeClasses = new LabeledData(Nd4j.zeros(DataType.FLOAT, 2, 5), new int[] {0, 2}, 3);
        assertThatThrownBy(() -> AttackShardRunner.run(linear, threeClasses, task(new int[] {0}, List.of(0.1))))
                .hasMessageContaining("2 classes").hasMessageContaining("has 3");
    }
}
