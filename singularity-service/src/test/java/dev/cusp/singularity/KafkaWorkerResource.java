package dev.cusp.singularity;

import dev.cusp.core.testing.ArtifactServer;
import dev.cusp.core.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** singularity-service against a real Kafka broker (LocalInfra) and a local artifact server in place of the gateway. */
public class KafkaWorkerResource implements QuarkusTestResourceLifecycleManager {
    private LocalInfra infra;
    private ArtifactServer artifacts;

    @Override
    public Map<String, String> start() {
        String dataDir = TestData.fashionMnistDir().toString();
        infra = LocalInfra.start(true, false);
        artifacts = ArtifactServer.start();
        return Map.of(
                "kafka.bootstrap.servers", infra.bootstrapServers(),
                "cusp.gateway.url", artifacts.url(),
                "cusp.data.fashion-mnist-dir", dataDir);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(artifacts, new TestInjector.MatchesType(ArtifactServer.class));
    }

    @Override
    public void stop() {
        if (artifacts != null) {
            artifacts.close();
        }
        if (infra != null) {
            infra.close();
        }
    }
}
