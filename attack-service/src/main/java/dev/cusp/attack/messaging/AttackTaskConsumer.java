package dev.cusp.attack.messaging;

import dev.cusp.attack.service.AttackWorker;
import dev.cusp.attack.service.ShardMetrics;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.Topics;
import dev.cusp.core.model.ModelRejectedException;
import dev.cusp.core.worker.MessageSizeGuard;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * Consumes {@code attack.tasks} one shard at a time on a worker thread and publishes {@code attack.results} keyed
 * by job id. A task that fails (unknown attack or data set, model rejected or unknown, result too large) is nacked:
 * the connector sends it to {@code attack.tasks.dlq} with the reason and the partition moves on.
 */
@ApplicationScoped
public class AttackTaskConsumer {
    private static final String DLQ = Topics.ATTACK_TASKS + Topics.DLQ_SUFFIX;

    private final AttackWorker worker;
    private final MessageSizeGuard sizeGuard;
    private final ShardMetrics metrics;

    public AttackTaskConsumer(AttackWorker worker, MessageSizeGuard sizeGuard, ShardMetrics metrics) {
        this.worker = worker;
        this.sizeGuard = sizeGuard;
        this.metrics = metrics;
    }

    @Incoming("attack-tasks")
    @Outgoing("attack-results")
    @Blocking(ordered = true)
    public Record<String, AttackResults> process(AttackTask task) throws ModelRejectedException {
        long start = System.nanoTime();
        try {
            AttackResults results = worker.run(task);
            sizeGuard.requireFits(results, Topics.ATTACK_RESULTS, describe(task));
            long nanos = System.nanoTime() - start;
            metrics.processed(results.examples().size(), nanos);
            Log.infof("attack shard done: job=%s shard=%d/%d examples=%d ms=%d",
                    task.jobId(), task.shardNo(), task.shardCount(), results.examples().size(), nanos / 1_000_000);
            return Record.of(task.jobId().toString(), results);
        } catch (RuntimeException | ModelRejectedException e) {
            metrics.rejected(System.nanoTime() - start);
            Log.warnf("attack shard rejected (to %s): %s: %s", DLQ, describe(task), e.getMessage());
            throw e;
        }
    }

    private static String describe(AttackTask task) {
        return task == null ? "an empty task" : "job " + task.jobId() + " shard " + task.shardNo();
    }
}
