package dev.cusp.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cusp.core.data.TensorCodec;
import dev.cusp.core.event.AdversarialBatch;
import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.SingularityPlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;

class ShardPlannerTest {
    private static final int ONE_MB = 1024 * 1024;
    private static final AttackPlan THREE_EPSILONS = new AttackPlan(List.of(AttackSpec.fgsm(List.of(0.01, 0.05, 0.1))));

    /** A worst-case attack.results message: incompressible rows, 17-digit doubles, 10-digit indices. */
    private static byte[] worstCaseMessage(AttackPlan plan, int examples, int inputSize) throws Exception {
        Random random = new Random(1);
        List<ExampleAttack> rows = new ArrayList<>();
        int[] indices = new int[examples];
        for (int i = 0; i < examples; i++) {
            indices[i] = -1_000_000_000 - i;
            List<AttackOutcome> outcomes = new ArrayList<>();
            for (AttackSpec spec : plan.attacks()) {
                for (double epsilon : spec.epsilons()) {
                    outcomes.add(new AttackOutcome(spec.attack(), spec.norm(), epsilon + random.nextDouble() * 1e-9,
                            false, -1_000_000_000, -random.nextDouble() * 1e-300, -random.nextDouble() * 1e-300,
                            -random.nextDouble() * 1e-300, -1_000_000_000, -1_000_000_000, -1_000_000_000));
                }
            }
            rows.add(new ExampleAttack(indices[i], -1_000_000_000, -1_000_000_000, outcomes));
        }
        Nd4j.getRandom().setSeed(1);
        INDArray noise = Nd4j.rand(DataType.FLOAT, examples, inputSize);
        AttackResults message = new AttackResults(1, UUID.randomUUID(), 1, 1, "ab".repeat(32), DatasetRef.fashionMnistTest(),
                indices, rows, new AdversarialBatch("fgsm", 0.1, new int[] {examples, inputSize}, TensorCodec.ENCODING,
                TensorCodec.encode(noise)), SingularityPlan.basic());
        return new ObjectMapper().writeValueAsString(message).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFullShardOfWorstCaseResultsFitsTheMessageLimit() throws Exception {
        for (int inputSize : new int[] {784, 2}) {
            int size = ShardPlanner.maxExamplesPerShard(THREE_EPSILONS, inputSize, ONE_MB, Integer.MAX_VALUE);
            byte[] message = worstCaseMessage(THREE_EPSILONS, size, inputSize);
            assertThat(message.length).as("d=%d, %d examples", inputSize, size).isLessThanOrEqualTo(ONE_MB);
            // The estimate is not wasteful either: the shard uses more than half of the limit.
            assertThat(message.length).as("d=%d", inputSize).isGreaterThan(ONE_MB / 2);
        }
    }

    @Test
    void rowEstimateBoundsTheEncodingOfIncompressibleData() {
        Nd4j.getRandom().setSeed(2);
        INDArray noise = Nd4j.rand(DataType.FLOAT, 50, 784);
        // gzip's header and trailer (18 bytes) are absorbed by the per-row block allowance for ≥ 4 rows.
        assertThat((long) TensorCodec.encode(noise).length()).isLessThanOrEqualTo(50 * ShardPlanner.bytesPerRow(784));
    }

    @Test
    void costBudgetLimitsTheShardByGradientEvaluations() {
        // 3 ε × 1 gradient evaluation = 3 per example: a budget of 300 allows 100 examples.
        assertThat(ShardPlanner.maxExamplesPerShard(THREE_EPSILONS, 784, ONE_MB, 300)).isEqualTo(100);
        assertThat(ShardPlanner.maxExamplesPerShard(THREE_EPSILONS, 784, ONE_MB, 2)).isEqualTo(1);
        AttackPlan six = new AttackPlan(List.of(AttackSpec.fgsm(List.of(0.01, 0.05, 0.1)), AttackSpec.fgsm(List.of(0.2, 0.3, 0.4))));
        assertThat(ShardPlanner.maxExamplesPerShard(six, 784, ONE_MB, 300)).isEqualTo(50);
    }

    @Test
    void moreEpsilonsOrWiderInputsMeanSmallerShards() {
        int three = ShardPlanner.maxExamplesPerShard(THREE_EPSILONS, 784, ONE_MB, Integer.MAX_VALUE);
        AttackPlan ten = new AttackPlan(List.of(AttackSpec.fgsm(List.of(.01, .02, .03, .04, .05, .06, .07, .08, .09, .1))));
        assertThat(ShardPlanner.maxExamplesPerShard(ten, 784, ONE_MB, Integer.MAX_VALUE)).isLessThan(three);
        assertThat(ShardPlanner.maxExamplesPerShard(THREE_EPSILONS, 3072, ONE_MB, Integer.MAX_VALUE)).isLessThan(three);
    }

    @Test
    void failsClearlyWhenOneExampleCannotFit() {
        assertThatThrownBy(() -> ShardPlanner.maxExamplesPerShard(THREE_EPSILONS, 784, 20_000, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("message limit of 20000 bytes");
        AttackPlan pgd = new AttackPlan(List.of(new AttackSpec("pgd", "linf", List.of(0.1), Map.of())));
        assertThatThrownBy(() -> ShardPlanner.maxExamplesPerShard(pgd, 784, ONE_MB, 100))
                .hasMessageContaining("'pgd'").hasMessageContaining("fgsm/linf");
    }

    @Test
    void splitKeepsOrderAndCoversEveryIndexOnce() {
        List<int[]> shards = ShardPlanner.split(new int[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, 4);
        assertThat(shards).hasSize(3);
        assertThat(shards.get(0)).containsExactly(9, 8, 7, 6);
        assertThat(shards.get(1)).containsExactly(5, 4, 3, 2);
        assertThat(shards.get(2)).containsExactly(1, 0);
        assertThat(ShardPlanner.split(new int[] {1, 2}, 2)).hasSize(1);
        assertThat(ShardPlanner.split(new int[0], 3)).isEmpty();
        assertThatThrownBy(() -> ShardPlanner.split(new int[] {1}, 0)).hasMessageContaining("at least 1");
    }
}
