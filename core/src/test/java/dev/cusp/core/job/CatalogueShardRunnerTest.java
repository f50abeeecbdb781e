package dev.cusp.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.ClassifierModel;
import dev.cusp.core.attack.ExampleResult;
import dev.cusp.core.attack.Misclassification;
import dev.cusp.core.attack.Outcomes;
import dev.cusp.core.attack.ensemble.Cascade;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.DatasetRef;
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

/**
 * The shard runner against the catalogue's attack classes run directly with the same parameters and seed: every
 * outcome field must be the direct run's (exact equality: the same deterministic computation), for one attack of
 * each family; minimal-norm outcomes at each ε must follow from the one direct run's distances.
 */
class CatalogueShardRunnerTest {
    private static final long SEED = 5;
    private static final long JOB_SEED = 1234;
    private static final int SHARD = 2;
    private static final UUID JOB = UUID.fromString("00000000-0000-0000-0000-000000000077");

    private final Classifier model = Classifier.of(TestModels.tinyMlp(SEED));

    /** 12 uniform images; labels = predictions except every fourth (already misclassified). */
    private LabeledData data() {
        Nd4j.getRandom().setSeed(SEED);
        INDArray x = Nd4j.rand(DataType.FLOAT, 12, 784);
        int[] labels = model.predict(x);
        for (int i = 0; i < labels.length; i += 4) {
            labels[i] = (labels[i] + 1) % 10;
        }
        return new LabeledData(x, labels, 10);
    }

    private static AttackTask task(int[] indices, AttackSpec... specs) {
        return new AttackTask(AttackTask.SCHEMA_VERSION, JOB, SHARD, 4, "ab".repeat(32), DatasetRef.fashionMnistTest(),
                0, indices, new AttackPlan(List.of(specs)), SingularityPlan.basic(), JOB_SEED);
    }

    private static final int[] INDICES = {11, 0, 3, 4, 7, 8, 9, 1};

    private void fixedMatchesDirectRun(AttackSpec spec) {
        LabeledData data = data();
        AttackResults results = AttackShardRunner.run(model, data, task(INDICES, spec));
        LabeledData shard = data.select(INDICES);
        AttackRegistry.Configured configured = AttackRegistry.configure(spec);
        for (int e = 0; e < spec.epsilons().size(); e++) {
            double eps = spec.epsilons().get(e);
            long seed = RunSeeds.of(JOB_SEED, SHARD, 0, e);
            AttackRequest request = AttackRequest.of(shard.features(), new Misclassification(shard.labels()), eps)
                    .withSeed(seed);
            List<String> stages = null;
            AttackResult direct;
            if (configured.attack() instanceof Cascade cascade) {
                Cascade.Outcome outcome = cascade.runStages(ClassifierModel.of(model), request);
                direct = outcome.result();
                stages = outcome.brokenBy();
            } else {
                direct = configured.attack().run(ClassifierModel.of(model), request);
            }
            for (int i = 0; i < INDICES.length; i++) {
                AttackOutcome o = results.examples().get(i).outcomes().get(e);
                ExampleResult r = direct.example(i);
                assertThat(o.epsilon()).isEqualTo(eps);
                assertThat(o.seed()).isEqualTo(seed);
                assertSame(o, r, r.success(), spec + " example " + i + " ε " + eps);
                assertThat(o.stage()).isEqualTo(stages == null ? null : stages.get(i));
            }
        }
    }

    private void minimalMatchesDirectRun(AttackSpec spec) {
        LabeledData data = data();
        AttackResults results = AttackShardRunner.run(model, data, task(INDICES, spec));
        LabeledData shard = data.select(INDICES);
        AttackRegistry.Configured configured = AttackRegistry.configure(spec);
        long seed = RunSeeds.of(JOB_SEED, SHARD, 0, RunSeeds.ALL_EPSILONS);
        AttackResult direct = configured.attack().run(ClassifierModel.of(model),
                AttackRequest.unbounded(shard.features(), new Misclassification(shard.labels())).withSeed(seed));
        int flips = 0;
        for (int i = 0; i < INDICES.length; i++) {
            ExampleResult r = direct.example(i);
            double distance = r.distance(configured.norm());
            for (int e = 0; e < spec.epsilons().size(); e++) {
                AttackOutcome o = results.examples().get(i).outcomes().get(e);
                boolean expected = r.adversarial() && Outcomes.withinBudget(distance, o.epsilon());
                assertSame(o, r, expected, spec + " example " + i + " ε " + o.epsilon());
                assertThat(o.seed()).isEqualTo(seed);
                flips += e > 0 && o.success() != results.examples().get(i).outcomes().get(e - 1).success() ? 1 : 0;
            }
        }
        // success is monotone in ε and the ε list was chosen so that it changes for some example
        assertThat(flips).as("%s: some example is broken at a larger ε only", spec).isPositive();
    }

