package dev.cusp.attack.messaging;

import dev.cusp.core.event.AttackTask;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** JSON deserializer of {@code attack.tasks} records (explicit, so the dead-letter queue knows the type). */
public class AttackTaskDeserializer extends ObjectMapperDeserializer<AttackTask> {
    public AttackTaskDeserializer() {
        super(AttackTask.class);
    }
}
