package dev.cusp.core.attack.gradient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.attack.Attack;
import dev.cusp.core.attack.AttackFixtures;
import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.ClassifierModel;
import dev.cusp.core.attack.ForwardingModel;
import dev.cusp.core.attack.Misclassification;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.testing.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The iterative attacks take the check of the current point and the next step's gradient from one forward pass when
 * the model shares it (a dense Classifier): the same attack through a wrapper that does not share must give the same
 * adversarial points, successes, iterations and queries, and at least as few gradients (the shared pass pays one
 * for every row the check retires).
 */
class SharedForwardPassTest {
    private static final long SEED = 31;

    /** The same model through a forwarding wrapper, which does not share the pass: attacks check, then step. */
    private record Unshared(AttackModel inner) implements ForwardingModel {
    }

    @Test
    void sharedAndSeparatePassesGiveTheSameAttack() {
        Classifier classifier = Classifier.of(TestModels.mlp(SEED, DataType.DOUBLE, Activation.RELU, 20, 16, 12, 5));
        ClassifierModel shared = ClassifierModel.of(classifier);
        assertThat(shared.sharesForwardPass()).isTrue();
        INDArray x = AttackFixtures.uniform(40, 20, 0.0, 1.0, SEED).castTo(DataType.DOUBLE);
        AttackRequest request = AttackRequest.of(x, new Misclassification(AttackFixtures.predictions(shared, x)), 0.05)
                .withSeed(SEED);
        for (Attack attack : List.<Attack>of(Pgd.linf(), Pgd.l2(), Apgd.ce(Norm.LINF), Apgd.dlr(Norm.L2),
                new Bim(Bim.Params.DEFAULTS), MiFgsm.linf())) {
            AttackResult one = attack.run(shared, request);
            AttackResult two = attack.run(new Unshared(shared), request);
            // the same double arithmetic in the same order: identical points
            assertThat(one.adversarial().sub(two.adversarial()).amaxNumber().doubleValue()).as(attack.name())
                    .isEqualTo(0.0);
            assertThat(one.successes()).as(attack.name()).isEqualTo(two.successes()).isPositive();
            long extra = 0;
            for (int i = 0; i < one.size(); i++) {
                assertThat(one.example(i).iterations()).isEqualTo(two.example(i).iterations());
                assertThat(one.example(i).queries()).isEqualTo(two.example(i).queries());
                long difference = one.example(i).gradientEvaluations() - two.example(i).gradientEvaluations();
                // at most the one gradient of the point where the check retired the example
                assertThat(difference).as("%s example %d", attack.name(), i).isBetween(0L, 1L);
                extra += difference;
            }
            assertThat(extra).as(attack.name()).isPositive();
        }
    }
}
