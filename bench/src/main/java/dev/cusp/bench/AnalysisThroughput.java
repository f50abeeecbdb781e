package dev.cusp.bench;

import dev.cusp.core.data.LabeledData;
import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.ModelAnalysis;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.job.AttackShardRunner;
import dev.cusp.core.job.LabelReference;
import dev.cusp.core.job.ModelAnalysisRunner;
import dev.cusp.core.job.SingularityShardRunner;
import dev.cusp.core.model.Classifier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The singularity analysis as singularity-service runs it, on the trained MLP and CNN ({@link TrainedModels}): a
 * shard of Fashion-MNIST test images attacked by FGSM (ε = 0.1), then {@code SingularityShardRunner} with one tier at
 * a time — the cheap tier (Jacobian spectrum, margin geometry, kinks and regions, crossing, labels at the clean,
 * adversarial and crossing points), CLEVER (L2 and L∞, untargeted and top-2 targeted, at the job default budget of
 * 50 × 128 samples and 2 seeds) and 61 × 61 slices with folds, cusps and a PNG — and the per-model analysis
 * ({@code ModelAnalysisRunner}: unit and weight-spectrum tables, gradient flow, Hessian top eigenvalue and trace).
 * Each row's time comes from the runner's own per-tier clock ({@code tierMillis}); the best of the timed runs.
 *
 * <p>Arguments: models (default {@code mlp,cnn}), shard examples (default 64), timed runs (default 3).
 */
public final class AnalysisThroughput {
    static final UUID JOB = UUID.fromString("00000000-0000-0000-0000-0000000000be");
    static final int CLEVER_EXAMPLES = 2;
    static final int SLICE_EXAMPLES = 2;

    private AnalysisThroughput() {
    }

    public static void main(String[] args) throws IOException {
        String[] models = (args.length > 0 ? args[0] : "mlp,cnn").split(",");
        int examples = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> rows = new ArrayList<>();
        for (String name : models) {
            Classifier model = TrainedModels.get(name);
            LabeledData data = TrainedModels.testExamples(2_000);
            int[] indices = IntStream.range(0, examples).toArray();
            LabelReference reference = LabelReference.of(model, data);
            SingularityPlan.Budget d = SingularityPlan.Budget.defaults();
            SingularityPlan.Budget budget = new SingularityPlan.Budget(CLEVER_EXAMPLES, d.cleverBatches(),
                    d.cleverBatchSize(), d.cleverSeeds(), SLICE_EXAMPLES, d.sliceGrid(), d.hessianExamples(),
                    d.hessianIterations());
            rows.add(tier(name, model, data, indices, reference, SingularityPlan.CHEAP, budget, examples, runs));
            rows.add(tier(name, model, data, indices, reference, SingularityPlan.CLEVER, budget, CLEVER_EXAMPLES,
                    runs));
            rows.add(tier(name, model, data, indices, reference, SingularityPlan.SLICES, budget, SLICE_EXAMPLES,
                    runs));
            Harness.Timing<ModelAnalysis> analysis = Harness.time(name + " model analysis", runs,
                    () -> ModelAnalysisRunner.run(name, "bench", model, DatasetRef.fashionMnistTest(), data));
            rows.add(String.format(Locale.ROOT, "| model analysis | %s | 1 model | %.2f s | %.2f s | %s |", name,
                    analysis.best(), analysis.median(), String.join(", ", analysis.last().labels())));
        }
        System.out.printf(Locale.ROOT, "%n## Singularity analysis, OMP_NUM_THREADS=%s (%d cores)%n%n",
                Harness.threads(), Runtime.getRuntime().availableProcessors());
        System.out.println("| tier | model | unit | seconds per unit (best) | seconds per unit (median) | note |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** One tier on one shard; seconds per analysed unit (example, CLEVER example, slice) from the tier's clock. */
    private static String tier(String name, Classifier model, LabeledData data, int[] indices, LabelReference reference,
            String tier, SingularityPlan.Budget budget, int units, int runs) {
        List<String> tiers = tier.equals(SingularityPlan.CHEAP) ? List.of(tier) : List.of(SingularityPlan.CHEAP, tier);
        SingularityPlan plan = new SingularityPlan(tiers, budget);
        AttackTask task = new AttackTask(AttackTask.SCHEMA_VERSION, JOB, 0, 1, "bench", DatasetRef.fashionMnistTest(),
                0, indices, new AttackPlan(List.of(AttackSpec.fgsm(List.of(AttackThroughput.EPSILON)))), plan, 1L);
        AttackResults attacked = AttackShardRunner.run(model, data, task);
        double[] seconds = new double[runs + 1];
        int[] run = {0};
        Harness.Timing<SingularityResults> t = Harness.time(name + " " + tier, runs, () -> {
            SingularityResults results = SingularityShardRunner.run(model, data, attacked, reference);
            seconds[Math.min(run[0]++, runs)] = results.tierMillis().get(tier) / 1e3;
            return results;
        });
        double[] timed = java.util.Arrays.copyOfRange(seconds, 1, runs + 1);
        Harness.Timing<SingularityResults> own = new Harness.Timing<>(timed, t.last());
        String unit = switch (tier) {
            case SingularityPlan.CHEAP -> "example (3 points + segment)";
            case SingularityPlan.CLEVER -> "CLEVER example (L2 + L∞, 2 seeds)";
            default -> "slice " + budget.sliceGrid() + "×" + budget.sliceGrid();
        };
        return String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %d per shard of %d |", tier, name, unit,
                own.best() / units, own.median() / units, units, indices.length);
    }
}
