package dev.cusp.core.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.attack.ensemble.AutoAttack;
import dev.cusp.core.attack.ensemble.Cascade;
import dev.cusp.core.attack.gradient.Apgd;
import dev.cusp.core.attack.gradient.Fgm;
import dev.cusp.core.attack.gradient.Pgd;
import dev.cusp.core.attack.minimal.CarliniWagnerL2;
import dev.cusp.core.attack.minimal.DeepFool;
import dev.cusp.core.attack.minimal.EpsilonSearch;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ordering invariants on a small trained model ({@link TrainedModels#fashionMlp()}: 784-128-128-10 on 8,000
 * Fashion-MNIST images, about 86% on the 100 seeded test images): stronger attacks never leave more points
 * robust, and minimal-norm attacks rank C&amp;W ≤ DeepFool ≤ FGM (and ≤ FGSM's sign step, measured in L2). The
 * figures each test measured are printed.
 */
class AttackOrderingTest {

    /** The common Fashion-MNIST L∞ budget (research notes §7.3). */
    private static final double EPSILON = 0.1;

    private static TrainedModels.Fixture fixture;
    private static AttackRequest request;
    private static Cascade.Outcome autoAttack;

    @BeforeAll
    static void train() {
        fixture = TrainedModels.fashionMlp();
        request = AttackRequest.of(fixture.test().features(), new Misclassification(fixture.test().labels()), EPSILON)
                .withSeed(1);
        System.out.printf("trained fixture: clean accuracy %.3f on %d test images%n", fixture.testAccuracy(),
                fixture.test().size());
        // AutoAttack's cascade with smaller budgets than the standard version (50 iterations, 3 targets, 1,000
        // Square queries) so that the test stays fast; the stages and their order are the standard ones.
        autoAttack = AutoAttack.of(new AutoAttack.Params(Norm.LINF, 50, 3, 1_000)).runStages(fixture.model(), request);
    }

    @Test
    void robustAccuracyFallsFromCleanToFgsmToPgdToRestartsToAutoAttack() {
        AttackModel model = fixture.model();
        double clean = fixture.testAccuracy();
        double fgsm = Fgm.linf().run(model, request).robustAccuracy();
        double pgd = Pgd.linf().run(model, request).robustAccuracy();
        double restarts = new Repeated(Pgd.linf(), 5).run(model, request).robustAccuracy();
        double apgd = Apgd.ce(Norm.LINF).run(model, request).robustAccuracy();
        Cascade.Outcome auto = autoAttack;
        double cascade = auto.result().robustAccuracy();
        System.out.printf("L∞ ε=%.2f robust accuracy: clean %.2f, FGSM %.2f, PGD-40 %.2f, PGD-40×5 %.2f, APGD-CE %.2f,"
                + " AutoAttack %.2f; stages %s%n", EPSILON, clean, fgsm, pgd, restarts, apgd, cascade, auto.stages());

        assertThat(fgsm).isLessThanOrEqualTo(clean).isLessThan(0.5);
        assertThat(pgd).isLessThanOrEqualTo(fgsm);
        assertThat(restarts).isLessThanOrEqualTo(pgd);
        assertThat(cascade).isLessThanOrEqualTo(restarts).isLessThanOrEqualTo(apgd);
    }

    @Test
    void autoAttackRunsEachStageOnlyOnThePointsStillRobust() {
        Cascade.Outcome auto = autoAttack;
        List<Cascade.Stage> stages = auto.stages();
        int misclassified = (int) Math.round((1 - fixture.testAccuracy()) * fixture.test().size());
        assertThat(stages.get(0).attacked()).isEqualTo(fixture.test().size() - misclassified);
        for (int k = 1; k < stages.size(); k++) {
            assertThat(stages.get(k).attacked()).isEqualTo(stages.get(k - 1).attacked() - stages.get(k - 1).broken());
        }
        long brokenByStages = auto.brokenBy().stream().filter(s -> s != null && !s.equals(Cascade.CLEAN)).count();
        assertThat(brokenByStages).isEqualTo(stages.stream().mapToInt(Cascade.Stage::broken).sum());
        assertThat(auto.brokenBy().stream().filter(Cascade.CLEAN::equals).count()).isEqualTo(misclassified);
        for (int i = 0; i < fixture.test().size(); i++) {
            ExampleResult e = auto.result().example(i);
            assertThat(e.success()).as("example %d", i).isEqualTo(auto.brokenBy().get(i) != null);
            assertThat(e.linf()).isLessThanOrEqualTo(EPSILON + 1e-6);
        }
    }

    @Test
    void minimalPerturbationsRankCarliniWagnerBelowDeepFoolBelowFgm() {
        int[] rows = IntStream.range(0, 20).toArray();
        AttackRequest minimal = AttackRequest.unbounded(fixture.test().features(),
                new Misclassification(fixture.test().labels())).select(rows);
        AttackModel model = fixture.model();
        // C&W with 9 binary-search steps of at most 300 Adam steps (the reference allows 10,000)
        double cw = median(new CarliniWagnerL2(CarliniWagnerL2.Params.DEFAULTS.withSteps(9, 300)).run(model, minimal));
        double deepFool = median(DeepFool.l2().run(model, minimal));
        double fgm = median(new EpsilonSearch(Fgm.l2(), 10.0, 14).run(model, minimal));
        double deepFoolLinf = median(DeepFool.linf().run(model, minimal));
        AttackResult fgsmResult = new EpsilonSearch(Fgm.linf(), 1.0, 14).run(model, minimal);
        double fgsm = median(fgsmResult);
        double fgsmL2 = medianOf(fgsmResult, Norm.L2);
        System.out.printf("median minimal L2: C&W %.4f, DeepFool %.4f, FGM %.4f, FGSM's sign step %.4f; median minimal"
                + " L∞: DeepFool %.4f, FGSM %.4f%n", cw, deepFool, fgm, fgsmL2, deepFoolLinf, fgsm);

        assertThat(cw).isLessThanOrEqualTo(deepFool);
        assertThat(deepFool).isLessThan(fgm);
        assertThat(deepFoolLinf).isLessThan(fgsm);
        // DeepFool's paper compares the L2 size of FGSM's minimal sign step with DeepFool's (≈ 5× on its MNIST
        // LeNet); on this MLP the factor was 1.41 (0.848 against 1.193), so the ordering is asserted, not a factor
        assertThat(deepFool).isLessThan(fgsmL2);
    }

    /** Median perturbation size of the examples the model classified correctly and the attack broke. */
    private static double median(AttackResult result) {
        return medianOf(result, result.norm());
    }

    /** The same median measured in another norm. */
    private static double medianOf(AttackResult result, Norm norm) {
        double[] d = result.examples().stream().filter(e -> e.adversarial() && e.l0() > 0)
                .mapToDouble(e -> e.distance(norm)).sorted().toArray();
        assertThat(d).isNotEmpty();
        return d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
    }
}
