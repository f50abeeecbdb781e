package dev.cusp.gateway.rest;

import dev.cusp.gateway.Model;
import java.time.Instant;
import java.util.UUID;

/** A model as the API shows it. */
public record ModelView(
        UUID id,
        String name,
        String version,
        String format,
        String sha256,
        int[] inputShape,
        int classes,
        long parameters,
        long sizeBytes,
        Instant createdAt) {

    public static ModelView of(Model model) {
        return new ModelView(model.id, model.name, model.version, model.format, model.sha256, model.inputShape,
                model.classes, model.parameters, model.sizeBytes, model.createdAt);
    }
}
