package dev.cusp.gateway;

import dev.cusp.core.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real Kafka broker and a real PostgreSQL ({@link LocalInfra}) and a stand-in report-service for the gateway's
 * tests, started once per test JVM.
 */
public class GatewayInfra implements QuarkusTestResourceLifecycleManager {
    private LocalInfra infra;
    private FakeReportService reports;

    @Override
    public Map<String, String> start() {
        infra = LocalInfra.start(true, true);
        reports = FakeReportService.start();
        return Map.of(
                "kafka.bootstrap.servers", infra.bootstrapServers(),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl(),
                "quarkus.datasource.username", infra.jdbcUser(),
                "quarkus.datasource.password", infra.jdbcPassword(),
                "cusp.report-service.url", reports.url());
    }

    @Override
    public void stop() {
        if (reports != null) {
            reports.close();
        }
        if (infra != null) {
            infra.close();
        }
    }
}
