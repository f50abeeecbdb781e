package dev.cusp.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cusp.core.attack.blackbox.HopSkipJump;
import dev.cusp.core.attack.blackbox.Square;
import dev.cusp.core.attack.ensemble.AutoAttack;
import dev.cusp.core.attack.gradient.Apgd;
import dev.cusp.core.attack.gradient.ApgdTargeted;
import dev.cusp.core.attack.gradient.Bim;
import dev.cusp.core.attack.gradient.Fgm;
import dev.cusp.core.attack.gradient.MiFgsm;
import dev.cusp.core.attack.gradient.Pgd;
import dev.cusp.core.attack.minimal.CarliniWagnerL2;
import dev.cusp.core.attack.minimal.DeepFool;
import dev.cusp.core.attack.minimal.Fab;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every catalogued attack on the batches where it has nothing or almost nothing to do (seeded linear model, 5
 * classes, 20 features, inputs in [0,1], seeds 7/11; iteration budgets cut down to keep it fast): a batch whose
 * every example is already misclassified, a batch of one in each state, a mixed batch, and targeted batches
 * already at their targets. The Foolbox convention holds throughout: an example that already meets the
 * criterion is a success at x' = x with no iteration and no gradient, and the others are still attacked. A
 * target equal to the label is refused when the criterion is built.
 */
class EdgeBatchesTest {

    private static final LinearModel MODEL = LinearModel.random(5, 20, 7);
    private static final INDArray X = AttackFixtures.uniform(12, 20, 0.0, 1.0, 11);

    /** Every fixed-ε attack of {@link FixedEpsilonPropertiesTest}, then the minimal-norm, black-box and cascade ones. */
    static Stream<Arguments> attacks() {
        return Stream.concat(FixedEpsilonPropertiesTest.attacks(), Stream.of(
                Arguments.of(DeepFool.l2(), Double.POSITIVE_INFINITY),
                Arguments.of(DeepFool.linf(), Double.POSITIVE_INFINITY),
                Arguments.of(new CarliniWagnerL2(new CarliniWagnerL2.Params(3, 50, 1e-2, 0.0, 1e-1, true)),
                        Double.POSITIVE_INFINITY),
                Arguments.of(new Fab(new Fab.Params(Norm.L2, 10, 1, 0.1, 1.05, 0.9, 0)), Double.POSITIVE_INFINITY),
                Arguments.of(new Fab(new Fab.Params(Norm.LINF, 10, 1, 0.1, 1.05, 0.9, 3)), Double.POSITIVE_INFINITY),
                Arguments.of(new Square(new Square.Params(Norm.LINF, 50, 0.05)), 0.05),
                Arguments.of(new Square(new Square.Params(Norm.L2, 50, 0.05)), 0.3),
                Arguments.of(new HopSkipJump(new HopSkipJump.Params(Norm.L2, 3, 20, 100, 1.0)),
                        Double.POSITIVE_INFINITY),
                Arguments.of(AutoAttack.of(new AutoAttack.Params(Norm.LINF, 10, 3, 50)), 0.05)));
    }

