package dev.cusp.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the report-service's REST API in the gateway's tests: answers what a test registered for a path
 * ({@code GET /api/reports/{jobId}}, a model's analysis, a job's slices), 404 with a JSON error otherwise. (The real
 * service is exercised by the end-to-end test.)
 */
public final class FakeReportService implements AutoCloseable {
    private static final Map<String, Answer> ANSWERS = new ConcurrentHashMap<>();

    private final HttpServer server;

    private FakeReportService(HttpServer server) {
        this.server = server;
    }

    private record Answer(String contentType, byte[] body) {
    }

    /** Makes the service answer {@code json} for the job's report. */
    public static void answer(UUID jobId, String json) {
        answer("/api/reports/" + jobId, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Makes the service answer {@code body} for {@code GET path}. */
    public static void answer(String path, String contentType, byte[] body) {
        ANSWERS.put(path, new Answer(contentType, body));
    }

    static FakeReportService start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/api/", exchange -> {
                Answer answer = ANSWERS.get(exchange.getRequestURI().getPath());
                int status = answer == null ? 404 : 200;
                byte[] bytes = answer == null
                        ? ("{\"error\":\"nothing at " + exchange.getRequestURI().getPath() + "\"}")
                                .getBytes(StandardCharsets.UTF_8)
                        : answer.body();
                exchange.getResponseHeaders().add("Content-Type",
                        answer == null ? "application/json" : answer.contentType());
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            return new FakeReportService(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
