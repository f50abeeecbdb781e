package dev.cusp.attack.service;

import dev.cusp.core.data.DatasetLoader;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.job.AttackShardRunner;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.model.ModelCache;
import dev.cusp.core.model.ModelRejectedException;
import jakarta.enterprise.context.ApplicationScoped;

/** Runs one attack task: the model by its SHA-256, the data set by name, the plan through core's runner. */
@ApplicationScoped
public class AttackWorker {
    private final ModelCache models;
    private final DatasetLoader datasets;

    public AttackWorker(ModelCache models, DatasetLoader datasets) {
        this.models = models;
        this.datasets = datasets;
    }

    public AttackResults run(AttackTask task) throws ModelRejectedException {
        requireComplete(task);
        Classifier model = models.get(task.modelSha256());
        LabeledData data = datasets.load(task.dataset());
        return AttackShardRunner.run(model, data, task);
    }

    private static void requireComplete(AttackTask task) {
        if (task == null) {
            throw new IllegalArgumentException("attack task has no payload (a record without a value)");
        }
        if (task.schemaVersion() != AttackTask.SCHEMA_VERSION) {
            throw new IllegalArgumentException("attack task schemaVersion " + task.schemaVersion()
                    + " is not supported (expected " + AttackTask.SCHEMA_VERSION + ")");
        }
        requirePresent(task.jobId(), "jobId", task);
        requirePresent(task.modelSha256(), "modelSha256", task);
        requirePresent(task.dataset(), "dataset", task);
        requirePresent(task.exampleIndices(), "exampleIndices", task);
        requirePresent(task.plan(), "plan", task);
    }

    private static void requirePresent(Object value, String field, AttackTask task) {
        if (value == null) {
            throw new IllegalArgumentException("attack task of job " + task.jobId() + " shard " + task.shardNo()
                    + " has no " + field);
        }
    }
}
