package dev.cusp.gateway.service;

import dev.cusp.core.model.Classifier;
import dev.cusp.core.model.ModelLimits;
import dev.cusp.core.model.ModelLoader;
import dev.cusp.core.model.ModelRejectedException;
import dev.cusp.core.model.Sha256;
import dev.cusp.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.Response;

/**
 * Registers an uploaded model file: checks its size, returns the existing model for bytes already stored, otherwise
 * loads it with core's {@code ModelLoader} (which enforces the zip limits before DL4J sees it) and stores it.
 */
@ApplicationScoped
public class ModelRegistrar {
    /** Longest name or version accepted. */
    public static final int MAX_LABEL_LENGTH = 100;

    private final ModelService models;
    private final GatewayConfig config;

    ModelRegistrar(ModelService models, GatewayConfig config) {
        this.models = models;
        this.config = config;
    }

    public Registration register(byte[] bytes, String name, String version) {
        checkSize(bytes.length);
        String label = label("name", name);
        String release = label("version", version);
        String sha256 = Sha256.hex(bytes);
        var existing = models.findBySha256(sha256);
        if (existing.isPresent()) {
            return new Registration(existing.get(), false);
        }
        Classifier classifier = load(bytes);
        try {
            return new Registration(models.create(bytes, sha256, label, release, classifier), true);
        } catch (PersistenceException e) {
            // A concurrent upload of the same bytes won the unique SHA-256; answer with its model.
            return models.findBySha256(sha256).map(model -> new Registration(model, false)).orElseThrow(() -> e);
        }
    }

    /** Rejects a file over {@code cusp.gateway.max-model-bytes} with 413. */
    public void checkSize(long size) {
        long max = config.maxModelBytes();
        if (size > max) {
            throw new ClientErrorException("model file is " + size + " bytes; the limit is " + max
                    + " bytes (cusp.gateway.max-model-bytes)", Response.Status.REQUEST_ENTITY_TOO_LARGE);
        }
        if (size == 0) {
            throw new BadRequestException("model file is empty");
        }
    }

    private Classifier load(byte[] bytes) {
        ModelLimits limits = new ModelLimits(config.maxModelBytes(), config.maxModelEntries(),
                config.maxModelUncompressedBytes());
        try {
            return ModelLoader.load(bytes, limits);
        } catch (ModelRejectedException e) {
            Log.infof("model upload rejected: %s", e.getMessage());
            throw new BadRequestException("model rejected: " + e.getMessage());
        }
    }

    private static String label(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException("form field '" + field + "' is required");
        }
        String trimmed = value.strip();
        if (trimmed.length() > MAX_LABEL_LENGTH) {
            throw new BadRequestException("form field '" + field + "' is " + trimmed.length()
                    + " characters; the limit is " + MAX_LABEL_LENGTH);
        }
        return trimmed;
    }
}
