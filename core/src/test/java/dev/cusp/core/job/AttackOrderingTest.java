package dev.cusp.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.data.ExampleSampler;
import dev.cusp.core.data.FashionMnist;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.train.DemoTrainer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The ordering invariant of the issue through the shard runner on a trained model (the demo MLP, one epoch on
 * 6,000 Fashion-MNIST training images, about 80 % test accuracy): acc(clean) ≥ acc(FGSM) ≥ acc(PGD-40) ≥
 * acc(AutoAttack, 100 iterations, 3 targets, 500 Square queries to keep the test short) at the same L∞ ε, and the
 * masking verdicts of a sound model pass. Exact comparisons: the
 * cascade's first stage alone is at least PGD-strength on these points, and the orderings are of counts.
 */
class AttackOrderingTest {

    @Test
    void cleanAboveFgsmAbovePgdAboveAutoAttackOnATrainedMlp() {
        LabeledData train = FashionMnist.load(FashionMnist.DEFAULT_DIR, "train")
                .select(ExampleSampler.sample(60_000, 6_000, 3));
        Classifier model = Classifier.of(DemoTrainer.train(train, 1, 42, line -> { }));
        LabeledData test = FashionMnist.load(FashionMnist.DEFAULT_DIR, "test");
        int[] indices = ExampleSampler.sample(test.size(), 60, 11);
        double eps = 0.03;
        AttackTask task = new AttackTask(AttackTask.SCHEMA_VERSION, UUID.randomUUID(), 0, 1, "ab".repeat(32),
                DatasetRef.fashionMnistTest(), 0, indices, new AttackPlan(List.of(
                        AttackSpec.fgsm(List.of(eps)),
                        new AttackSpec("pgd", "linf", List.of(eps), Map.of()),
                        new AttackSpec("autoattack", "linf", List.of(eps), Map.of("targets", 3, "squareQueries", 500)),
                        new AttackSpec("deepfool", "l2", List.of(0.1, 0.5, 1.0), Map.of()))),
                SingularityPlan.basic(), 42);
        AttackResults results = AttackShardRunner.run(model, test, task);
        JobReport report = ReportAggregator.aggregate(results.examples(), List.of());
        double fgsm = accuracy(report, "fgsm", eps);
        double pgd = accuracy(report, "pgd", eps);
        double autoAttack = accuracy(report, "autoattack", eps);
        assertThat(report.cleanAccuracy()).isGreaterThan(0.6);
        assertThat(report.cleanAccuracy()).isGreaterThanOrEqualTo(fgsm);
        assertThat(fgsm).isGreaterThanOrEqualTo(pgd);
        assertThat(pgd).isGreaterThanOrEqualTo(autoAttack);
        assertThat(fgsm).as("ε = %s must break something", eps).isLessThan(report.cleanAccuracy());
        // the minimal-norm curve falls with ε
        assertThat(accuracy(report, "deepfool", 0.1)).isGreaterThanOrEqualTo(accuracy(report, "deepfool", 0.5))
                .isGreaterThanOrEqualTo(accuracy(report, "deepfool", 1.0));
        AttackSummary summary = AttackSummaryAggregator.aggregate(results.examples(), List.of(results.masking()),
                List.of(results.provenance()), report);
        assertThat(summary.masking()).filteredOn(v -> v.check().equals("single-step-beats-iterative"))
                .extracting(MaskingVerdict::status).containsExactly(MaskingVerdict.PASSED);
        assertThat(summary.masking()).filteredOn(v -> v.check().equals("logits") || v.check().equals("deterministic"))
                .extracting(MaskingVerdict::status).containsOnly(MaskingVerdict.PASSED);
        int broken = summary.stages().stream().filter(s -> !s.stage().equals(StageCount.ROBUST))
                .mapToInt(StageCount::examples).sum();
        assertThat(1.0 - (double) broken / indices.length).isEqualTo(autoAttack);
    }

    private static double accuracy(JobReport report, String attack, double eps) {
        return report.robustAccuracy().stream().filter(r -> r.attack().equals(attack) && r.epsilon() == eps)
                .findFirst().orElseThrow().accuracy();
    }
}
