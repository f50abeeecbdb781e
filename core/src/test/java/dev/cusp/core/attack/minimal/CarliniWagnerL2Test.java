package dev.cusp.core.attack.minimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.attack.AttackFixtures;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.Bounds;
import dev.cusp.core.attack.LinearBoundary;
import dev.cusp.core.attack.LinearModel;
import dev.cusp.core.attack.Misclassification;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.TargetedMisclassification;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Carlini–Wagner L2 on a binary linear classifier, where the minimal perturbation is known: inputs are built at
 * exact distances d* ∈ [0.15, 0.5] from the boundary (inside [0,1], so the box never binds), and C&W must
 * converge to d* from above — the DeepFool distance without overshoot.
 */
class CarliniWagnerL2Test {

    private static final double[] DISTANCES = {0.15, 0.2, 0.25, 0.3, 0.4, 0.5};
    /**
     * 9 binary-search steps × at most 1000 Adam steps (the reference allows 10,000; abort-early stops these
     * after ~200). Adam's lr = 0.01 in tanh space oscillates around the boundary kink and C&W keeps the best
     * adversarial iterate, so it lands slightly beyond d*: measured 0.002%–0.46% above, asserted within 1%.
     */
    private static final double RELATIVE = 1e-2;

    private final LinearModel model = LinearModel.centred(2, 20, 0.5, 21);
    private final INDArray x = LinearBoundary.atDistances(model, 0.5, 0.15, DISTANCES, 22);
    private final int[] labels = AttackFixtures.predictions(model, x);
    private final CarliniWagnerL2 attack = new CarliniWagnerL2(CarliniWagnerL2.Params.DEFAULTS.withSteps(9, 1000));

    @Test
    void convergesToTheExactDistanceToALinearBoundary() {
        assertThat(Bounds.UNIT.contains(x)).isTrue();
        assertThat(LinearBoundary.distances(model, x, Norm.L2)).containsExactly(DISTANCES, within(1e-12));

        AttackResult result = attack.run(model, AttackRequest.unbounded(x, new Misclassification(labels)));

        for (int i = 0; i < DISTANCES.length; i++) {
            var e = result.example(i);
            assertThat(e.success()).as("example %d", i).isTrue();
            assertThat(e.l2()).as("example %d", i)
                    .isGreaterThanOrEqualTo(DISTANCES[i] * (1 - 1e-9))
                    .isCloseTo(DISTANCES[i], within(RELATIVE * DISTANCES[i]));
        }
    }

    @Test
    void targetedSuccessReachesTheTargetAndEpsilonIsTheSuccessThreshold() {
        int[] targets = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            targets[i] = 1 - labels[i];
        }
        AttackRequest request = AttackRequest.of(x, new TargetedMisclassification(labels, targets), 0.26);
        AttackResult result = new CarliniWagnerL2(CarliniWagnerL2.Params.DEFAULTS.withSteps(5, 200))
                .run(model, request);
        for (int i = 0; i < labels.length; i++) {
            var e = result.example(i);
            assertThat(e.adversarial()).isTrue();
            assertThat(e.adversarialClass()).isEqualTo(targets[i]);
            assertThat(e.success()).as("example %d", i).isEqualTo(e.l2() <= 0.26);
        }
        assertThat(result.successes()).isEqualTo(3);
    }
}
