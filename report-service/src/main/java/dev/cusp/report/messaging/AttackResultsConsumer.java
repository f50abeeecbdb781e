package dev.cusp.report.messaging;

import dev.cusp.core.event.AttackResults;
import dev.cusp.report.service.ResultRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Stores {@code attack.results} events; a redelivered event changes nothing, an invalid one goes to the DLQ. */
@ApplicationScoped
public class AttackResultsConsumer {
    private final ResultRecorder recorder;

    AttackResultsConsumer(ResultRecorder recorder) {
        this.recorder = recorder;
    }

    @Incoming("attack-results")
    @Transactional
    public void consume(AttackResults event) {
        recorder.record(event);
    }
}