    private static void assertSame(AttackOutcome o, ExampleResult r, boolean success, String what) {
        assertThat(o.success()).as(what).isEqualTo(success);
        assertThat(o.adversarialPrediction()).as(what).isEqualTo(r.adversarialClass());
        assertThat(new double[] {o.linf(), o.l2(), o.l1(), o.l0(), o.margin()}).as(what)
                .containsExactly(r.linf(), r.l2(), r.l1(), r.l0(), r.margin());
        assertThat(new long[] {o.iterations(), o.gradientEvaluations(), o.queries()}).as(what)
                .containsExactly(r.iterations(), r.gradientEvaluations(), r.queries());
    }

    @Test
    void fgsmAndFgmOutcomesAreTheDirectRuns() {
        fixedMatchesDirectRun(new AttackSpec("fgsm", "linf", List.of(0.01, 0.1), Map.of()));
        fixedMatchesDirectRun(new AttackSpec("fgm", "l2", List.of(0.5, 3.0), Map.of()));
    }

    @Test
    void iterativeGradientAttacksWithRestartsAreTheDirectRuns() {
        fixedMatchesDirectRun(new AttackSpec("pgd", "linf", List.of(0.02, 0.05), Map.of("steps", 10, "restarts", 2)));
        fixedMatchesDirectRun(new AttackSpec("bim", "linf", List.of(0.03), Map.of()));
        fixedMatchesDirectRun(new AttackSpec("mi-fgsm", "l2", List.of(1.0), Map.of()));
        fixedMatchesDirectRun(new AttackSpec("apgd-ce", "linf", List.of(0.02), Map.of("steps", 20)));
        fixedMatchesDirectRun(new AttackSpec("apgd-t", "l2", List.of(0.5), Map.of("steps", 10, "targets", 3)));
    }

    @Test
    void scoreBasedSquareIsTheDirectRun() {
        fixedMatchesDirectRun(new AttackSpec("square", "linf", List.of(0.05), Map.of("queries", 100)));
    }

    @Test
    void autoAttackKeepsTheWorstCaseAndTheStageThatBrokeEachPoint() {
        AttackSpec spec = new AttackSpec("autoattack", "linf", List.of(0.01, 0.05),
                Map.of("steps", 10, "targets", 3, "squareQueries", 50));
        fixedMatchesDirectRun(spec);
        AttackResults results = AttackShardRunner.run(model, data(), task(INDICES, spec));
        // indices 0, 4, 8 are misclassified: stage "clean"; everything else has a stage or null (robust)
        for (int i = 0; i < INDICES.length; i++) {
            for (AttackOutcome o : results.examples().get(i).outcomes()) {
                assertThat(o.success()).isEqualTo(o.stage() != null);
                if (INDICES[i] % 4 == 0) {
                    assertThat(o.stage()).isEqualTo(Cascade.CLEAN);
                }
            }
        }
    }

    @Test
    void minimalNormAttacksRunOnceAndGiveEveryEpsilonFromTheMinimalDistance() {
        minimalMatchesDirectRun(new AttackSpec("deepfool", "l2", List.of(0.05, 0.2, 0.5, 2.0), Map.of()));
        minimalMatchesDirectRun(new AttackSpec("deepfool", "linf", List.of(0.001, 0.005, 0.01, 0.05), Map.of()));
        minimalMatchesDirectRun(new AttackSpec("cw-l2", "l2", List.of(0.05, 0.2, 0.5, 2.0),
                Map.of("binarySearchSteps", 3, "steps", 50)));
        minimalMatchesDirectRun(new AttackSpec("fab", "linf", List.of(0.001, 0.005, 0.01, 0.05), Map.of("steps", 20)));
        minimalMatchesDirectRun(new AttackSpec("hsj", "l2", List.of(0.5, 2.0, 5.0, 20.0),
                Map.of("steps", 3, "initialEvaluations", 20, "maxEvaluations", 40)));
    }

