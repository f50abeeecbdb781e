package dev.cusp.gateway.messaging;

import dev.cusp.core.event.JobProgress;
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
 * Applies {@code job.progress} to the job (idempotently) and forwards the job's new state to its SSE listeners. A
 * transient failure (PostgreSQL away, {@link TransientFailure}) is retried, each attempt in a transaction of
 * {@code JobService}'s own; an invalid event goes to {@code job.progress.dlq} at once.
 */
@ApplicationScoped
public class JobProgressConsumer {
    private final JobService jobs;
    private final ProgressBroadcaster broadcaster;

    JobProgressConsumer(JobService jobs, ProgressBroadcaster broadcaster) {
        this.jobs = jobs;
        this.broadcaster = broadcaster;
    }

    @Incoming("job-progress")
    @Blocking
    @Retry(maxRetries = 5, delay = 500, maxDuration = 20000)
    @RetryWhen(exception = TransientFailure.class)
    @ExponentialBackoff(maxDelay = 8000)
    public void consume(JobProgress progress) {
        if (progress == null || progress.jobId() == null || progress.shardsDone() < 0 || progress.shardsTotal() < 1) {
            throw new IllegalArgumentException("invalid job.progress event: " + progress);
        }
        jobs.applyProgress(progress).ifPresentOrElse(broadcaster::publish,
                () -> Log.infof("job.progress for unknown job %s ignored", progress.jobId()));
    }
}
