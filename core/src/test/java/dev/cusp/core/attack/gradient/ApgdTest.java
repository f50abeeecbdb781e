package dev.cusp.core.attack.gradient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.attack.AttackFixtures;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.LinearModel;
import dev.cusp.core.attack.Misclassification;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.loss.Dlr;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** APGD's checkpoint schedule against the paper's recursion, and its per-example costs. */
class ApgdTest {

    @Test
    void checkpointsFollowThePapersRecursionFor100And1000Iterations() {
        assertThat(Apgd.checkpoints(100)).containsExactly(22, 41, 57, 70, 80, 87, 93, 99);
        assertThat(Apgd.checkpoints(100)).containsExactly(paper(100));
        assertThat(Apgd.checkpoints(1000)).containsExactly(paper(1000));
    }

    @Test
    void everyIterationCostsOneQueryAndOneGradientUntilTheExampleBreaks() {
        LinearModel model = LinearModel.random(5, 20, 7);
        INDArray x = AttackFixtures.uniform(30, 20, 0.0, 1.0, 11);
        int[] labels = AttackFixtures.predictions(model, x);
        AttackResult result = new Apgd(Apgd.Params.defaults(Norm.LINF, "ce").withSteps(25))
                .run(model, AttackRequest.of(x, new Misclassification(labels), 0.03));
        for (int i = 0; i < labels.length; i++) {
            var e = result.example(i);
            // clean check + start point + one per step; a broken example skips the gradient of its last point
            assertThat(e.queries()).as("example %d", i).isEqualTo(2 + e.iterations());
            assertThat(e.gradientEvaluations()).as("example %d", i)
                    .isEqualTo(e.success() ? e.iterations() : 1 + e.iterations());
            assertThat(e.iterations()).isLessThanOrEqualTo(25);
            if (!e.success()) {
                assertThat(e.iterations()).isEqualTo(25);
            }
        }
        assertThat(result.successes()).isBetween(1, 29);
    }

    @Test
    void dlrLossIsInvariantToShiftingAndScalingTheLogits() {
        INDArray logits = AttackFixtures.uniform(8, 6, -3, 3, 5);
        Misclassification criterion = new Misclassification(new int[] {0, 1, 2, 3, 4, 5, 0, 1});
        INDArray value = Dlr.INSTANCE.value(logits, criterion);
        INDArray moved = Dlr.INSTANCE.value(logits.mul(2.5).addi(7.0), criterion);
        // exact up to the 1e-12 guard in the denominator (denominators here are O(0.1–1))
        assertThat(moved.toDoubleVector()).containsExactly(value.toDoubleVector(),
                org.assertj.core.api.Assertions.within(1e-9));
    }

    /** p₀ = 0, p₁ = 0.22, p_{j+1} = p_j + max(p_j − p_{j−1} − 0.03, 0.06), in hundredths to stay exact. */
    private static int[] paper(int steps) {
        List<Integer> out = new ArrayList<>();
        int previous = 0;
        int current = 22;
        while (current <= 100) {
            out.add(current * steps / 100);
            int next = current + Math.max(current - previous - 3, 6);
            previous = current;
            current = next;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
