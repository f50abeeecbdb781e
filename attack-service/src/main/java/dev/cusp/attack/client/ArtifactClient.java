package dev.cusp.attack.client;

import dev.cusp.attack.config.AttackServiceConfig;
import dev.cusp.core.model.ModelLimits;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
 * Fetches model bytes from the gateway by SHA-256 ({@code GET {cusp.gateway.url}/api/artifacts/{sha256}}), reading
 * at most {@link ModelLimits#maxBytes()} of the body. Network errors and 5xx answers are retried a few times; a 404
 * means the gateway does not know the hash and fails at once.
 */
@ApplicationScoped
public class ArtifactClient {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    private final HttpClient http;
    private final String baseUrl;
    private final Duration requestTimeout;
    private final int attempts;
    private final long maxBytes;

    @Inject
    public ArtifactClient(AttackServiceConfig config) {
        this(config.gateway().url(), config.gateway().connectTimeout(), config.gateway().requestTimeout(),
                config.gateway().fetchAttempts(), ModelLimits.defaults().maxBytes());
    }

    ArtifactClient(URI gateway, Duration connectTimeout, Duration requestTimeout, int attempts, long maxBytes) {
        if (attempts < 1) {
            throw new IllegalArgumentException("cusp.gateway.fetch-attempts must be at least 1, got " + attempts);
        }
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.baseUrl = gateway.toString().replaceAll("/+$", "");
        this.requestTimeout = requestTimeout;
        this.attempts = attempts;
        this.maxBytes = maxBytes;
    }

    /** The model bytes stored under {@code sha256}; throws {@link ModelFetchException} saying why not. */
    public byte[] fetch(String sha256) {
        if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
            throw new ModelFetchException("a model hash must be 64 lower-case hex digits, got '" + sha256 + "'");
        }
        URI uri = URI.create(baseUrl + "/api/artifacts/" + sha256);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                return fetchOnce(request, sha256);
            } catch (RetryableFetchException | IOException e) {
                if (attempt == attempts) {
                    throw new ModelFetchException("could not fetch model " + sha256 + " from " + uri + " after "
                            + attempts + " attempt(s): " + describe(e), e);
                }
                Log.warnf("fetching model %s from %s failed (attempt %d of %d, retrying in %d ms): %s",
                        sha256, uri, attempt, attempts, backoff.toMillis(), describe(e));
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelFetchException("interrupted while fetching model " + sha256 + " from " + uri, e);
            }
        }
    }

    private byte[] fetchOnce(HttpRequest request, String sha256)
            throws IOException, InterruptedException, RetryableFetchException {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 404) {
                throw new ModelFetchException("the gateway has no model with SHA-256 " + sha256
                        + " (404 from " + request.uri() + ")");
            }
            if (status >= 500) {
                throw new RetryableFetchException("the gateway answered " + status + " for " + request.uri());
            }
            if (status != 200) {
                throw new ModelFetchException("the gateway answered " + status + " for " + request.uri());
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw new ModelFetchException(String.format(Locale.ROOT,
                        "model %s is %,d bytes, over the %,d-byte model limit",
                        sha256, declared, maxBytes));
            }
            byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new ModelFetchException(String.format(Locale.ROOT, "model %s is over the %,d-byte model limit",
                        sha256, maxBytes));
            }
            return bytes;
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelFetchException("interrupted while waiting to retry a model fetch", e);
        }
    }

    /** A failure worth another attempt (5xx). */
    private static final class RetryableFetchException extends Exception {
        RetryableFetchException(String message) {
            super(message);
        }
    }
}
