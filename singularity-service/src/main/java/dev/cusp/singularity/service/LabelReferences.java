package dev.cusp.singularity.service;

import dev.cusp.core.data.LabeledData;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.job.LabelReference;
import dev.cusp.core.model.Classifier;
import dev.cusp.singularity.config.SingularityServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The label rules' reference populations ({@link LabelReference}), one per model and data set, computed on first use
 * and kept for the most recently used {@code cusp.models.cache-size} pairs: every shard of every job on the same model
 * and data set is labelled against the same quantiles.
 */
@ApplicationScoped
public class LabelReferences {
    private final Map<String, LabelReference> cache;

    @Inject
    public LabelReferences(SingularityServiceConfig config) {
        this(config.models().cacheSize());
    }

    LabelReferences(int capacity) {
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LabelReference> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized LabelReference of(String modelSha256, DatasetRef dataset, Classifier model, LabeledData data) {
        String key = modelSha256 + "/" + dataset.name() + "/" + dataset.split();
        LabelReference reference = cache.get(key);
        if (reference == null) {
            reference = LabelReference.of(model, data);
            cache.put(key, reference);
        }
        return reference;
    }
}
