package dev.cusp.singularity.service;

import dev.cusp.core.data.DatasetLoader;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.job.SingularityShardRunner;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.model.ModelCache;
import dev.cusp.core.model.ModelRejectedException;
import dev.cusp.core.worker.GatewayUnavailableException;
import dev.cusp.core.worker.ModelFetchException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Computes one shard's singularity analysis: the model by its SHA-256, the data set by name, the label rules'
 * reference population of the pair, and core's {@link SingularityShardRunner} with the tiers of the job's plan.
 */
@ApplicationScoped
public class GeometryWorker {
    private final ModelCache models;
    private final DatasetLoader datasets;
    private final LabelReferences references;

    public GeometryWorker(ModelCache models, DatasetLoader datasets, LabelReferences references) {
        this.models = models;
        this.datasets = datasets;
        this.references = references;
    }

    /**
     * Runs one record's work. The gateway unreachable or answering 5xx is transient: retried with exponential back-off
     * while the retry budget lasts (application.properties, "Fault tolerance"); any other failure propagates at once.
     */
    @Retry(maxRetries = 4, delay = 1000, maxDuration = 20000, retryOn = GatewayUnavailableException.class,
            abortOn = {ModelFetchException.class, ModelRejectedException.class, IllegalArgumentException.class})
    @ExponentialBackoff(maxDelay = 8000)
    public SingularityResults run(AttackResults shard) throws ModelRejectedException {
        requireComplete(shard);
        Classifier model = models.get(shard.modelSha256());
        LabeledData data = datasets.load(shard.dataset());
        return SingularityShardRunner.run(model, data, shard,
                references.of(shard.modelSha256(), shard.dataset(), model, data));
    }

    private static void requireComplete(AttackResults shard) {
        if (shard == null) {
            throw new IllegalArgumentException("attack results have no payload (a record without a value)");
        }
        if (shard.schemaVersion() != AttackResults.SCHEMA_VERSION) {
            throw new IllegalArgumentException("attack results schemaVersion " + shard.schemaVersion()
                    + " is not supported (expected " + AttackResults.SCHEMA_VERSION + ")");
        }
        requirePresent(shard.jobId(), "jobId", shard);
        requirePresent(shard.modelSha256(), "modelSha256", shard);
        requirePresent(shard.dataset(), "dataset", shard);
        requirePresent(shard.examples(), "examples", shard);
    }

    private static void requirePresent(Object value, String field, AttackResults shard) {
        if (value == null) {
            throw new IllegalArgumentException("attack results of job " + shard.jobId() + " shard " + shard.shardNo()
                    + " have no " + field);
        }
    }
}
