package dev.cusp.gateway.messaging;

import dev.cusp.core.event.ReportReady;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Reads {@code report.ready} JSON. */
public class ReportReadyDeserializer extends ObjectMapperDeserializer<ReportReady> {
    public ReportReadyDeserializer() {
        super(ReportReady.class);
    }
}
