package dev.cusp.gateway.health;

import dev.cusp.gateway.repository.JobRepository;
import dev.cusp.gateway.repository.ModelRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the gateway's schema answers; reports how many models and jobs it holds. */
@Readiness
@ApplicationScoped
public class ModelStoreHealthCheck implements HealthCheck {
    private final ModelRepository models;
    private final JobRepository jobs;

    ModelStoreHealthCheck(ModelRepository models, JobRepository jobs) {
        this.models = models;
        this.jobs = jobs;
    }

    @Override
    @Transactional
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named("model store").up()
                    .withData("models", models.count())
                    .withData("jobs", jobs.count())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("model store").down().withData("error", e.getMessage()).build();
        }
    }
}
