package dev.cusp.gateway.messaging;

import dev.cusp.core.event.JobProgress;
import dev.cusp.gateway.service.JobService;
import dev.cusp.gateway.service.ProgressBroadcaster;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Applies {@code job.progress} to the job (idempotently) and forwards the job's new state to its SSE listeners. */
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
    public void consume(JobProgress progress) {
        if (progress == null || progress.jobId() == null || progress.shardsDone() < 0 || progress.shardsTotal() < 1) {
            throw new IllegalArgumentException("invalid job.progress event: " + progress);
        }
        jobs.applyProgress(progress).ifPresentOrElse(broadcaster::publish,
                () -> Log.infof("job.progress for unknown job %s ignored", progress.jobId()));
    }
}
