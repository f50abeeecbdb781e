package dev.cusp.singularity.health;

import dev.cusp.singularity.service.ShardMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness of the worker with its shard counts; a stuck shard is caught by the Kafka extension's own check
 * (throttled commit strategy, unprocessed-record max age), readiness by the Kafka extension too.
 */
@Liveness
@ApplicationScoped
public class GeometryWorkerLiveness implements HealthCheck {
    private final ShardMetrics metrics;

    public GeometryWorkerLiveness(ShardMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("geometry-worker")
                .up()
                .withData("shardsProcessed", metrics.processedCount())
                .withData("shardsRejected", metrics.rejectedCount())
                .withData("modelsAnalysed", metrics.modelsAnalysedCount())
                .build();
    }
}
