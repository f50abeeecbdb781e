package dev.cusp.singularity.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cusp.singularity.ArtifactServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway client: bytes by hash, clear errors for 404, refusals and limits, retries only what may pass. */
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

    private ArtifactClient client(String url, int attempts, long maxBytes) {
        return new ArtifactClient(URI.create(url), Duration.ofSeconds(2), Duration.ofSeconds(5), attempts, maxBytes);
    }

    @Test
    void fetchesTheBytesStoredUnderTheHash() {
        assertThat(client(server.url() + "/", 1, 100).fetch(SHA)).isEqualTo(BYTES);
    }

    @Test
    void unknownHashFailsAtOnceNamingTheHashAnd404() {
        String unknown = "b".repeat(64);
        assertThatThrownBy(() -> client(server.url(), 3, 100).fetch(unknown))
                .isInstanceOf(ModelFetchException.class)
                .hasMessageContaining(unknown)
                .hasMessageContaining("404");
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetriedUntilTheBytesArrive() {
        server.failNext(2, 503);
        assertThat(client(server.url(), 3, 100).fetch(SHA)).isEqualTo(BYTES);
        assertThat(server.requests()).isEqualTo(3);
    }

    @Test
    void serverErrorsBeyondTheAttemptsFailWithTheStatus() {
        server.failNext(2, 500);
        assertThatThrownBy(() -> client(server.url(), 2, 100).fetch(SHA))
                .isInstanceOf(ModelFetchException.class)
                .hasMessageContaining("after 2 attempt(s)")
                .hasMessageContaining("500");
    }

    @Test
    void otherClientErrorsAreNotRetried() {
        server.failNext(1, 403);
        assertThatThrownBy(() -> client(server.url(), 3, 100).fetch(SHA))
                .isInstanceOf(ModelFetchException.class)
                .hasMessageContaining("403");
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void unreachableGatewayFailsNamingTheUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;
        assertThatThrownBy(() -> client(url, 1, 100).fetch(SHA))
                .isInstanceOf(ModelFetchException.class)
                .hasMessageContaining(url + "/api/artifacts/" + SHA);
    }

    @Test
    void bodyOverTheModelLimitIsRefused() {
        assertThatThrownBy(() -> client(server.url(), 1, BYTES.length - 1).fetch(SHA))
                .isInstanceOf(ModelFetchException.class)
                .hasMessageContaining("over the 4-byte model limit");
    }

    @Test
    void malformedHashIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> client(server.url(), 1, 100).fetch("../../etc/passwd"))
                .isInstanceOf(ModelFetchException.class)
                .hasMessageContaining("64 lower-case hex digits")
                .hasMessageContaining("../../etc/passwd");
        assertThat(server.requests()).isZero();
    }
}
