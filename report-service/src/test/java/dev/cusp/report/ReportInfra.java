package dev.cusp.report;

import dev.cusp.core.event.Topics;
import dev.cusp.core.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real Kafka broker and a real PostgreSQL ({@link LocalInfra}) for the report-service's tests, once per JVM. */
public class ReportInfra implements QuarkusTestResourceLifecycleManager {
    private LocalInfra infra;

    @Override
    public Map<String, String> start() {
        infra = LocalInfra.start(true, true);
        createTopics(infra.bootstrapServers());
        return Map.of(
                "kafka.bootstrap.servers", infra.bootstrapServers(),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl(),
                "quarkus.datasource.username", infra.jdbcUser(),
                "quarkus.datasource.password", infra.jdbcPassword());
    }

    /** Hands the servers to a test field of type {@link LocalInfra} (to stop and start PostgreSQL). */
    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(infra, new TestInjector.MatchesType(LocalInfra.class));
    }

    @Override
    public void stop() {
        if (infra != null) {
            infra.close();
        }
    }

    /** Creates the topics up front (2 partitions each, and their DLQs) so that consumers are assigned at once. */
    private static void createTopics(String bootstrapServers) {
        Map<String, Integer> topics = new HashMap<>();
        for (String topic : List.of(Topics.ANALYSIS_REQUESTED, Topics.ATTACK_RESULTS, Topics.SINGULARITY_RESULTS, Topics.JOB_PROGRESS,
                Topics.REPORT_READY, Topics.MODEL_ANALYSIS)) {
            topics.put(topic, 2);
            topics.put(topic + Topics.DLQ_SUFFIX, 1);
        }
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            kafka.topics().create(topics);
        }
    }
}
