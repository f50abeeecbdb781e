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
 * Stands in for the report-service's {@code GET /api/reports/{jobId}} in the gateway's tests: answers the JSON a
 * test registered for a job, 404 otherwise. (The real service is exercised by the end-to-end test.)
 */
public final class FakeReportService implements AutoCloseable {
    private static final Map<UUID, String> REPORTS = new ConcurrentHashMap<>();

    private final HttpServer server;

    private FakeReportService(HttpServer server) {
        this.server = server;
    }

    /** Makes the service answer {@code json} for the job. */
    public static void answer(UUID jobId, String json) {
        REPORTS.put(jobId, json);
    }

    static FakeReportService start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/api/reports/", exchange -> {
                String id = exchange.getRequestURI().getPath().substring("/api/reports/".length());
                String body = REPORTS.get(UUID.fromString(id));
                int status = body == null ? 404 : 200;
                byte[] bytes = (body == null ? "{\"error\":\"no results for job " + id + "\"}" : body)
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
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
