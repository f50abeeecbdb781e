package dev.cusp.report.messaging;

import dev.cusp.core.event.SingularityResults;
import dev.cusp.report.service.ResultRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Stores {@code singularity.results} events; a redelivered event changes nothing, an invalid one goes to the DLQ. */
@ApplicationScoped
public class SingularityResultsConsumer {
    private final ResultRecorder recorder;

    SingularityResultsConsumer(ResultRecorder recorder) {
        this.recorder = recorder;
    }

    @Incoming("singularity-results")
    @Transactional
    public void consume(SingularityResults event) {
        recorder.record(event);
    }
}
