package dev.cusp.report.health;

import dev.cusp.report.repository.ReportJobRepository;
import dev.cusp.report.repository.StoredReportRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the report schema answers; reports how many jobs and finished reports it holds. */
@Readiness
@ApplicationScoped
public class ReportStoreHealthCheck implements HealthCheck {
    private final ReportJobRepository jobs;
    private final StoredReportRepository reports;

    ReportStoreHealthCheck(ReportJobRepository jobs, StoredReportRepository reports) {
        this.jobs = jobs;
        this.reports = reports;
    }

    @Override
    @Transactional
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named("report store").up()
                    .withData("jobs", jobs.count())
                    .withData("reports", reports.count())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("report store").down().withData("error", e.getMessage()).build();
        }
    }
}
