package dev.cusp.report.messaging;

import dev.cusp.core.event.AnalysisRequested;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Reads {@code analysis.requested} JSON. */
public class AnalysisRequestedDeserializer extends ObjectMapperDeserializer<AnalysisRequested> {
    public AnalysisRequestedDeserializer() {
        super(AnalysisRequested.class);
    }
}
