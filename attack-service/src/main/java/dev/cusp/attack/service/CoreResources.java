package dev.cusp.attack.service;

import dev.cusp.attack.client.ArtifactClient;
import dev.cusp.attack.config.AttackServiceConfig;
import dev.cusp.core.data.DatasetLoader;
import dev.cusp.core.model.ModelCache;
import dev.cusp.core.model.ModelLimits;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** The core objects shared by every shard: the model cache (fed by the gateway) and the data set loader. */
@Singleton
public class CoreResources {

    @Produces
    @Singleton
    ModelCache modelCache(AttackServiceConfig config, ArtifactClient artifacts) {
        return new ModelCache(config.models().cacheSize(), ModelLimits.defaults(), artifacts::fetch);
    }

    @Produces
    @Singleton
    DatasetLoader datasetLoader(AttackServiceConfig config) {
        return new DatasetLoader(Path.of(config.data().fashionMnistDir()));
    }
}
