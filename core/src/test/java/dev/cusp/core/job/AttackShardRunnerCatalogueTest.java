package dev.cusp.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.Attacks;
import dev.cusp.core.attack.Bounds;
import dev.cusp.core.attack.ClassifierModel;
import dev.cusp.core.attack.Misclassification;
import dev.cusp.core.attack.gradient.Pgd;
import dev.cusp.core.data.LabeledData;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The shard runner with the attack catalogue: a plan can name any catalogued attack with parameter overrides
 * and a seed; fixed-ε attacks run per ε exactly as the attack does on its own, a minimal-norm attack runs once
 * and gives every ε; bad plans fail before any work with the reason.
 */
class AttackShardRunnerCatalogueTest {

    private static final UUID JOB = UUID.fromString("00000000-0000-0000-0000-000000000007");
    private static final double[][] W = {
            {1, -0.5, 2, 0.3, -1}, {-0.2, 0.4, -1, 1, 0.5}, {0.3, 0.9, -0.4, -0.6, 0.2}};
    private static final double[] B = {0.1, -0.05, 0.0};

    private final Classifier linear = Classifier.of(TestModels.linear(W, B));

    /** 24 points in [0.3, 0.7]⁵ (seed 5), labelled by the model; examples 0 and 1 get a wrong label. */
    private LabeledData data() {
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 24, 5).muli(0.4).addi(0.3);
        int[] labels = linear.predict(x);
        labels[0] = (labels[0] + 1) % 3;
        labels[1] = (labels[1] + 1) % 3;
        return new LabeledData(x, labels, 3);
    }

    private static AttackTask task(AttackSpec... specs) {
        return new AttackTask(AttackTask.SCHEMA_VERSION, JOB, 0, 1, "cd".repeat(32), new DatasetRef("two-moons", null),
                0, IntStream.range(0, 24).toArray(), new AttackPlan(List.of(specs)), SingularityPlan.basic());
    }

    @Test
    void aFixedEpsilonAttackRunsPerEpsilonLikeTheAttackItself() {
        Map<String, Object> params = Map.of("steps", 10, "seed", 17);
        AttackResults results = AttackShardRunner.run(linear, data(), task(
                new AttackSpec("pgd", "l2", List.of(0.05, 0.3), params)));
        LabeledData data = data();
        for (double epsilon : List.of(0.05, 0.3)) {
            AttackResult direct = new Pgd(Pgd.Params.defaults(dev.cusp.core.attack.Norm.L2).withSteps(10))
                    .run(ClassifierModel.of(linear), new AttackRequest(data.features(),
                            new Misclassification(data.labels()), filled(24, epsilon), Bounds.UNIT, 17));
            for (ExampleAttack example : results.examples()) {
                AttackOutcome outcome = example.outcomes().stream().filter(o -> o.epsilon() == epsilon).findFirst()
                        .orElseThrow();
                var expected = direct.example(example.exampleIndex());
                assertThat(outcome.attack()).isEqualTo("pgd");
                assertThat(outcome.success()).isEqualTo(expected.success());
                assertThat(outcome.l2()).isEqualTo(expected.l2());
                assertThat(outcome.l2()).isLessThanOrEqualTo(epsilon + 1e-9);
                assertThat(outcome.gradientEvaluations()).isEqualTo(example.exampleIndex() < 2 ? 0
                        : (int) expected.gradientEvaluations());
            }
        }
        assertThat(results.examples().get(0).outcomes()).allSatisfy(o -> assertThat(o.success()).isTrue());
    }

    @Test
    void aMinimalNormAttackRunsOnceAndGivesEveryEpsilon() {
        List<Double> epsilons = List.of(0.0, 0.02, 0.05, 0.1, 1.0);
        AttackResults results = AttackShardRunner.run(linear, data(), task(
                new AttackSpec("deepfool", "l2", epsilons, Map.of())));
        int previous = -1;
        for (int e = 0; e < epsilons.size(); e++) {
            int successes = 0;
            for (ExampleAttack example : results.examples()) {
                AttackOutcome outcome = example.outcomes().get(e);
                AttackOutcome widest = example.outcomes().get(epsilons.size() - 1);
                assertThat(outcome.l2()).isEqualTo(widest.l2());
                assertThat(outcome.queries()).isEqualTo(widest.queries());
                assertThat(outcome.success()).isEqualTo(widest.success() && outcome.l2() <= epsilons.get(e) + 1e-6);
                successes += outcome.success() ? 1 : 0;
            }
            assertThat(successes).isGreaterThanOrEqualTo(previous);
            previous = successes;
        }
        assertThat(previous).as("every example falls within ε = 1").isEqualTo(24);
        assertThat(results.adversarial().attack()).isEqualTo("deepfool");
        assertThat(results.adversarial().epsilon()).isEqualTo(1.0);
    }

    @Test
    void everyCataloguedAttackRunsThroughThePlanOrNamesWhatTheModelLacks() {
        for (String supported : Attacks.supported()) {
            String[] parts = supported.split("/");
            Map<String, Object> params = switch (parts[0]) {
                case "pgd", "mi-fgsm", "apgd-ce", "apgd-dlr", "deepfool", "fab" -> Map.of("steps", 3);
                case "apgd-t", "fab-t" -> Map.of("steps", 3, "targets", 2);
                case "cw-l2" -> Map.of("steps", 5, "binarySearchSteps", 2);
                case "square" -> Map.of("queries", 5);
                case "hsj" -> Map.of("steps", 2, "initialEvaluations", 10);
                case "autoattack" -> Map.of("steps", 3, "targets", 2, "squareQueries", 5);
                default -> Map.of();
            };
            AttackTask task = task(new AttackSpec(parts[0], parts[1], List.of(0.05), params));
            if (Attacks.minimumClasses(parts[0]) > 3) {
                assertThatThrownBy(() -> AttackShardRunner.run(linear, data(), task)).as(supported)
                        .hasMessageContaining("at least 4 classes").hasMessageContaining("has 3");
                continue;
            }
            AttackResults results = AttackShardRunner.run(linear, data(), task);
            assertThat(results.examples()).as(supported).hasSize(24)
                    .allSatisfy(ex -> assertThat(ex.outcomes()).hasSize(1));
        }
    }

    @Test
    void badPlansFailBeforeAnyWorkWithTheReason() {
        assertThatThrownBy(() -> AttackShardRunner.run(linear, data(), task(
                new AttackSpec("pgd", "linf", List.of(0.1), Map.of("stepz", 3)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'stepz'").hasMessageContaining("steps");
        assertThatThrownBy(() -> AttackShardRunner.run(linear, data(), task(
                new AttackSpec("pgd", "linf", List.of(-0.1), Map.of()))))
                .hasMessageContaining("-0.1");
        assertThatThrownBy(() -> AttackShardRunner.run(linear, data(), task(
                new AttackSpec("cw-l2", "linf", List.of(0.1), Map.of()))))
                .hasMessageContaining("'cw-l2'").hasMessageContaining("linf");
        assertThatThrownBy(() -> AttackShardRunner.run(linear, data(), task(
                new AttackSpec("pgd", "linf", List.of(0.1), Map.of("steps", 0)))))
                .hasMessageContaining("at least one step");
    }

    private static double[] filled(int n, double value) {
        double[] out = new double[n];
        Arrays.fill(out, value);
        return out;
    }
}
