package dev.cusp.attack.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cusp.attack.config.AttackServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Refuses a payload whose JSON would not fit in one Kafka message, before the producer does, with a message
 * that names the shard and the sizes (Kafka's own RecordTooLargeException stays as a second line of defence).
 */
@ApplicationScoped
public class MessageSizeGuard {
    /** Room left for the key (a UUID), the CloudEvents headers and the record-batch framing. */
    static final int ENVELOPE_BYTES = 1024;

    private final ObjectMapper json;
    private final int maxMessageBytes;

    @Inject
    public MessageSizeGuard(ObjectMapper json, AttackServiceConfig config) {
        this(json, config.messaging().maxMessageBytes());
    }

    MessageSizeGuard(ObjectMapper json, int maxMessageBytes) {
        this.json = json;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Throws {@link MessageTooLargeException} when {@code payload} serializes to more than the limit allows. */
    public void requireFits(Object payload, String topic, String what) {
        int size;
        try {
            size = json.writeValueAsBytes(payload).length;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize " + what + " for " + topic, e);
        }
        int allowed = maxMessageBytes - ENVELOPE_BYTES;
        if (size > allowed) {
            throw new MessageTooLargeException(String.format(Locale.ROOT,
                    "%s for %s is %,d bytes of JSON, over the %,d-byte message limit (%,d minus %,d for key, headers"
                            + " and framing); the job needs smaller shards",
                    what, topic, size, allowed, maxMessageBytes, ENVELOPE_BYTES));
        }
    }
}
