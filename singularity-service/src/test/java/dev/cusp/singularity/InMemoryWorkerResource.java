package dev.cusp.singularity;

import dev.cusp.core.testing.ArtifactServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import java.util.HashMap;
import java.util.Map;

/** singularity-service with in-memory channels and a local artifact server in place of the gateway. */
public class InMemoryWorkerResource implements QuarkusTestResourceLifecycleManager {
    private ArtifactServer artifacts;

    @Override
    public Map<String, String> start() {
        artifacts = ArtifactServer.start();
        Map<String, String> config = new HashMap<>();
        config.putAll(InMemoryConnector.switchIncomingChannelsToInMemory("attack-results", "model-registered"));
        config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("singularity-results", "model-analysis"));
        config.put("cusp.gateway.url", artifacts.url());
        config.put("cusp.data.fashion-mnist-dir", TestData.fashionMnistDir().toString());
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(artifacts, new TestInjector.MatchesType(ArtifactServer.class));
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
        if (artifacts != null) {
            artifacts.close();
        }
    }
}
