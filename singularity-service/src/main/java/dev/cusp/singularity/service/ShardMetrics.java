package dev.cusp.singularity.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/** Micrometer meters per shard: timer {@code cusp.singularity.shards} (outcome processed|rejected), points analysed. */
@ApplicationScoped
public class ShardMetrics {
    private final Timer processed;
    private final Timer rejected;
    private final Counter points;

    public ShardMetrics(MeterRegistry registry) {
        this.processed = shardTimer(registry, "processed");
        this.rejected = shardTimer(registry, "rejected");
        this.points = Counter.builder("cusp.singularity.points")
                .description("Points (clean and adversarial) analysed in processed shards")
                .register(registry);
    }

    private static Timer shardTimer(MeterRegistry registry, String outcome) {
        return Timer.builder("cusp.singularity.shards")
                .description("Geometry shards handled, by outcome (rejected shards go to attack.results.dlq)")
                .tag("outcome", outcome)
                .register(registry);
    }

    public void processed(int pointCount, long nanos) {
        processed.record(nanos, TimeUnit.NANOSECONDS);
        points.increment(pointCount);
    }

    public void rejected(long nanos) {
        rejected.record(nanos, TimeUnit.NANOSECONDS);
    }

    public long processedCount() {
        return processed.count();
    }

    public long rejectedCount() {
        return rejected.count();
    }
}
