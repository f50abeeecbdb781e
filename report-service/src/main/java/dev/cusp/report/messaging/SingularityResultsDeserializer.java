package dev.cusp.report.messaging;

import dev.cusp.core.event.SingularityResults;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Reads {@code singularity.results} JSON. */
public class SingularityResultsDeserializer extends ObjectMapperDeserializer<SingularityResults> {
    public SingularityResultsDeserializer() {
        super(SingularityResults.class);
    }
}
