package dev.cusp.singularity.messaging;

import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.event.Topics;
import dev.cusp.core.model.ModelRejectedException;
import dev.cusp.core.worker.MessageSizeGuard;
import dev.cusp.singularity.service.GeometryWorker;
import dev.cusp.singularity.service.ShardMetrics;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * Consumes {@code attack.results} one shard at a time on a worker thread and publishes {@code singularity.results}
 * (schema version 2: the tiers of the job's singularity plan) keyed by job id. A shard that fails (model rejected or unknown, unknown data set, bad adversarial batch, result
 * too large) is nacked: the connector sends it to {@code attack.results.dlq} with the reason and the partition
 * moves on.
 */
@ApplicationScoped
public class AttackResultsConsumer {
    private static final String DLQ = Topics.ATTACK_RESULTS + Topics.DLQ_SUFFIX;

    private final GeometryWorker worker;
    private final MessageSizeGuard sizeGuard;
    private final ShardMetrics metrics;

    public AttackResultsConsumer(GeometryWorker worker, MessageSizeGuard sizeGuard, ShardMetrics metrics) {
        this.worker = worker;
        this.sizeGuard = sizeGuard;
        this.metrics = metrics;
    }

    @Incoming("attack-results")
    @Outgoing("singularity-results")
    @Blocking(ordered = true)
    public Record<String, SingularityResults> process(AttackResults shard) throws ModelRejectedException {
        long start = System.nanoTime();
        try {
            SingularityResults results = worker.run(shard);
            sizeGuard.requireFits(results, Topics.SINGULARITY_RESULTS, describe(shard));
            long nanos = System.nanoTime() - start;
            metrics.processed(results.points().size(), nanos);
            Log.infof("geometry shard done: job=%s shard=%d/%d examples=%d points=%d slices=%d ms=%d tiers=%s",
                    shard.jobId(), shard.shardNo(), shard.shardCount(), shard.examples().size(),
                    results.points().size(), results.slices().size(), nanos / 1_000_000, results.tierMillis());
            return Record.of(shard.jobId().toString(), results);
        } catch (RuntimeException | ModelRejectedException e) {
            metrics.rejected(System.nanoTime() - start);
            Log.warnf("geometry shard rejected (to %s): %s: %s", DLQ, describe(shard), e.getMessage());
            throw e;
        }
    }

    private static String describe(AttackResults shard) {
        return shard == null ? "an empty shard" : "job " + shard.jobId() + " shard " + shard.shardNo();
    }
}
