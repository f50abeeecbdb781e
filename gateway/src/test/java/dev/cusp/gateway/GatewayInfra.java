package dev.cusp.gateway;

import dev.cusp.core.event.Topics;
import dev.cusp.core.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.HashMap;
import java.util.List;
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
        createTopics(infra.bootstrapServers());
        reports = FakeReportService.start();
        return Map.of(
                "kafka.bootstrap.servers", infra.bootstrapServers(),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl(),
                "quarkus.datasource.username", infra.jdbcUser(),
                "quarkus.datasource.password", infra.jdbcPassword(),
                "cusp.report-service.url", reports.url());
    }

    /** Hands the servers to a test field of type {@link LocalInfra} (to stop and start PostgreSQL). */
    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(infra, new TestInjector.MatchesType(LocalInfra.class));
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

    /** Creates the topics up front (2 partitions each, and their DLQs) so that consumers are assigned at once. */
    private static void createTopics(String bootstrapServers) {
        Map<String, Integer> topics = new HashMap<>();
        for (String topic : List.of(Topics.MODEL_REGISTERED, Topics.ANALYSIS_REQUESTED, Topics.ATTACK_TASKS, Topics.JOB_PROGRESS, Topics.REPORT_READY)) {
            topics.put(topic, 2);
            topics.put(topic + Topics.DLQ_SUFFIX, 1);
        }
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            kafka.topics().create(topics);
        }
    }
}
