package dev.cusp.core.worker;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Fetches model bytes from the gateway by SHA-256 ({@code GET {gateway}/api/artifacts/{sha256}}), reading at most
 * {@code maxBytes} of the body, in one attempt. It sorts failures for the caller's retry policy: no connection, a
 * timeout or a 5xx answer is a {@link GatewayUnavailableException} (worth another try later); an unknown hash, any
 * other refusal or an oversized body is a {@link ModelFetchException} (the same answer every time).
 */
public final class ArtifactClient {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final HttpClient http;
    private final String baseUrl;
    private final Duration requestTimeout;
    private final long maxBytes;

    public ArtifactClient(URI gateway, Duration connectTimeout, Duration requestTimeout, long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the model limit must be at least 1 byte, got " + maxBytes);
        }
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.baseUrl = gateway.toString().replaceAll("/+$", "");
        this.requestTimeout = requestTimeout;
        this.maxBytes = maxBytes;
    }

    /** The model bytes stored under {@code sha256}; throws saying why not (see the class comment for which type). */
    public byte[] fetch(String sha256) {
        if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
            throw new ModelFetchException("a model hash must be 64 lower-case hex digits, got '" + sha256 + "'");
        }
        URI uri = URI.create(baseUrl + "/api/artifacts/" + sha256);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new GatewayUnavailableException("could not fetch model " + sha256 + " from " + uri + ": "
                    + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayUnavailableException("interrupted while fetching model " + sha256 + " from " + uri, e);
        }
        try (InputStream body = response.body()) {
            return read(response, body, sha256);
        } catch (IOException e) {
            throw new GatewayUnavailableException("the body of model " + sha256 + " from " + uri + " broke off: "
                    + describe(e), e);
        }
    }

    private byte[] read(HttpResponse<InputStream> response, InputStream body, String sha256) throws IOException {
        int status = response.statusCode();
        URI uri = response.request().uri();
        if (status == 404) {
            throw new ModelFetchException("the gateway has no model with SHA-256 " + sha256 + " (404 from " + uri + ")");
        }
        if (status >= 500) {
            throw new GatewayUnavailableException("the gateway answered " + status + " for " + uri);
        }
        if (status != 200) {
            throw new ModelFetchException("the gateway answered " + status + " for " + uri);
        }
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > maxBytes) {
            throw new ModelFetchException(String.format(Locale.ROOT,
                    "model %s is %,d bytes, over the %,d-byte model limit", sha256, declared, maxBytes));
        }
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw new ModelFetchException(String.format(Locale.ROOT, "model %s is over the %,d-byte model limit",
                    sha256, maxBytes));
        }
        return bytes;
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
