package dev.cusp.report.messaging;

import dev.cusp.core.event.JobProgress;
import dev.cusp.core.event.ReportReady;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes {@code job.progress} and {@code report.ready}, keyed by job id, and waits for the broker's
 * acknowledgement: called inside a consumer's transaction, a failed send rolls the transaction back.
 */
@ApplicationScoped
public class ReportEvents {
    private final MutinyEmitter<JobProgress> progress;
    private final MutinyEmitter<ReportReady> ready;

    ReportEvents(@Channel("job-progress") MutinyEmitter<JobProgress> progress,
            @Channel("report-ready") MutinyEmitter<ReportReady> ready) {
        this.progress = progress;
        this.ready = ready;
    }

    public void progress(JobProgress event, Duration timeout) {
        progress.sendMessage(keyed(event, event.jobId().toString())).await().atMost(timeout);
    }

    public void ready(ReportReady event, Duration timeout) {
        ready.sendMessage(keyed(event, event.jobId().toString())).await().atMost(timeout);
    }

    private static <T> Message<T> keyed(T payload, String key) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}
