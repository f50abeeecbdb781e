package dev.cusp.attack.service;

import dev.cusp.core.data.DatasetLoader;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.job.AttackShardRunner;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.model.ModelCache;
import dev.cusp.core.model.ModelRejectedException;
import dev.cusp.core.worker.GatewayUnavailableException;
import dev.cusp.core.worker.ModelFetchException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;

/** Runs one attack task: the model by its SHA-256, the data set by name, the plan through core's runner. */
@ApplicationScoped
public class AttackWorker {
    private final ModelCache models;
    private final DatasetLoader datasets;

    public AttackWorker(ModelCache models, DatasetLoader datasets) {
        this.models = models;
        this.datasets = datasets;
    }

    /**
     * Runs one record's work. The gateway unreachable or answering 5xx is transient: retried with exponential back-off
     * while the retry budget lasts (application.properties, "Fault tolerance"); any other failure propagates at once.
     */
    @Retry(maxRetries = 4, delay = 1000, maxDuration = 20000, retryOn = GatewayUnavailableException.class,
            abortOn = {ModelFetchException.class, ModelRejectedException.class, IllegalArgumentException.class})
    @ExponentialBackoff(maxDelay = 8000)
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
