package dev.cusp.core.worker;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The result-size check: a payload's serialized bytes plus the envelope allowance must fit the message limit. */
class MessageSizeGuardTest {
    /** Serializes a string payload as its UTF-8 bytes, so a test sets the exact size. */
    private static final MessageSizeGuard.Serializer UTF8 = p -> ((String) p).getBytes(StandardCharsets.UTF_8);

    @Test
    void payloadExactlyAtTheAllowanceFits() {
        MessageSizeGuard guard = new MessageSizeGuard(UTF8, 5000);
        int allowed = 5000 - MessageSizeGuard.ENVELOPE_BYTES;
        assertThatCode(() -> guard.requireFits("x".repeat(allowed), "attack.results", "job j shard 0"))
                .doesNotThrowAnyException();
    }

    @Test
    void payloadOneByteOverIsRefusedWithTheSizes() {
        MessageSizeGuard guard = new MessageSizeGuard(UTF8, 5000);
        int allowed = 5000 - MessageSizeGuard.ENVELOPE_BYTES;
        assertThatThrownBy(() -> guard.requireFits("x".repeat(allowed + 1), "attack.results", "job j shard 0"))
                .isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining("job j shard 0 for attack.results is 3,977 bytes")
                .hasMessageContaining("3,976-byte message limit")
                .hasMessageContaining("smaller shards");
    }

    @Test
    void payloadThatCannotBeSerializedIsReportedWithTheShardAndTheCause() {
        MessageSizeGuard guard = new MessageSizeGuard(p -> {
            throw new IllegalStateException("no serializer for Widget");
        }, 5000);
        assertThatThrownBy(() -> guard.requireFits("w", "attack.results", "job j shard 0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("job j shard 0")
                .hasMessageContaining("no serializer for Widget");
    }

    @Test
    void limitNoLargerThanTheEnvelopeIsRefusedWithTheValue() {
        assertThatThrownBy(() -> new MessageSizeGuard(UTF8, MessageSizeGuard.ENVELOPE_BYTES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got " + MessageSizeGuard.ENVELOPE_BYTES);
    }
}
