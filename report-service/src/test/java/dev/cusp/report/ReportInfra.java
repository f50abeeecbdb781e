package dev.cusp.report;

import dev.cusp.core.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real Kafka broker and a real PostgreSQL ({@link LocalInfra}) for the report-service's tests, once per JVM. */
public class ReportInfra implements QuarkusTestResourceLifecycleManager {
    private LocalInfra infra;

    @Override
    public Map<String, String> start() {
        infra = LocalInfra.start(true, true);
        return Map.of(
                "kafka.bootstrap.servers", infra.bootstrapServers(),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl(),
                "quarkus.datasource.username", infra.jdbcUser(),
                "quarkus.datasource.password", infra.jdbcPassword());
    }

    @Override
    public void stop() {
        if (infra != null) {
            infra.close();
        }
    }
}
