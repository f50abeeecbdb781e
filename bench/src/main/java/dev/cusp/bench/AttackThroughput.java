package dev.cusp.bench;

import dev.cusp.core.attack.Attack;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.ClassifierModel;
import dev.cusp.core.attack.Misclassification;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.gradient.Apgd;
import dev.cusp.core.attack.gradient.Fgm;
import dev.cusp.core.attack.gradient.Pgd;
import dev.cusp.core.attack.minimal.CarliniWagnerL2;
import dev.cusp.core.attack.minimal.DeepFool;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.model.Classifier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Examples per second of the attacks the attacks issue names (PGD-40, DeepFool, C&W-L2, APGD-CE; FGSM as the
 * one-gradient baseline) on the trained MLP and CNN ({@link TrainedModels}), attacking the first Fashion-MNIST test
 * images at ε = 0.1 (L∞) with the catalogue's default parameters (C&W: 5 binary-search steps × 100 Adam steps,
 * abort early, instead of the reference's 9 × 10,000). Early stops make the work per example depend on the model,
 * so besides examples/s the table gives the input-gradient evaluations the attack made per second, their GFLOP/s
 * ({@link BenchModels#gradientCostInForwards} forward passes each) and the fraction of the machine's nominal peak:
 * compare that rate with the raw input-gradient throughput of {@code InputGradientBench} to see the attack's own
 * overhead.
 *
 * <p>Arguments: models (default {@code mlp,cnn}), examples for the MLP (default 256), examples for the CNN
 * (default 64), timed runs (default 3).
 */
public final class AttackThroughput {
    static final double EPSILON = 0.1;

    private AttackThroughput() {
    }

    public static void main(String[] args) throws IOException {
        String[] models = (args.length > 0 ? args[0] : "mlp,cnn").split(",");
        int mlpExamples = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int cnnExamples = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        double peak = BenchMain.nominalPeakGflops();
        List<String> rows = new ArrayList<>();
        for (String name : models) {
            Classifier model = TrainedModels.get(name);
            LabeledData data = TrainedModels.testExamples(name.equals("cnn") ? cnnExamples : mlpExamples);
            Misclassification criterion = new Misclassification(data.labels());
            AttackRequest fixed = AttackRequest.of(data.features(), criterion, EPSILON);
            AttackRequest minimal = AttackRequest.unbounded(data.features(), criterion);
            ClassifierModel target = ClassifierModel.of(model);
            for (Map.Entry<String, Attack> entry : attacks().entrySet()) {
                System.err.println(name + " " + entry.getKey() + " on " + data.size() + " examples");
                Attack attack = entry.getValue();
                AttackRequest request = attack.minimizesNorm() ? minimal : fixed;
                Harness.Timing<AttackResult> t = Harness.time(entry.getKey(), runs, () -> attack.run(target, request));
                AttackResult result = t.last();
                double gradients = result.totalGradientEvaluations();
                double gflops = gradients * BenchModels.gradientCostInForwards(name) * BenchModels.forwardFlops(name)
                        / t.best() / 1e9;
                rows.add(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %.0f | %.2f | %.1f | %s |",
                        entry.getKey(), name, data.size(), data.size() / t.best(), data.size() / t.median(),
                        gradients / data.size(), gradients / t.best(), gflops, 100 * gflops / peak,
                        outcome(attack, result)));
            }
        }
        System.out.printf(Locale.ROOT, "%n## Attacks, OMP_NUM_THREADS=%s; nominal FP32 peak %.0f GFLOP/s (%d cores)%n%n",
                Harness.threads(), peak, Runtime.getRuntime().availableProcessors());
        System.out.println("| attack | model | examples | examples/s (best) | examples/s (median) | gradients/example"
                + " | gradients/s | GFLOP/s | % of peak | outcome |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** Robust accuracy at ε for a fixed-ε attack, the median distance found for a minimal-norm one. */
    static String outcome(Attack attack, AttackResult result) {
        if (!attack.minimizesNorm()) {
            return String.format(Locale.ROOT, "robust accuracy %.3f at ε %.2f", result.robustAccuracy(), EPSILON);
        }
        double[] distances = result.distances().clone();
        java.util.Arrays.sort(distances);
        return String.format(Locale.ROOT, "median %s distance %.3f", attack.norm().id(),
                distances[distances.length / 2]);
    }

    /** The benchmarked attacks, L∞ except C&W (L2 only) and DeepFool (its L2 version, the paper's main one). */
    static Map<String, Attack> attacks() {
        Map<String, Attack> out = new LinkedHashMap<>();
        out.put("fgsm", Fgm.linf());
        out.put("pgd-40", Pgd.linf());
        out.put("apgd-ce-100", Apgd.ce(Norm.LINF));
        out.put("deepfool-l2", DeepFool.l2());
        out.put("cw-l2-5x100", new CarliniWagnerL2(CarliniWagnerL2.Params.DEFAULTS.withSteps(5, 100)));
        return out;
    }
}
