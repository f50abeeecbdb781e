package dev.cusp.core.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.attack.gradient.Apgd;
import dev.cusp.core.attack.gradient.ApgdTargeted;
import dev.cusp.core.attack.gradient.Bim;
import dev.cusp.core.attack.gradient.Fgm;
import dev.cusp.core.attack.gradient.MiFgsm;
import dev.cusp.core.attack.gradient.Pgd;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Properties every fixed-ε attack must have, on a seeded random linear model (5 classes, 20 features, 40
 * inputs in [0,1], seed 7; APGD with 30 steps, APGD-T with 20 steps and 3 targets, to stay fast): inside the ε-ball and the data range, reproducible from its seed, targeted
 * successes land on the target, already-misclassified inputs succeed untouched.
 */
class FixedEpsilonPropertiesTest {

    /** x' − x is stored in DOUBLE here; 1e-9 covers the rounding of x + δ. */
    private static final double ROUNDING = 1e-9;

    private static final LinearModel MODEL = LinearModel.random(5, 20, 7);
    private static final INDArray X = AttackFixtures.uniform(40, 20, 0.0, 1.0, 11);

    static Stream<Arguments> attacks() {
        return Stream.of(
                Arguments.of(Fgm.linf(), 0.05),
                Arguments.of(Fgm.l2(), 0.3),
                Arguments.of(Fgm.l1(), 1.0),
                Arguments.of(Bim.defaults(), 0.05),
                Arguments.of(Pgd.linf(), 0.05),
                Arguments.of(Pgd.l2(), 0.3),
                Arguments.of(new MiFgsm(MiFgsm.Params.defaults(Norm.LINF)), 0.05),
                Arguments.of(new MiFgsm(MiFgsm.Params.defaults(Norm.L2)), 0.3),
                Arguments.of(new Repeated(Pgd.linf(), 3), 0.05),
                Arguments.of(new Apgd(Apgd.Params.defaults(Norm.LINF, "ce").withSteps(30)), 0.05),
                Arguments.of(new Apgd(Apgd.Params.defaults(Norm.L2, "ce").withSteps(30)), 0.3),
                Arguments.of(new Apgd(Apgd.Params.defaults(Norm.LINF, "dlr").withSteps(30)), 0.05),
                Arguments.of(new ApgdTargeted(new ApgdTargeted.Params(Norm.LINF, 20, 0.75, 3)), 0.05),
                Arguments.of(new ApgdTargeted(new ApgdTargeted.Params(Norm.L2, 20, 0.75, 3)), 0.3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void neverLeavesTheEpsilonBallOrTheDataRange(Attack attack, double epsilon) {
        int[] labels = AttackFixtures.predictions(MODEL, X);
        AttackResult result = attack.run(MODEL, AttackRequest.of(X, new Misclassification(labels), epsilon));

        double[] distances = Tensors.toArray(attack.norm().of(result.adversarial().sub(X)));
        assertThat(java.util.Arrays.stream(distances).max().orElseThrow()).isLessThanOrEqualTo(epsilon + ROUNDING);
        assertThat(result.adversarial().minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
        assertThat(result.adversarial().maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
        assertThat(result.successes()).as("the budget is large enough to break some inputs").isPositive();
        assertThat(result.examples()).allSatisfy(e -> assertThat(e.success()).isEqualTo(e.adversarial()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void sameSeedGivesTheSameResult(Attack attack, double epsilon) {
        int[] labels = AttackFixtures.predictions(MODEL, X);
        // 42, and the default seed 0, which ND4J alone would read as "seed from the clock"
        for (AttackRequest request : new AttackRequest[] {
            AttackRequest.of(X, new Misclassification(labels), epsilon).withSeed(42),
            AttackRequest.of(X, new Misclassification(labels), epsilon)}) {
            AttackResult first = attack.run(MODEL, request);
            AttackResult second = attack.run(MODEL, request);

            assertThat(second.adversarial().toDoubleMatrix()).as("seed %d", request.seed())
                    .isDeepEqualTo(first.adversarial().toDoubleMatrix());
            assertThat(second.examples()).as("seed %d", request.seed()).isEqualTo(first.examples());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void targetedSuccessMeansTheTargetClass(Attack attack, double epsilon) {
        int[] labels = AttackFixtures.predictions(MODEL, X);
        int[] targets = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            targets[i] = (labels[i] + 1 + i % 4) % 5;
        }
        AttackResult result = attack.run(MODEL,
                AttackRequest.of(X, new TargetedMisclassification(labels, targets), 4 * epsilon));

        assertThat(result.successes()).isPositive();
        for (int i = 0; i < labels.length; i++) {
            ExampleResult e = result.example(i);
            if (e.success()) {
                assertThat(e.adversarialClass()).as("example %d", i).isEqualTo(targets[i]);
                assertThat(e.margin()).isLessThan(0.0);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void alreadyMisclassifiedInputsSucceedWithoutPerturbation(Attack attack, double epsilon) {
        int[] labels = AttackFixtures.predictions(MODEL, X);
        int[] wrong = labels.clone();
        for (int i = 0; i < wrong.length; i += 2) {
            wrong[i] = (labels[i] + 1) % 5;
        }
        AttackResult result = attack.run(MODEL, AttackRequest.of(X, new Misclassification(wrong), epsilon));

        for (int i = 0; i < wrong.length; i += 2) {
            ExampleResult e = result.example(i);
            assertThat(e.success()).isTrue();
            assertThat(e.l0()).isZero();
            assertThat(e.gradientEvaluations()).isZero();
        }
    }
}
