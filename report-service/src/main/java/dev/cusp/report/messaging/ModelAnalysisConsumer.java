package dev.cusp.report.messaging;

import dev.cusp.core.event.ModelAnalysis;
import dev.cusp.report.service.ModelAnalysisRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Stores {@code model.analysis} events; a redelivered event changes nothing, an invalid one goes to the DLQ. */
@ApplicationScoped
public class ModelAnalysisConsumer {
    private final ModelAnalysisRecorder recorder;

    ModelAnalysisConsumer(ModelAnalysisRecorder recorder) {
        this.recorder = recorder;
    }

    @Incoming("model-analysis")
    @Transactional
    public void consume(ModelAnalysis event) {
        recorder.record(event);
    }
}
