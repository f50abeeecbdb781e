package dev.cusp.attack.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cusp.attack.config.AttackServiceConfig;
import dev.cusp.core.data.DatasetLoader;
import dev.cusp.core.model.ModelCache;
import dev.cusp.core.model.ModelLimits;
import dev.cusp.core.worker.ArtifactClient;
import dev.cusp.core.worker.MessageSizeGuard;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** Core's worker objects built from this service's settings: model source and cache, data sets, message limit. */
@Singleton
public class CoreResources {

    @Produces
    @Singleton
    ArtifactClient artifactClient(AttackServiceConfig config) {
        AttackServiceConfig.Gateway gateway = config.gateway();
        return new ArtifactClient(gateway.url(), gateway.connectTimeout(), gateway.requestTimeout(),
                ModelLimits.defaults().maxBytes());
    }

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

    @Produces
    @Singleton
    MessageSizeGuard messageSizeGuard(ObjectMapper json, AttackServiceConfig config) {
        return new MessageSizeGuard(json::writeValueAsBytes, config.messaging().maxMessageBytes());
    }
}