    static Stream<Arguments> targetedAttacks() {
        return Stream.of(
                Arguments.of(Fgm.linf(), 0.05),
                Arguments.of(Bim.defaults(), 0.05),
                Arguments.of(Pgd.l2(), 0.3),
                Arguments.of(new MiFgsm(MiFgsm.Params.defaults(Norm.L2)), 0.3),
                Arguments.of(new Apgd(Apgd.Params.defaults(Norm.LINF, "ce").withSteps(10)), 0.05),
                Arguments.of(new Apgd(Apgd.Params.defaults(Norm.LINF, "dlr").withSteps(10)), 0.05),
                Arguments.of(new ApgdTargeted(new ApgdTargeted.Params(Norm.L2, 10, 0.75, 3)), 0.3),
                Arguments.of(new CarliniWagnerL2(new CarliniWagnerL2.Params(3, 50, 1e-2, 0.0, 1e-1, true)),
                        Double.POSITIVE_INFINITY),
                Arguments.of(new Square(new Square.Params(Norm.LINF, 50, 0.05)), 0.05),
                Arguments.of(new HopSkipJump(new HopSkipJump.Params(Norm.LINF, 3, 20, 100, 1.0)),
                        Double.POSITIVE_INFINITY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targetedAttacks")
    void aTargetedBatchAlreadyAtItsTargetsIsReturnedUntouched(Attack attack, double epsilon) {
        int[] predicted = predictions();
        Criterion reached = new TargetedMisclassification(wrong(predicted), predicted);
        assertUntouched(attack.run(MODEL, AttackRequest.of(X, reached, epsilon)), 12);
        INDArray one = Tensors.rows(X, new int[] {5});
        Criterion single = new TargetedMisclassification(new int[] {wrong(predicted)[5]}, new int[] {predicted[5]});
        assertUntouched(attack.run(MODEL, AttackRequest.of(one, single, epsilon)), 1);
    }

    @Test
    void aTargetEqualToTheLabelIsRefusedNamingTheExample() {
        assertThatThrownBy(() -> new TargetedMisclassification(new int[] {0, 2, 1}, new int[] {1, 2, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("example 1 has target 2 equal to its label");
    }

    @Test
    void untargetedOnlyAttacksRefuseATargetedCriterionWithTheReason() {
        Criterion targeted = new TargetedMisclassification(predictions(), wrong(predictions()));
        AttackRequest request = AttackRequest.unbounded(X, targeted);
        assertThatThrownBy(() -> DeepFool.l2().run(MODEL, request)).hasMessageContaining("DeepFool is untargeted");
        assertThatThrownBy(() -> Fab.untargeted(Norm.L2).run(MODEL, request))
                .hasMessageContaining("untargeted criterion");
    }

    private static int[] predictions() {
        return AttackFixtures.predictions(MODEL, X);
    }

    private static int[] wrong(int[] labels) {
        return Arrays.stream(labels).map(l -> (l + 1) % 5).toArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void aBatchWithEveryExampleAlreadyMisclassifiedIsReturnedUntouched(Attack attack, double epsilon) {
        AttackResult result = attack.run(MODEL, AttackRequest.of(X, new Misclassification(wrong(predictions())), epsilon));
        assertUntouched(result, 12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void aSingleMisclassifiedExampleIsReturnedUntouched(Attack attack, double epsilon) {
        INDArray one = Tensors.rows(X, new int[] {3});
        int[] label = {wrong(predictions())[3]};
        assertUntouched(attack.run(MODEL, AttackRequest.of(one, new Misclassification(label), epsilon)), 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void aSingleCorrectExampleIsAttacked(Attack attack, double epsilon) {
        INDArray one = Tensors.rows(X, new int[] {3});
        int[] label = {predictions()[3]};
        AttackResult result = attack.run(MODEL, AttackRequest.of(one, new Misclassification(label), epsilon));
        assertThat(result.size()).isEqualTo(1);
        assertThat(result.example(0).gradientEvaluations() + result.example(0).queries()).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void aMixedBatchLeavesTheMisclassifiedExamplesUntouched(Attack attack, double epsilon) {
        int[] labels = predictions();
        int[] mixed = labels.clone();
        for (int i = 0; i < mixed.length; i += 2) {
            mixed[i] = wrong(labels)[i];
        }
        AttackResult result = attack.run(MODEL, AttackRequest.of(X, new Misclassification(mixed), epsilon));
        for (int i = 0; i < mixed.length; i++) {
            ExampleResult e = result.example(i);
            if (i % 2 == 0) {
                assertThat(e.success()).as("example %d", i).isTrue();
                assertThat(e.iterations()).as("example %d", i).isZero();
                assertThat(e.l2()).as("example %d", i).isZero();
            } else {
                assertThat(e.gradientEvaluations() + e.queries()).as("example %d", i).isPositive();
            }
        }
    }

    private static void assertUntouched(AttackResult result, int n) {
        assertThat(result.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            ExampleResult e = result.example(i);
            assertThat(e.adversarial()).as("example %d", i).isTrue();
            assertThat(e.success()).as("example %d", i).isTrue();
            assertThat(e.iterations()).as("example %d", i).isZero();
            assertThat(e.l0()).as("example %d", i).isZero();
            assertThat(e.gradientEvaluations()).as("example %d", i).isZero();
            // the clean evaluation that found it adversarial; the cascade does not charge its own clean check
            assertThat(e.queries()).as("example %d", i).isEqualTo(result.attack().equals("autoattack") ? 0 : 1);
        }
    }
}
