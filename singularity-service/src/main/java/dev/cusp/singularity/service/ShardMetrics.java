package dev.cusp.singularity.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters: timer {@code cusp.singularity.shards} (outcome processed|rejected), points analysed, and timer
 * {@code cusp.singularity.models} (outcome analysed|rejected) of the per-model analyses.
 */
@ApplicationScoped
public class ShardMetrics {
    private final Timer processed;
    private final Timer rejected;
    private final Counter points;
    private final Timer modelsAnalysed;
    private final Timer modelsRejected;

    public ShardMetrics(MeterRegistry registry) {
        this.processed = shardTimer(registry, "processed");
        this.rejected = shardTimer(registry, "rejected");
        this.points = Counter.builder("cusp.singularity.points")
                .description("Points (clean, adversarial and crossing) analysed in processed shards")
                .register(registry);
        this.modelsAnalysed = modelTimer(registry, "analysed");
        this.modelsRejected = modelTimer(registry, "rejected");
    }

    private static Timer modelTimer(MeterRegistry registry, String outcome) {
        return Timer.builder("cusp.singularity.models")
                .description("Per-model analyses, by outcome (rejected models go to model.registered.dlq)")
                .tag("outcome", outcome)
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

    public void modelAnalysed(long nanos) {
        modelsAnalysed.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void modelRejected(long nanos) {
        modelsRejected.record(nanos, TimeUnit.NANOSECONDS);
    }

    public long processedCount() {
        return processed.count();
    }

    public long modelsAnalysedCount() {
        return modelsAnalysed.count();
    }

    public long rejectedCount() {
        return rejected.count();
    }
}
