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
 * <p>Arguments: models (default {@code mlp,cnn}), timed runs for the MLP (default 3); sizes per model in
 * {@link Setting}.
 */
public final class AnalysisThroughput {
    static final UUID JOB = UUID.fromString("00000000-0000-0000-0000-0000000000be");
    static final int CLEVER_EXAMPLES = 2;
    static final int SLICE_EXAMPLES = 2;

    private AnalysisThroughput() {
    }

    /**
     * Shard size, examples given CLEVER and slices, timed runs and whether a warm-up call precedes them, per model:
     * the CNN's analysis runs in DOUBLE without oneDNN (its helpers are FLOAT-only) and a CLEVER estimate or a slice
     * takes about a minute there, so it gets one untimed-warm-up-free run of one example each.
     */
    record Setting(int examples, int cleverExamples, int sliceExamples, int runs, boolean warmUp) {
        static Setting of(String model, int runs) {
            return model.equals("cnn") ? new Setting(16, 1, 1, 1, false) : new Setting(64, 2, 2, runs, true);
        }
    }

    public static void main(String[] args) throws IOException {
        String[] models = (args.length > 0 ? args[0] : "mlp,cnn").split(",");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> rows = new ArrayList<>();
        for (String name : models) {
            Setting setting = Setting.of(name, runs);
            Classifier model = TrainedModels.get(name);
            LabeledData data = TrainedModels.testExamples(2_000);
            int[] indices = IntStream.range(0, setting.examples()).toArray();
            LabelReference reference = LabelReference.of(model, data);
            SingularityPlan.Budget d = SingularityPlan.Budget.defaults();
            SingularityPlan.Budget budget = new SingularityPlan.Budget(setting.cleverExamples(), d.cleverBatches(),
                    d.cleverBatchSize(), d.cleverSeeds(), setting.sliceExamples(), d.sliceGrid(), d.hessianExamples(),
                    d.hessianIterations());
            rows.add(tier(name, model, data, indices, reference, SingularityPlan.CHEAP, budget, setting.examples(),
                    setting));
            rows.add(tier(name, model, data, indices, reference, SingularityPlan.CLEVER, budget,
                    setting.cleverExamples(), setting));
            rows.add(tier(name, model, data, indices, reference, SingularityPlan.SLICES, budget,
                    setting.sliceExamples(), setting));
            Harness.Timing<ModelAnalysis> analysis = Harness.time(name + " model analysis", setting.runs(),
                    setting.warmUp(), () -> ModelAnalysisRunner.run(name, "bench", model, DatasetRef.fashionMnistTest(),
                            data));
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
            String tier, SingularityPlan.Budget budget, int units, Setting setting) {
        int runs = setting.runs();
        List<String> tiers = tier.equals(SingularityPlan.CHEAP) ? List.of(tier) : List.of(SingularityPlan.CHEAP, tier);
        SingularityPlan plan = new SingularityPlan(tiers, budget);
        AttackTask task = new AttackTask(AttackTask.SCHEMA_VERSION, JOB, 0, 1, "bench", DatasetRef.fashionMnistTest(),
                0, indices, new AttackPlan(List.of(AttackSpec.fgsm(List.of(AttackThroughput.EPSILON)))), plan, 1L);
        AttackResults attacked = AttackShardRunner.run(model, data, task);
        int calls = runs + (setting.warmUp() ? 1 : 0);
        double[] seconds = new double[calls];
        int[] call = {0};
        Harness.Timing<SingularityResults> t = Harness.time(name + " " + tier, runs, setting.warmUp(), () -> {
            SingularityResults results = SingularityShardRunner.run(model, data, attacked, reference);
            seconds[Math.min(call[0]++, calls - 1)] = results.tierMillis().get(tier) / 1e3;
            return results;
        });
        double[] timed = java.util.Arrays.copyOfRange(seconds, calls - runs, calls);
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
