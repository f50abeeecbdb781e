package dev.cusp.report.messaging;

import dev.cusp.core.event.AnalysisRequested;
import dev.cusp.report.service.ResultRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Stores {@code analysis.requested} events; a redelivered event changes nothing, an invalid one goes to the DLQ. */
@ApplicationScoped
public class AnalysisRequestedConsumer {
    private final ResultRecorder recorder;

    AnalysisRequestedConsumer(ResultRecorder recorder) {
        this.recorder = recorder;
    }

    @Incoming("analysis-requested")
    @Transactional
    public void consume(AnalysisRequested event) {
        recorder.record(event);
    }
}
