package dev.cusp.singularity;

import dev.cusp.core.data.DatasetLoader;
import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.job.AttackShardRunner;
import dev.cusp.core.model.ModelLimits;
import dev.cusp.core.model.ModelLoader;
import dev.cusp.core.model.ModelRejectedException;
import java.util.List;
import java.util.UUID;

/** attack.results shards for tests, computed by core's attack runner exactly as attack-service would. */
final class Shards {
    static final List<Double> EPSILONS = List.of(0.02, 0.1);

    private Shards() {
    }

    static AttackResults attacked(byte[] model, String modelSha256, int[] exampleIndices)
            throws ModelRejectedException {
        AttackTask task = new AttackTask(AttackTask.SCHEMA_VERSION, UUID.randomUUID(), 0, 1, modelSha256,
                DatasetRef.fashionMnistTest(), 0, exampleIndices, new AttackPlan(List.of(AttackSpec.fgsm(EPSILONS))),
                SingularityPlan.basic());
        return AttackShardRunner.run(ModelLoader.load(model, ModelLimits.defaults()),
                new DatasetLoader(TestData.fashionMnistDir()).load(task.dataset()), task);
    }

    /** The same shard claiming another model hash or data set. */
    static AttackResults withModelAndDataset(AttackResults shard, String modelSha256, DatasetRef dataset) {
        return new AttackResults(shard.schemaVersion(), UUID.randomUUID(), shard.shardNo(), shard.shardCount(),
                modelSha256, dataset, shard.exampleIndices(), shard.examples(), shard.adversarial(),
                shard.singularityPlan());
    }
}
