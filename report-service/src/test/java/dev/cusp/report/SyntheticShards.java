package dev.cusp.report;

import dev.cusp.core.event.AttackRun;
import dev.cusp.core.event.MaskingEvidence;
import dev.cusp.core.event.Provenance;
import dev.cusp.core.job.AttackRegistry;
import java.util.Map;

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
 * Seeded synthetic results of a job, shaped like the workers' events: 10 classes; FGSM, PGD and AutoAttack L∞ at
 * {@link #EPSILONS} (each at least as strong as the one before, AutoAttack with the stage that broke each point) and
 * a minimal-norm DeepFool L2 at {@link #L2_EPSILONS}; success monotone in ε and an already misclassified example a
 * success with zero perturbation (the Foolbox convention); provenance and masking evidence per shard; descending
 * singular values with κ = σ1/σc, and one rank-deficient adversarial point per shard (κ = +∞).
 */
final class SyntheticShards {
    static final List<Double> EPSILONS = List.of(0.01, 0.05, 0.1);
    static final List<Double> L2_EPSILONS = List.of(0.5, 1.0);
    static final List<AttackSpec> PLAN = List.of(AttackSpec.fgsm(EPSILONS),
            new AttackSpec("pgd", "linf", EPSILONS, Map.of()),
            new AttackSpec("autoattack", "linf", EPSILONS, Map.of()),
            new AttackSpec("deepfool", "l2", L2_EPSILONS, Map.of()));
    /** Outcomes per example. */
    static final int OUTCOMES = 3 * EPSILONS.size() + L2_EPSILONS.size();
    static final int CLASSES = 10;

    private SyntheticShards() {
    }

    static AnalysisRequested request(UUID jobId, int shardCount, int examples) {
        return new AnalysisRequested(AnalysisRequested.SCHEMA_VERSION, jobId, UUID.randomUUID().toString(),
                "ab".repeat(32), DatasetRef.fashionMnistTest(), examples, 42,
                new AttackPlan(PLAN), SingularityPlan.basic(), shardCount,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    static AttackResults attack(UUID jobId, int shardNo, int shardCount, int[] indices, long seed) {
        Random random = new Random(seed);
        List<ExampleAttack> examples = new ArrayList<>();
        for (int index : indices) {
            int label = random.nextInt(CLASSES);
            int clean = random.nextDouble() < 0.8 ? label : (label + 1 + random.nextInt(CLASSES - 1)) % CLASSES;
            double robustness = random.nextDouble() * 0.12;
            boolean misclassified = clean != label;
            List<AttackOutcome> outcomes = new ArrayList<>();
            String[] stages = {"apgd-ce", "apgd-t", "fab-t", "square"};
            for (int a = 0; a < 3; a++) {
                String attack = List.of("fgsm", "pgd", "autoattack").get(a);
                double strength = 1 + a * 0.5 * random.nextDouble(); // PGD and AutoAttack break at smaller ε
                for (double epsilon : EPSILONS) {
                    boolean success = misclassified || epsilon * strength > robustness;
                    int adversarial = success ? (misclassified ? clean : (label + 1) % CLASSES) : label;
                    double linf = misclassified ? 0 : epsilon;
                    double l2 = misclassified ? 0 : epsilon * Math.sqrt(784) * (0.5 + 0.5 * random.nextDouble());
                    double l0 = misclassified ? 0 : 700 + random.nextInt(84);
                    String stage = a < 2 || !success ? null : misclassified ? "clean" : stages[random.nextInt(4)];
                    outcomes.add(new AttackOutcome(attack, "linf", epsilon, success, adversarial, linf, l2, l0,
                            misclassified ? 0 : 40, misclassified ? 0 : 40, misclassified ? 0 : 41, l2 * 9,
                            success ? -random.nextDouble() : random.nextDouble(), stage, random.nextLong()));
                }
            }
            double distance = misclassified ? 0 : random.nextDouble() * 1.5;
            long deepfoolSeed = random.nextLong();
            for (double epsilon : L2_EPSILONS) {
                outcomes.add(new AttackOutcome("deepfool", "l2", epsilon, distance <= epsilon,
                        misclassified ? clean : (label + 2) % CLASSES, distance / 20, distance, 784, 3, 30, 4,
                        distance * 15, -0.01, null, deepfoolSeed));
            }
            examples.add(new ExampleAttack(index, label, clean, outcomes));
        }
        List<AttackRun> runs = new ArrayList<>();
        for (AttackSpec spec : PLAN) {
            runs.add(AttackRegistry.configure(spec).describe(spec.epsilons(),
                    spec.epsilons().stream().map(e -> random.nextLong()).toList()));
        }
        Provenance provenance = new Provenance("ab".repeat(32), DatasetRef.fashionMnistTest(), indices, 42,
                "0.1.0-SNAPSHOT", runs);
        MaskingEvidence masking = new MaskingEvidence(indices.length, random.nextInt(2), 0, 0, 0);
        return new AttackResults(AttackResults.SCHEMA_VERSION, jobId, shardNo, shardCount, "ab".repeat(32),
                DatasetRef.fashionMnistTest(), indices, examples, null, SingularityPlan.basic(), provenance, masking);
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
