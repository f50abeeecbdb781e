package dev.cusp.core.event;

import java.time.Instant;

/** Topic {@code model.registered}: a model was uploaded to the gateway and can be fetched by its SHA-256. */
public record ModelRegistered(
        int schemaVersion,
        String modelId,
        String name,
        String version,
        String format,
        String sha256,
        int[] inputShape,
        int classes,
        long parameters,
        Instant registeredAt) {
    public static final int SCHEMA_VERSION = 1;
}
