package dev.cusp.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cusp.core.testing.ArtifactServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway client: bytes by hash in one request, clear errors, and each failure sorted as transient (worth a
 * retry: no connection, 5xx) or final (404, other 4xx, over the limit, malformed hash).
 */
class ArtifactClientTest {
    private static final String SHA = "a".repeat(64);
    private static final byte[] BYTES = {1, 2, 3, 4, 5};

    private ArtifactServer server;

    @BeforeEach
    void start() {
        server = ArtifactServer.start();
        server.put(SHA, BYTES);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static ArtifactClient client(String url, long maxBytes) {
        return new ArtifactClient(URI.create(url), Duration.ofSeconds(2), Duration.ofSeconds(5), maxBytes);
    }

    @Test
    void fetchesTheBytesStoredUnderTheHash() {
        assertThat(client(server.url() + "/", 100).fetch(SHA)).isEqualTo(BYTES);
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void unknownHashIsAFinalFailureNamingTheHashAnd404() {
        String unknown = "b".repeat(64);
        assertThatThrownBy(() -> client(server.url(), 100).fetch(unknown))
                .isExactlyInstanceOf(ModelFetchException.class)
                .hasMessageContaining(unknown)
                .hasMessageContaining("404");
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void serverErrorIsATransientFailureNamingTheStatus() {
        server.failNext(1, 503);
        assertThatThrownBy(() -> client(server.url(), 100).fetch(SHA))
                .isExactlyInstanceOf(GatewayUnavailableException.class)
                .hasMessageContaining("503")
                .hasMessageContaining("/api/artifacts/" + SHA);
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void theNextFetchAfterAServerErrorGetsTheBytes() {
        server.failNext(1, 500);
        ArtifactClient client = client(server.url(), 100);
        assertThatThrownBy(() -> client.fetch(SHA)).isInstanceOf(GatewayUnavailableException.class);
        assertThat(client.fetch(SHA)).isEqualTo(BYTES);
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void otherClientErrorsAreFinalFailures() {
        server.failNext(1, 403);
        assertThatThrownBy(() -> client(server.url(), 100).fetch(SHA))
                .isExactlyInstanceOf(ModelFetchException.class)
                .hasMessageContaining("403");
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void unreachableGatewayIsATransientFailureNamingTheUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;
        assertThatThrownBy(() -> client(url, 100).fetch(SHA))
                .isExactlyInstanceOf(GatewayUnavailableException.class)
                .hasMessageContaining(url + "/api/artifacts/" + SHA);
    }

    @Test
    void bodyOverTheModelLimitIsRefused() {
        assertThatThrownBy(() -> client(server.url(), BYTES.length - 1).fetch(SHA))
                .isExactlyInstanceOf(ModelFetchException.class)
                .hasMessageContaining("over the 4-byte model limit");
    }

    @Test
    void malformedHashIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> client(server.url(), 100).fetch("../../etc/passwd"))
                .isExactlyInstanceOf(ModelFetchException.class)
                .hasMessageContaining("64 lower-case hex digits")
                .hasMessageContaining("../../etc/passwd");
        assertThat(server.requests()).isZero();
    }

    @Test
    void modelLimitBelowOneByteIsRefusedWithTheValue() {
        assertThatThrownBy(() -> client(server.url(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }
}
