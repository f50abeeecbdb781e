package dev.cusp.gateway.messaging;

import dev.cusp.core.event.ReportReady;
import dev.cusp.core.worker.TransientFailure;
import dev.cusp.gateway.service.JobService;
import dev.cusp.gateway.service.ProgressBroadcaster;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Marks a job done with its headline figures when {@code report.ready} arrives (idempotent). A transient failure
 * (PostgreSQL away, {@link TransientFailure}) is retried, each attempt in a transaction of {@code JobService}'s own; an
 * invalid event goes to {@code report.ready.dlq} at once.
 */
@ApplicationScoped
public class ReportReadyConsumer {
    private final JobService jobs;
    private final ProgressBroadcaster broadcaster;

    ReportReadyConsumer(JobService jobs, ProgressBroadcaster broadcaster) {
        this.jobs = jobs;
        this.broadcaster = broadcaster;
    }

    @Incoming("report-ready")
    @Blocking
    @Retry(maxRetries = 5, delay = 500, maxDuration = 20000)
    @RetryWhen(exception = TransientFailure.class)
    @ExponentialBackoff(maxDelay = 8000)
    public void consume(ReportReady report) {
        if (report == null || report.jobId() == null) {
            throw new IllegalArgumentException("invalid report.ready event: " + report);
        }
        jobs.applyReport(report).ifPresentOrElse(broadcaster::publish,
                () -> Log.infof("report.ready for unknown job %s ignored", report.jobId()));
    }
}
