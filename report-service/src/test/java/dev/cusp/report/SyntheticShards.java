package dev.cusp.report;

import dev.cusp.core.event.AnalysisRequested;
import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.event.SingularityResults;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Seeded synthetic results of a job, shaped like the workers' events: 10 classes, FGSM L∞ at {@link #EPSILONS},
 * success monotone in ε and an already misclassified example a success with zero perturbation (the Foolbox
 * convention), descending singular values with κ = σ1/σc, and one rank-deficient adversarial point per shard (κ = +∞).
 */
final class SyntheticShards {
    static final List<Double> EPSILONS = List.of(0.01, 0.05, 0.1);
    static final int CLASSES = 10;

    private SyntheticShards() {
    }

    static AnalysisRequested request(UUID jobId, int shardCount, int examples) {
        return new AnalysisRequested(AnalysisRequested.SCHEMA_VERSION, jobId, UUID.randomUUID().toString(),
                "ab".repeat(32), DatasetRef.fashionMnistTest(), examples, 42,
                new AttackPlan(List.of(AttackSpec.fgsm(EPSILONS))), SingularityPlan.basic(), shardCount,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    static AttackResults attack(UUID jobId, int shardNo, int shardCount, int[] indices, long seed) {
        Random random = new Random(seed);
        List<ExampleAttack> examples = new ArrayList<>();
        for (int index : indices) {
            int label = random.nextInt(CLASSES);
            int clean = random.nextDouble() < 0.8 ? label : (label + 1 + random.nextInt(CLASSES - 1)) % CLASSES;
            double robustness = random.nextDouble() * 0.12;
            List<AttackOutcome> outcomes = new ArrayList<>();
            for (double epsilon : EPSILONS) {
                boolean misclassified = clean != label;
                boolean success = misclassified || epsilon > robustness;
                int adversarial = success ? (misclassified ? clean : (label + 1) % CLASSES) : label;
                double linf = misclassified ? 0 : epsilon;
                double l2 = misclassified ? 0 : epsilon * Math.sqrt(784) * (0.5 + 0.5 * random.nextDouble());
                double l0 = misclassified ? 0 : 700 + random.nextInt(84);
                outcomes.add(new AttackOutcome("fgsm", "linf", epsilon, success, adversarial, linf, l2, l0, 1,
                        misclassified ? 0 : 1, 0));
            }
            examples.add(new ExampleAttack(index, label, clean, outcomes));
        }
        return new AttackResults(AttackResults.SCHEMA_VERSION, jobId, shardNo, shardCount, "ab".repeat(32),
                DatasetRef.fashionMnistTest(), indices, examples, null, SingularityPlan.basic());
    }

    static SingularityResults geometry(UUID jobId, int shardNo, int shardCount, AttackResults attack, long seed) {
        Random random = new Random(seed);
        List<PointGeometry> points = new ArrayList<>();
        for (String point : List.of(PointGeometry.CLEAN, PointGeometry.ADVERSARIAL)) {
            for (ExampleAttack example : attack.examples()) {
                double[] sigma = random.doubles(CLASSES, 1e-4, 5.0).toArray();
                Arrays.sort(sigma);
                double[] descending = new double[CLASSES];
                for (int k = 0; k < CLASSES; k++) {
                    descending[k] = sigma[CLASSES - 1 - k];
                }
                int predicted = PointGeometry.CLEAN.equals(point) ? example.cleanPrediction()
                        : example.outcomes().get(example.outcomes().size() - 1).adversarialPrediction();
                boolean rankDeficient = PointGeometry.ADVERSARIAL.equals(point) && points.size() == attack.examples().size();
                if (rankDeficient) {
                    descending[CLASSES - 1] = 0.0; // the first adversarial point: σ_c = 0, so κ = +∞ (as the workers send it)
                }
                points.add(new PointGeometry(example.exampleIndex(), point, predicted, descending,
                        descending[0] / descending[CLASSES - 1], random.nextGaussian() * 3));
            }
        }
        return new SingularityResults(SingularityResults.SCHEMA_VERSION, jobId, shardNo, shardCount, points);
    }
}
