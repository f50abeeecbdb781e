package dev.cusp.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the gateway's artifact endpoint in tests: serves registered bytes at {@code /api/artifacts/{sha256}}
 * on a free 127.0.0.1 port, 404 for anything else; can be told to answer the next requests with an error status.
 */
public final class ArtifactServer implements AutoCloseable {
    private static final String PREFIX = "/api/artifacts/";

    private final HttpServer server;
    private final Map<String, byte[]> artifacts = new ConcurrentHashMap<>();
    private final Queue<Integer> scriptedStatuses = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();

    private ArtifactServer(HttpServer server) {
        this.server = server;
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    public static ArtifactServer start() {
        try {
            return new ArtifactServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves {@code bytes} under {@code sha256} (which need not be their hash: tests use that for mismatches). */
    public void put(String sha256, byte[] bytes) {
        artifacts.put(sha256, bytes);
    }

    /** Answers the next {@code times} requests with {@code status} and no body. */
    public void failNext(int times, int status) {
        for (int i = 0; i < times; i++) {
            scriptedStatuses.add(status);
        }
    }

    /** Forgets the error answers still scripted. */
    public void clearFailures() {
        scriptedStatuses.clear();
    }

    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            Integer scripted = scriptedStatuses.poll();
            if (scripted != null) {
                exchange.sendResponseHeaders(scripted, -1);
                return;
            }
            byte[] bytes = artifacts.get(exchange.getRequestURI().getPath().substring(PREFIX.length()));
            if (bytes == null || !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
