package dev.cusp.report.messaging;

import dev.cusp.core.event.AttackResults;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Reads {@code attack.results} JSON. */
public class AttackResultsDeserializer extends ObjectMapperDeserializer<AttackResults> {
    public AttackResultsDeserializer() {
        super(AttackResults.class);
    }
}
