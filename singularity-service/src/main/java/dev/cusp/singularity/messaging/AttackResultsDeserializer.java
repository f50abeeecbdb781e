package dev.cusp.singularity.messaging;

import dev.cusp.core.event.AttackResults;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** JSON deserializer of {@code attack.results} records (explicit, so the dead-letter queue knows the type). */
public class AttackResultsDeserializer extends ObjectMapperDeserializer<AttackResults> {
    public AttackResultsDeserializer() {
        super(AttackResults.class);
    }
}