    @Test
    void aShardTheModelGetsAllWrongIsAllZeroPerturbationSuccessesForEveryKindOfAttack() {
        int[] wrong = {0, 4, 8}; // every fourth example has a wrong label
        AttackResults results = AttackShardRunner.run(model, data(), task(wrong,
                AttackSpec.fgsm(List.of(0.1)),
                new AttackSpec("deepfool", "l2", List.of(0.5), Map.of()),
                new AttackSpec("fab", "linf", List.of(0.05), Map.of("steps", 5)),
                new AttackSpec("hsj", "l2", List.of(1.0), Map.of("steps", 2, "initialEvaluations", 10, "maxEvaluations", 10)),
                new AttackSpec("autoattack", "linf", List.of(0.05), Map.of("steps", 5, "targets", 2, "squareQueries", 10))));
        assertThat(results.examples()).allSatisfy(example -> assertThat(example.outcomes()).hasSize(5)
                .allSatisfy(o -> {
                    assertThat(o.success()).isTrue();
                    assertThat(new double[] {o.linf(), o.l2(), o.l1(), o.l0()}).containsOnly(0.0);
                    assertThat(o.adversarialPrediction()).isEqualTo(example.cleanPrediction());
                    assertThat(o.margin()).isNegative();
                    // each attack itself leaves an already misclassified example alone (no runner workaround)
                    assertThat(o.iterations()).isZero();
                    assertThat(o.gradientEvaluations()).isZero();
                }));
    }

    @Test
    void provenanceCarriesTheFullParameterRecordSeedsAndVersion() {
        AttackSpec pgd = new AttackSpec("pgd", "linf", List.of(0.01, 0.02), Map.of("steps", 5));
        AttackSpec deepfool = new AttackSpec("deepfool", "l2", List.of(0.1), Map.of());
        AttackResults results = AttackShardRunner.run(model, data(), task(INDICES, pgd, deepfool));
        var provenance = results.provenance();
        assertThat(provenance.modelSha256()).isEqualTo("ab".repeat(32));
        assertThat(provenance.exampleIndices()).containsExactly(INDICES);
        assertThat(provenance.jobSeed()).isEqualTo(JOB_SEED);
        assertThat(provenance.cuspVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
        var pgdRun = provenance.attacks().get(0);
        assertThat(pgdRun.kind()).isEqualTo("fixed");
        // the override and every default: Madry et al.'s relative step 1/30 and random start, one run
        assertThat(pgdRun.parameters()).containsEntry("steps", 5).containsEntry("relativeStepSize", 1.0 / 30)
                .containsEntry("randomStart", true).containsEntry("restarts", 1);
        assertThat(pgdRun.seeds()).containsExactly(RunSeeds.of(JOB_SEED, SHARD, 0, 0), RunSeeds.of(JOB_SEED, SHARD, 0, 1));
        var dfRun = provenance.attacks().get(1);
        assertThat(dfRun.kind()).isEqualTo("minimal");
        assertThat(dfRun.parameters()).containsEntry("steps", 50).containsEntry("overshoot", 0.02)
                .containsEntry("candidates", 10).containsEntry("norm", "l2");
        assertThat(dfRun.seeds()).containsExactly(RunSeeds.of(JOB_SEED, SHARD, 1, RunSeeds.ALL_EPSILONS));
        assertThat(results.masking().examples()).isEqualTo(INDICES.length);
        assertThat(results.masking().nonDeterministic()).isZero();
        assertThat(results.masking().probabilityLikeOutputs()).isZero();
    }

    @Test
    void theSameTaskGivesTheSameResultsAndAnotherSeedOtherRandomStarts() {
        AttackSpec pgd = new AttackSpec("pgd", "linf", List.of(0.05), Map.of("steps", 3));
        int[] all = IntStream.range(0, 12).toArray();
        AttackResults a = AttackShardRunner.run(model, data(), task(all, pgd));
        AttackResults b = AttackShardRunner.run(model, data(), task(all, pgd));
        assertThat(a.examples()).isEqualTo(b.examples());
        assertThat(a.adversarial().data()).isEqualTo(b.adversarial().data());
        AttackTask other = new AttackTask(AttackTask.SCHEMA_VERSION, JOB, SHARD, 4, "ab".repeat(32),
                DatasetRef.fashionMnistTest(), 0, all, new AttackPlan(List.of(pgd)), SingularityPlan.basic(), JOB_SEED + 1);
        assertThat(AttackShardRunner.run(model, data(), other).adversarial().data()).isNotEqualTo(a.adversarial().data());
    }
}
