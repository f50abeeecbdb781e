package dev.cusp.attack.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/** Micrometer meters per shard: timer {@code cusp.attack.shards} (outcome processed|rejected), examples attacked. */
@ApplicationScoped
public class ShardMetrics {
    private final Timer processed;
    private final Timer rejected;
    private final Counter examples;

    public ShardMetrics(MeterRegistry registry) {
        this.processed = shardTimer(registry, "processed");
        this.rejected = shardTimer(registry, "rejected");
        this.examples = Counter.builder("cusp.attack.examples")
                .description("Examples attacked in processed shards")
                .register(registry);
    }

    private static Timer shardTimer(MeterRegistry registry, String outcome) {
        return Timer.builder("cusp.attack.shards")
                .description("Attack shards handled, by outcome (rejected shards go to attack.tasks.dlq)")
                .tag("outcome", outcome)
                .register(registry);
    }

    public void processed(int exampleCount, long nanos) {
        processed.record(nanos, TimeUnit.NANOSECONDS);
        examples.increment(exampleCount);
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
