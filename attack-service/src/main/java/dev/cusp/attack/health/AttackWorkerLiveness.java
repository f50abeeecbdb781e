package dev.cusp.attack.health;

import dev.cusp.attack.service.ShardMetrics;
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
public class AttackWorkerLiveness implements HealthCheck {
    private final ShardMetrics metrics;

    public AttackWorkerLiveness(ShardMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("attack-worker")
                .up()
                .withData("shardsProcessed", metrics.processedCount())
                .withData("shardsRejected", metrics.rejectedCount())
                .build();
    }
}
