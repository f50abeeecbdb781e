package dev.cusp.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.Topics;
import dev.cusp.core.testing.LocalInfra;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * report-service across a real PostgreSQL outage: a result that arrives while the database is stopped is retried
 * with back-off and stored once the database is back, nothing dead-lettered; a bad event still goes to the DLQ on its
 * first failure. Retries are read from SmallRye Fault Tolerance's own metrics.
 */
@QuarkusTest
@WithTestResource(value = ReportInfra.class, scope = TestResourceScope.GLOBAL)
class DatabaseOutageTests {
    private static final String CONSUMER = "dev.cusp.report.messaging.AttackResultsConsumer.consume";
    private static final String DLQ = Topics.ATTACK_RESULTS + Topics.DLQ_SUFFIX;

    @Inject
    ObjectMapper mapper;

    @Inject
    MeterRegistry registry;

    LocalInfra infra;

    @Test
    void resultArrivingWhilePostgresIsDownIsStoredWhenItIsBackAndNothingIsDeadLettered() throws Exception {
        UUID id = UUID.randomUUID();
        AttackResults shard = SyntheticShards.attack(id, 0, 2, ReportFlowTests.SHARD_0, 5005);
        double retriesBefore = retries();
        RecordMetadata sent;
        infra.stopPostgres();
        try {
            sent = Records.send(Topics.ATTACK_RESULTS, id.toString(), mapper.writeValueAsString(shard));
            // The database stays down until the consumer has met it and retried twice (back-off 0.5 s, then 1 s).
            await().atMost(Records.TIMEOUT).until(() -> retries() >= retriesBefore + 2);
        } finally {
            infra.startPostgres();
        }

        Records.awaitConsumed(sent);
        given().get("/api/reports/" + id + "/examples").then().statusCode(200)
                .body("size()", equalTo(ReportFlowTests.SHARD_0.length))
                .body("[0].exampleIndex", equalTo(ReportFlowTests.SHARD_0[0]));
        given().get("/api/reports/" + id).then().statusCode(200).body("shardsDone", equalTo(0))
                .body("status", equalTo("pending"));
        assertThat(retries() - retriesBefore).as("retries while the database was down").isGreaterThanOrEqualTo(2);
        assertThat(Records.all(DLQ, id.toString())).isEmpty();
    }

    @Test
    void invalidResultGoesToTheDeadLetterQueueOnItsFirstFailure() throws Exception {
        UUID id = UUID.randomUUID();
        AttackResults invalid = SyntheticShards.attack(id, 5, 2, ReportFlowTests.SHARD_1, 6006);
        double retriesBefore = retries();
        double notRetryableBefore = notRetryable();

        Records.send(Topics.ATTACK_RESULTS, id.toString(), mapper.writeValueAsString(invalid));

        List<ConsumerRecord<String, String>> dead = Records.atLeast(DLQ, id.toString(), 1);
        assertThat(dead).hasSize(1);
        assertThat(Records.header(dead.get(0), "dead-letter-reason")).contains("shardNo 5 is not in [0, 2)");
        await().atMost(Records.TIMEOUT).until(() -> notRetryable() == notRetryableBefore + 1);
        assertThat(retries()).isEqualTo(retriesBefore);
    }

    /** Retries the fault-tolerance layer has made for the attack.results consumer so far. */
    private double retries() {
        Counter counter = registry.find("ft.retry.retries.total").tag("method", CONSUMER).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Calls of the attack.results consumer that failed with a failure it does not retry. */
    private double notRetryable() {
        Counter counter = registry.find("ft.retry.calls.total").tag("method", CONSUMER)
                .tag("retried", "false").tag("retryResult", "exceptionNotRetryable").counter();
        return counter == null ? 0 : counter.count();
    }
}
