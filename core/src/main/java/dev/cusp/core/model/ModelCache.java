package dev.cusp.core.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps the most recently used models by SHA-256, fetching and loading a missing one through a function
 * and refusing bytes whose hash is not the one asked for.
 */
public final class ModelCache {
    private final int capacity;
    private final ModelLimits limits;
    private final Function<String, byte[]> fetch;
    private final Map<String, Classifier> models;

    public ModelCache(int capacity, ModelLimits limits, Function<String, byte[]> fetch) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.limits = limits;
        this.fetch = fetch;
        this.models = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The model with this SHA-256 (lower-case hex), from the cache or fetched, verified and loaded. */
    public Classifier get(String sha256) throws ModelRejectedException {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256: '" + sha256 + "'");
        }
        synchronized (models) {
            Classifier cached = models.get(sha256);
            if (cached != null) {
                return cached;
            }
        }
        byte[] bytes = fetch.apply(sha256);
        if (bytes == null) {
            throw new ModelRejectedException("no model with SHA-256 " + sha256 + " could be fetched");
        }
        String actual = Sha256.hex(bytes);
        if (!actual.equals(sha256)) {
            throw new ModelRejectedException("the fetched model bytes hash to " + actual + ", expected " + sha256);
        }
        Classifier loaded = ModelLoader.load(bytes, limits);
        synchronized (models) {
            Classifier raced = models.get(sha256);
            if (raced != null) {
                return raced;
            }
            models.put(sha256, loaded);
            while (models.size() > capacity) {
                models.remove(models.keySet().iterator().next());
            }
            return loaded;
        }
    }

    /** How many models are cached now. */
    public int size() {
        synchronized (models) {
            return models.size();
        }
    }
}
