package dev.cusp.gateway.service;

import dev.cusp.core.event.JobProgress;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Fans job states out to SSE listeners: every state the consumers store is broadcast, and each stream also
 * re-reads the stored state on a timer, so a listener that subscribes between two events still converges.
 * A stream ends after the job's first terminal state ({@code done} or {@code failed}).
 */
@ApplicationScoped
public class ProgressBroadcaster {
    private static final JobProgress END = new JobProgress(0, null, 0, 0, "end", null);

    private final BroadcastProcessor<JobProgress> processor = BroadcastProcessor.create();

    /** Sends a job's new state to its listeners. */
    public synchronized void publish(JobProgress state) {
        processor.onNext(state);
    }

    /** The job's states: the stored one at once and every {@code refresh}, the broadcast ones as they come. */
    public Multi<JobProgress> stream(UUID jobId, Supplier<JobProgress> stored, Duration refresh) {
        Multi<JobProgress> live = processor.filter(p -> jobId.equals(p.jobId())).onOverflow().buffer(256);
        Multi<Long> ticks = Multi.createBy().concatenating()
                .streams(Multi.createFrom().item(0L), Multi.createFrom().ticks().every(refresh));
        Multi<JobProgress> polled = ticks.onOverflow().drop()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(tick -> stored.get());
        return Multi.createBy().merging().streams(live, polled)
                .skip().repetitions()
                .onItem().transformToMultiAndConcatenate(p -> terminal(p)
                        ? Multi.createFrom().items(p, END)
                        : Multi.createFrom().item(p))
                .select().first(p -> p != END);
    }

    static boolean terminal(JobProgress progress) {
        return JobProgress.DONE.equals(progress.phase()) || JobProgress.FAILED.equals(progress.phase());
    }
}
