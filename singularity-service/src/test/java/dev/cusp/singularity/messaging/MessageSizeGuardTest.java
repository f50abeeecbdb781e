package dev.cusp.singularity.messaging;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The result-size check: a payload's JSON plus the envelope allowance must fit the message limit. */
class MessageSizeGuardTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {"d":"xxx..."} is the string's length plus 8 bytes of JSON. */
    private static Map<String, String> payloadOf(int jsonBytes) {
        return Map.of("d", "x".repeat(jsonBytes - 8));
    }

    @Test
    void payloadExactlyAtTheAllowanceFits() {
        MessageSizeGuard guard = new MessageSizeGuard(JSON, 5000);
        int allowed = 5000 - MessageSizeGuard.ENVELOPE_BYTES;
        assertThatCode(() -> guard.requireFits(payloadOf(allowed), "singularity.results", "job j shard 0"))
                .doesNotThrowAnyException();
    }

    @Test
    void payloadOneByteOverIsRefusedWithTheSizes() {
        MessageSizeGuard guard = new MessageSizeGuard(JSON, 5000);
        int allowed = 5000 - MessageSizeGuard.ENVELOPE_BYTES;
        assertThatThrownBy(() -> guard.requireFits(payloadOf(allowed + 1), "singularity.results", "job j shard 0"))
                .isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining("job j shard 0 for singularity.results is 3,977 bytes")
                .hasMessageContaining("3,976-byte message limit")
                .hasMessageContaining("smaller shards");
    }
}
