package dev.cusp.core.worker;

import java.util.Locale;

/**
 * Refuses a payload whose serialized form would not fit in one Kafka message, before the producer does, with a
 * message that names the shard and the sizes (Kafka's own RecordTooLargeException stays as a second line of defence).
 */
public final class MessageSizeGuard {
    /** Room left for the key (a UUID), the CloudEvents headers and the record-batch framing. */
    public static final int ENVELOPE_BYTES = 1024;

    /** Writes a payload as the producer will (a service passes its JSON mapper's {@code writeValueAsBytes}). */
    @FunctionalInterface
    public interface Serializer {
        byte[] toBytes(Object payload) throws Exception;
    }

    private final Serializer serializer;
    private final int maxMessageBytes;

    public MessageSizeGuard(Serializer serializer, int maxMessageBytes) {
        if (maxMessageBytes <= ENVELOPE_BYTES) {
            throw new IllegalArgumentException("the message limit must exceed the " + ENVELOPE_BYTES
                    + "-byte envelope allowance, got " + maxMessageBytes);
        }
        this.serializer = serializer;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Throws {@link MessageTooLargeException} when {@code payload} serializes to more than the limit allows. */
    public void requireFits(Object payload, String topic, String what) {
        int size;
        try {
            size = serializer.toBytes(payload).length;
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialize " + what + " for " + topic + ": " + e.getMessage(), e);
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
