package dev.cusp.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** The REST calls the suite test makes: the gateway's public API and the report-service's reads. */
final class SuiteClient {
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String gateway;
    private final String reportService;

    SuiteClient(String gateway, String reportService) {
        this.gateway = gateway;
        this.reportService = reportService;
    }

    /** {@code POST /api/models} (multipart): the gateway's {@code ModelView}. */
    JsonNode uploadModel(byte[] zip, String name, String version) {
        String boundary = "cusp-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "name", null, name.getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "version", null, version.getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "file", name + ".zip", zip);
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/api/models"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        return expect(send(request), 201, 200);
    }

    /** {@code POST /api/jobs}: the gateway's {@code JobView}. */
    JsonNode submitJob(Object job) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/api/jobs"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(job)))
                    .build();
            return expect(send(request), 202);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code POST /api/jobs} whatever it answers: for requests the gateway must refuse. */
    HttpResponse<String> trySubmitJob(Object job) {
        try {
            return send(HttpRequest.newBuilder(URI.create(gateway + "/api/jobs"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(job)))
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode job(String jobId) {
        return expect(send(get(gateway + "/api/jobs/" + jobId)), 200);
    }

    /** {@code GET /api/jobs}: every job the gateway has stored. */
    JsonNode jobs() {
        return expect(send(get(gateway + "/api/jobs")), 200);
    }

    /** {@code GET} of a gateway path whatever it answers. */
    HttpResponse<String> gatewayGet(String path) {
        return send(get(gateway + path));
    }

    /** {@code GET /api/models/{id}/analysis} through the gateway; empty while singularity-service has not analysed it. */
    Optional<JsonNode> modelAnalysis(String modelId) {
        HttpResponse<String> response = send(get(gateway + "/api/models/" + modelId + "/analysis"));
        return response.statusCode() == 404 ? Optional.empty() : Optional.of(expect(response, 200));
    }

    /** {@code GET /api/jobs/{id}/slices} through the gateway: the job's slice pictures with links. */
    JsonNode slices(String jobId) {
        return expect(send(get(gateway + "/api/jobs/" + jobId + "/slices")), 200);
    }

    /** {@code GET} of a gateway path that must answer 200 with a body of {@code contentType}; the bytes. */
    byte[] gatewayBytes(String path, String contentType) {
        HttpRequest request = get(gateway + path);
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + request.uri() + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith(contentType)) {
                throw new AssertionError("GET " + request.uri() + " answered Content-Type '" + type + "', expected "
                        + contentType);
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code GET /api/jobs/{id}/report} through the gateway; empty while the report is not ready (404). */
    Optional<JsonNode> report(String jobId) {
        HttpResponse<String> response = send(get(gateway + "/api/jobs/" + jobId + "/report"));
        return response.statusCode() == 404 ? Optional.empty() : Optional.of(expect(response, 200));
    }

    /** The report-service's per-example rows of a job. */
    JsonNode exampleRows(String jobId) {
        return expect(send(get(reportService + "/api/reports/" + jobId + "/examples")), 200);
    }

    /** The report-service's per-example rows of a job as CSV ({@code ?format=csv}). */
    String exampleCsv(String jobId) {
        HttpResponse<String> response = send(get(reportService + "/api/reports/" + jobId + "/examples?format=csv"));
        if (response.statusCode() != 200 || !response.headers().firstValue("Content-Type").orElse("").startsWith("text/csv")) {
            throw new AssertionError("GET " + response.uri() + " answered " + response.statusCode() + " "
                    + response.headers().firstValue("Content-Type").orElse("(no type)") + ": " + response.body());
        }
        return response.body();
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode expect(HttpResponse<String> response, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                try {
                    return JSON.readTree(response.body());
                } catch (IOException e) {
                    throw new UncheckedIOException("not JSON from " + response.uri() + ": " + response.body(), e);
                }
            }
        }
        throw new AssertionError(response.request().method() + " " + response.uri() + " answered "
                + response.statusCode() + ": " + response.body());
    }

    private static void part(ByteArrayOutputStream out, String boundary, String name, String filename, byte[] content) {
        String header = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"\r\nContent-Type: application/octet-stream")
                + "\r\n\r\n";
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
}
