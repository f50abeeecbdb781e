package dev.cusp.singularity.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cusp.singularity.config.SingularityServiceConfig;
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
    ArtifactClient artifactClient(SingularityServiceConfig config) {
        SingularityServiceConfig.Gateway gateway = config.gateway();
        return new ArtifactClient(gateway.url(), gateway.connectTimeout(), gateway.requestTimeout(),
                ModelLimits.defaults().maxBytes());
    }

    @Produces
    @Singleton
    ModelCache modelCache(SingularityServiceConfig config, ArtifactClient artifacts) {
        return new ModelCache(config.models().cacheSize(), ModelLimits.defaults(), artifacts::fetch);
    }

    @Produces
    @Singleton
    DatasetLoader datasetLoader(SingularityServiceConfig config) {
        return new DatasetLoader(Path.of(config.data().fashionMnistDir()));
    }

    @Produces
    @Singleton
    MessageSizeGuard messageSizeGuard(ObjectMapper json, SingularityServiceConfig config) {
        return new MessageSizeGuard(json::writeValueAsBytes, config.messaging().maxMessageBytes());
    }
}
