package dev.cusp.report;

import dev.cusp.core.data.LabeledData;
import dev.cusp.core.event.AnalysisRequested;
import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.ModelAnalysis;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.job.AttackShardRunner;
import dev.cusp.core.job.LabelReference;
import dev.cusp.core.job.ModelAnalysisRunner;
import dev.cusp.core.job.SingularityShardRunner;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.testing.TestModels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A real two-shard job, computed by core exactly as the workers compute it: a seeded 12-16-4 ReLU MLP on seeded uniform
 * inputs labelled by the model itself, FGSM at three budgets, every singularity tier with a small budget (CLEVER and a slice on each shard, the
 * Hessian on shard 0). One adversarial point of shard 1 is replaced by what the worker sends for a Jacobian that is
 * not finite (NaN singular values, MASKED), so that the report must cope with it.
 */
final class AnalysedShards {
    static final long SEED = 4242;
    static final List<Double> EPSILONS = List.of(0.05, 0.2, 0.5);
    static final SingularityPlan PLAN = new SingularityPlan(List.of(SingularityPlan.CHEAP, SingularityPlan.CLEVER,
            SingularityPlan.SLICES, SingularityPlan.HESSIAN), new SingularityPlan.Budget(2, 3, 8, 2, 1, 15, 10, 3));
    static final Classifier MODEL = Classifier.of(TestModels.mlp(SEED, DataType.FLOAT, Activation.RELU, 12, 16, 4));
    static final LabeledData DATA = data();

    private AnalysedShards() {
    }

    record Job(UUID id, AnalysisRequested request, List<AttackResults> attacks, List<SingularityResults> geometry) {
        List<ExampleAttack> examples() {
            return attacks.stream().flatMap(a -> a.examples().stream()).toList();
        }

        List<PointGeometry> points() {
            return geometry.stream().flatMap(g -> g.points().stream()).toList();
        }
    }

    static Job job() {
        UUID id = UUID.randomUUID();
        LabelReference reference = LabelReference.of(MODEL, DATA);
        List<AttackResults> attacks = new ArrayList<>();
        List<SingularityResults> geometry = new ArrayList<>();
        for (int shard = 0; shard < 2; shard++) {
            int[] indices = IntStream.range(20 * shard, 20 * shard + 20).toArray();
            AttackTask task = new AttackTask(AttackTask.SCHEMA_VERSION, id, shard, 2, "cd".repeat(32),
                    DatasetRef.fashionMnistTest(), 20 * shard, indices,
                    new AttackPlan(List.of(AttackSpec.fgsm(EPSILONS))), PLAN, SEED);
            AttackResults attacked = AttackShardRunner.run(MODEL, DATA, task);
            attacks.add(attacked);
            geometry.add(SingularityShardRunner.run(MODEL, DATA, attacked, reference));
        }
        geometry.set(1, masked(geometry.get(1)));
        AnalysisRequested request = new AnalysisRequested(AnalysisRequested.SCHEMA_VERSION, id,
                UUID.randomUUID().toString(), "cd".repeat(32), DatasetRef.fashionMnistTest(), 40, SEED,
                new AttackPlan(List.of(AttackSpec.fgsm(EPSILONS))), PLAN, 2, Instant.parse("2026-02-01T00:00:00Z"));
        return new Job(id, request, attacks, geometry);
    }

    /** The shard with its first adversarial point as a worker reports a point whose Jacobian is not finite. */
    static SingularityResults masked(SingularityResults shard) {
        List<PointGeometry> points = new ArrayList<>(shard.points());
        int k = IntStream.range(0, points.size()).filter(i -> PointGeometry.ADVERSARIAL.equals(points.get(i).point()))
                .findFirst().orElseThrow();
        PointGeometry p = points.get(k);
        double[] nan = new double[p.singularValues().length];
        Arrays.fill(nan, Double.NaN);
        points.set(k, new PointGeometry(p.exampleIndex(), p.point(), p.predictedClass(), nan, Double.NaN, p.margin(),
                null, p.boundary(), p.facets(), p.relu(), p.health(), p.segment(), null, null, null,
                List.of("MASKED"), "MASKED", List.of("MASKED: logit Jacobian not finite")));
        return new SingularityResults(shard.schemaVersion(), shard.jobId(), shard.shardNo(), shard.shardCount(),
                points, shard.rules(), shard.slices(), shard.curvature(), shard.tierMillis());
    }

    /** The model's parameter-space analysis as singularity-service publishes it. */
    static ModelAnalysis modelAnalysis(String modelId) {
        return ModelAnalysisRunner.run(modelId, "cd".repeat(32), MODEL, DatasetRef.fashionMnistTest(), DATA);
    }

    /** Uniform inputs labelled with the model's own predictions: every example is attacked, many are turned. */
    private static LabeledData data() {
        Nd4j.getRandom().setSeed(SEED);
        INDArray x = Nd4j.rand(DataType.FLOAT, 60, 12);
        return new LabeledData(x, MODEL.predict(x), 4);
    }
}
