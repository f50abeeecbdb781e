package dev.cusp.gateway.messaging;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Builds outgoing messages with a Kafka key, so that all events of one job (or model) share a partition. */
final class Keyed {
    private Keyed() {
    }

    static <T> Message<T> message(T payload, String key) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}
