package dev.cusp.singularity.messaging;

import dev.cusp.core.event.ModelRegistered;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** JSON deserializer of {@code model.registered} records (explicit, so the dead-letter queue knows the type). */
public class ModelRegisteredDeserializer extends ObjectMapperDeserializer<ModelRegistered> {
    public ModelRegisteredDeserializer() {
        super(ModelRegistered.class);
    }
}
