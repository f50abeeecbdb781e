package dev.cusp.singularity;

import dev.cusp.core.data.DatasetLoader;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.job.AttackShardRunner;
import dev.cusp.core.job.LabelReference;
import dev.cusp.core.job.SingularityShardRunner;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.model.ModelLimits;
import dev.cusp.core.model.ModelLoader;
import dev.cusp.core.model.ModelRejectedException;
import java.util.List;
import java.util.UUID;

/** attack.results shards for tests, computed by core's attack runner exactly as attack-service would. */
public final class Shards {
    static final List<Double> EPSILONS = List.of(0.02, 0.1);

    private Shards() {
    }

    public static AttackResults attacked(byte[] model, String modelSha256, int[] exampleIndices)
            throws ModelRejectedException {
        return attacked(model, modelSha256, exampleIndices, SingularityPlan.cheap());
    }

    /** Shard 0 of a one-shard job with this singularity plan. */
    public static AttackResults attacked(byte[] model, String modelSha256, int[] exampleIndices, SingularityPlan plan)
            throws ModelRejectedException {
        AttackTask task = new AttackTask(AttackTask.SCHEMA_VERSION, UUID.randomUUID(), 0, 1, modelSha256,
                DatasetRef.fashionMnistTest(), 0, exampleIndices, new AttackPlan(List.of(AttackSpec.fgsm(EPSILONS))),
                plan, 0);
        return AttackShardRunner.run(ModelLoader.load(model, ModelLimits.defaults()),
                new DatasetLoader(TestData.fashionMnistDir()).load(task.dataset()), task);
    }

    /** What singularity-service must publish for the shard: core's runner with the model's label reference. */
    public static SingularityResults expected(byte[] model, AttackResults shard) throws ModelRejectedException {
        Classifier classifier = ModelLoader.load(model, ModelLimits.defaults());
        LabeledData data = new DatasetLoader(TestData.fashionMnistDir()).load(shard.dataset());
        return SingularityShardRunner.run(classifier, data, shard, LabelReference.of(classifier, data));
    }

    /** The same shard claiming another model hash or data set. */
    static AttackResults withModelAndDataset(AttackResults shard, String modelSha256, DatasetRef dataset) {
        return new AttackResults(shard.schemaVersion(), UUID.randomUUID(), shard.shardNo(), shard.shardCount(),
                modelSha256, dataset, shard.exampleIndices(), shard.examples(), shard.adversarial(),
                shard.singularityPlan(), shard.provenance(), shard.masking());
    }
}
