package dev.cusp.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.MaskingEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The robust accuracy against the whole plan: a hand-built shard whose worst case is counted by hand, and properties
 * on random shards (never above any attack's robust accuracy at the same norm and ε, at least the union bound,
 * additive over shards). Comparisons are of integer counts (exact); accuracies are compared only where both are
 * 1 − k/n with the same n, which is monotone in k in floating point.
 */
class PlanWorstCaseTest {

    private static AttackOutcome outcome(String attack, String norm, double epsilon, boolean success) {
        return new AttackOutcome(attack, norm, epsilon, success, 0, 0, 0, 0, 1, 1, 1, 0, success ? -1 : 1, null, 7L);
    }

    /** FGSM and PGD at L∞ 0.01 and 0.02 with an outcome per ε: {fgsm@0.01, fgsm@0.02, pgd@0.01, pgd@0.02}. */
    private static ExampleAttack twoAttacks(int index, int label, int prediction, boolean... success) {
        return new ExampleAttack(index, label, prediction, List.of(
                outcome("fgsm", "linf", 0.01, success[0]), outcome("fgsm", "linf", 0.02, success[1]),
                outcome("pgd", "linf", 0.01, success[2]), outcome("pgd", "linf", 0.02, success[3]),
                outcome("deepfool", "l2", 0.5, prediction != label)));
    }

    /**
     * Five examples: FGSM and PGD break different ones at 0.01 (FGSM example 0, PGD example 1), example 3 is
     * misclassified (a success everywhere), example 4 resists everything.
     */
    private static List<ExampleAttack> handBuiltShard() {
        return List.of(
                twoAttacks(0, 1, 1, true, true, false, true),
                twoAttacks(1, 2, 2, false, false, true, true),
                twoAttacks(2, 3, 3, false, true, false, false),
                twoAttacks(3, 4, 0, true, true, true, true),
                twoAttacks(4, 5, 5, false, false, false, false));
    }

    @Test
    void worstCaseOfAHandBuiltTwoAttackShardCountsAnExampleBrokenByEitherAttack() {
        List<ExampleAttack> shard = handBuiltShard();

        // L∞ 0.01: FGSM breaks {0, 3}, PGD {1, 3} → both 0.6, either {0, 1, 3} → 0.4.
        // L∞ 0.02: FGSM {0, 2, 3}, PGD {0, 1, 3} → both 0.4, either {0, 1, 2, 3} → 0.2.
        // L2 0.5: DeepFool alone breaks the misclassified example 3 → 0.8.
        assertThat(PlanWorstCase.of(shard)).containsExactly(
                new WorstCaseAccuracy("l2", 0.5, List.of("deepfool"), 5, 1, 0.8),
                new WorstCaseAccuracy("linf", 0.01, List.of("fgsm", "pgd"), 5, 3, 1.0 - 3.0 / 5),
                new WorstCaseAccuracy("linf", 0.02, List.of("fgsm", "pgd"), 5, 4, 1.0 - 4.0 / 5));
        JobReport report = ReportAggregator.aggregate(shard, List.of());
        assertThat(report.robustAccuracy()).filteredOn(r -> r.epsilon() == 0.01)
                .extracting(RobustAccuracy::accuracy).containsOnly(0.6);
        assertThat(PlanWorstCase.broken(shard.get(2).outcomes()))
                .containsExactly(new PlanWorstCase.Budget("linf", 0.02));
    }

    @Test
    void attackSummaryCarriesTheWorstCaseOverThePlan() {
        List<ExampleAttack> shard = handBuiltShard();
        JobReport report = ReportAggregator.aggregate(shard, List.of());
        AttackSummary summary = AttackSummaryAggregator.aggregate(shard, List.of(new MaskingEvidence(0, 0, 0, 0, 0)),
                List.of(), report);
        assertThat(summary.worstCase()).isEqualTo(PlanWorstCase.of(shard));
    }

