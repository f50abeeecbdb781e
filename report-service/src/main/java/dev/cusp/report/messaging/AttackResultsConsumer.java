package dev.cusp.report.messaging;

import dev.cusp.core.event.AttackResults;
import dev.cusp.core.worker.TransientFailure;
import dev.cusp.report.service.ResultRecorder;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Stores {@code attack.results} events; a redelivered event changes nothing, an invalid one goes to the DLQ. */
@ApplicationScoped
public class AttackResultsConsumer {
    private final ResultRecorder recorder;

    AttackResultsConsumer(ResultRecorder recorder) {
        this.recorder = recorder;
    }

    @Incoming("attack-results")
    @Blocking
    @Retry(maxRetries = 5, delay = 500, maxDuration = 20000)
    @RetryWhen(exception = TransientFailure.class)
    @ExponentialBackoff(maxDelay = 8000)
    public void consume(AttackResults event) {
        recorder.record(event);
    }
}
