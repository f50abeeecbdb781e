package dev.cusp.core.job;

import dev.cusp.core.data.ExampleSampler;
import dev.cusp.core.data.FashionMnist;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.train.DemoTrainer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Measures (not a test) seconds per example of each catalogued attack at its defaults through the shard runner on
 * the demo MLP (784-256-256-10, one epoch on 6,000 training images), with the worst-case cost units ShardPlanner
 * charges, to set the cost budget: {@code java -cp <test classpath> dev.cusp.core.job.AttackTimings [examples]}.
 */
public final class AttackTimings {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        LabeledData train = FashionMnist.load(FashionMnist.DEFAULT_DIR, "train").select(ExampleSampler.sample(60_000, 6_000, 3));
        Classifier model = Classifier.of(DemoTrainer.train(train, 1, 42, line -> { }));
        LabeledData test = FashionMnist.load(FashionMnist.DEFAULT_DIR, "test");
        int[] indices = ExampleSampler.sample(test.size(), n, 11);
        List<AttackSpec> specs = List.of(
                AttackSpec.fgsm(List.of(0.03)),
                new AttackSpec("bim", "linf", List.of(0.03), Map.of()),
                new AttackSpec("pgd", "linf", List.of(0.03), Map.of()),
                new AttackSpec("mi-fgsm", "linf", List.of(0.03), Map.of()),
                new AttackSpec("apgd-ce", "linf", List.of(0.03), Map.of()),
                new AttackSpec("apgd-t", "linf", List.of(0.03), Map.of()),
                new AttackSpec("deepfool", "l2", List.of(1.0), Map.of()),
                new AttackSpec("fab", "linf", List.of(0.03), Map.of()),
                new AttackSpec("square", "linf", List.of(0.03), Map.of()),
                new AttackSpec("autoattack", "linf", List.of(0.03), Map.of()),
                new AttackSpec("hsj", "l2", List.of(1.0), Map.of()),
                new AttackSpec("cw-l2", "l2", List.of(1.0), Map.of()));
        for (AttackSpec spec : specs) {
            AttackTask task = new AttackTask(AttackTask.SCHEMA_VERSION, UUID.randomUUID(), 0, 1, "ab".repeat(32),
                    DatasetRef.fashionMnistTest(), 0, indices, new AttackPlan(List.of(spec)), SingularityPlan.basic(), 1);
            long start = System.nanoTime();
            var results = AttackShardRunner.run(model, test, task);
            double seconds = (System.nanoTime() - start) / 1e9;
            double units = AttackRegistry.configure(spec).costPerExample(spec.epsilons(), 10);
            long success = results.examples().stream().filter(e -> e.outcomes().get(0).success()).count();
            System.out.printf(Locale.ROOT, "%-10s %-4s %8.4f s/example  worst-case units %9.0f  %.2e s/unit  broken %d/%d%n",
                    spec.attack(), spec.norm(), seconds / n, units, seconds / n / units, success, n);
        }
    }

    private AttackTimings() {
    }
}