    @Test
    void worstCaseIsNeverAboveAnyAttackAndNeverBelowTheUnionBoundOnRandomShards() {
        long seed = 20_261_128L;
        System.out.println("PlanWorstCaseTest seed " + seed);
        Random random = new Random(seed);
        List<Run> plan = List.of(new Run("fgsm", "linf", List.of(0.01, 0.02, 0.03)),
                new Run("pgd", "linf", List.of(0.01, 0.03)), new Run("autoattack", "linf", List.of(0.03)),
                new Run("deepfool", "l2", List.of(0.5, 1.0)), new Run("cw-l2", "l2", List.of(0.5)));
        for (int trial = 0; trial < 200; trial++) {
            List<List<ExampleAttack>> shards = new ArrayList<>();
            int index = 0;
            for (int s = 1 + random.nextInt(4); s > 0; s--) {
                List<ExampleAttack> shard = new ArrayList<>();
                for (int n = 1 + random.nextInt(12); n > 0; n--) {
                    shard.add(randomExample(random, index++, plan));
                }
                shards.add(shard);
            }
            List<ExampleAttack> all = shards.stream().flatMap(List::stream).toList();
            List<WorstCaseAccuracy> worst = PlanWorstCase.of(all);
            JobReport report = ReportAggregator.aggregate(all, List.of());

            assertThat(worst).hasSize(5); // linf 0.01, 0.02, 0.03; l2 0.5, 1.0 — and nothing else
            for (WorstCaseAccuracy w : worst) {
                List<RobustAccuracy> same = report.robustAccuracy().stream()
                        .filter(r -> r.norm().equals(w.norm()) && r.epsilon() == w.epsilon()).toList();
                assertThat(w.attacks()).containsExactlyInAnyOrderElementsOf(
                        same.stream().map(RobustAccuracy::attack).toList());
                assertThat(w.examples()).isEqualTo(all.size());
                for (RobustAccuracy r : same) {
                    assertThat(w.accuracy()).as("%s vs %s", w, r).isLessThanOrEqualTo(r.accuracy());
                    assertThat(w.broken()).isGreaterThanOrEqualTo(r.successes());
                }
                assertThat(w.broken()).isLessThanOrEqualTo(same.stream().mapToInt(RobustAccuracy::successes).sum());
                long correct = all.stream().filter(e -> e.cleanPrediction() == e.label()).count();
                assertThat(w.examples() - w.broken()).as("robust ≤ correct").isLessThanOrEqualTo((int) correct);
                long independent = all.stream().filter(e -> e.outcomes().stream().anyMatch(o -> o.success()
                        && o.norm().equals(w.norm()) && o.epsilon() == w.epsilon())).count();
                assertThat(w.broken()).isEqualTo(independent);
            }
            PlanWorstCase.Tally summed = new PlanWorstCase.Tally();
            shards.forEach(shard -> summed.plus(new PlanWorstCase.Tally().add(shard)));
            assertThat(summed.rows()).as("per shard then summed").isEqualTo(worst);
        }
    }

    private record Run(String attack, String norm, List<Double> epsilons) {
    }

    /**
     * Misclassified examples are a success of every attack (core's convention); others succeed with a probability
     * growing with ε, from a per-example strength of each attack.
     */
    private static ExampleAttack randomExample(Random random, int index, List<Run> plan) {
        int label = random.nextInt(10);
        int prediction = random.nextDouble() < 0.15 ? (label + 1) % 10 : label;
        List<AttackOutcome> outcomes = new ArrayList<>();
        for (Run run : plan) {
            double strength = random.nextDouble();
            double largest = run.epsilons().get(run.epsilons().size() - 1);
            for (double epsilon : run.epsilons()) {
                boolean success = prediction != label || random.nextDouble() < strength * epsilon / largest;
                outcomes.add(outcome(run.attack(), run.norm(), epsilon, success));
            }
        }
        return new ExampleAttack(index, label, prediction, outcomes);
    }
}
