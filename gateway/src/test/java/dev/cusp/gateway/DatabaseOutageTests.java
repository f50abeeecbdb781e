package dev.cusp.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cusp.core.event.JobProgress;
import dev.cusp.core.event.ReportReady;
import dev.cusp.core.event.Topics;
import dev.cusp.core.testing.LocalInfra;
import dev.cusp.core.testing.TestModels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The gateway's consumers across a real PostgreSQL outage: a {@code job.progress} that arrives while the database is
 * stopped is retried with back-off and applied once the database is back, nothing dead-lettered; an invalid
 * {@code job.progress} or {@code report.ready} still goes to the DLQ on its first failure. Retries are read from
 * SmallRye Fault Tolerance's own metrics.
 */
@QuarkusTest
@WithTestResource(value = GatewayInfra.class, scope = TestResourceScope.GLOBAL)
class DatabaseOutageTests {
    private static final String PROGRESS = "dev.cusp.gateway.messaging.JobProgressConsumer.consume";
    private static final String READY = "dev.cusp.gateway.messaging.ReportReadyConsumer.consume";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    ObjectMapper mapper;

    @Inject
    MeterRegistry registry;

    LocalInfra infra;

    @Test
    void progressArrivingWhilePostgresIsDownIsAppliedWhenItIsBackAndNothingIsDeadLettered() throws Exception {
        String modelId = Api.modelId(TestModels.tinyMlpZip(302), "outage");
        String jobId = given().contentType(ContentType.JSON)
                .body(JobResourceTests.job(modelId, 200, 3, "\"fgsm\"", "\"linf\"", "0.05"))
                .post("/api/jobs").then().statusCode(202).extract().path("id");
        int total = given().get("/api/jobs/" + jobId).then().extract().path("shardsTotal");
        double retriesBefore = retries(PROGRESS);
        infra.stopPostgres();
        try {
            Records.send(Topics.JOB_PROGRESS, jobId, mapper.writeValueAsString(new JobProgress(
                    JobProgress.SCHEMA_VERSION, UUID.fromString(jobId), 1, total, JobProgress.RUNNING, Instant.now())));
            // The database stays down until the consumer has met it and retried twice (back-off 0.5 s, then 1 s).
            await().atMost(TIMEOUT).until(() -> retries(PROGRESS) >= retriesBefore + 2);
        } finally {
            infra.startPostgres();
        }

        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/api/jobs/" + jobId).then().statusCode(200)
                .body("shardsDone", equalTo(1)).body("status", equalTo("running")));
        assertThat(retries(PROGRESS) - retriesBefore).as("retries while the database was down")
                .isGreaterThanOrEqualTo(2);
        assertThat(Records.all(Topics.JOB_PROGRESS + Topics.DLQ_SUFFIX, jobId)).isEmpty();
    }

    @Test
    void invalidEventsGoToTheDeadLetterQueueOnTheirFirstFailure() throws Exception {
        String key = UUID.randomUUID().toString();
        double progressRetries = retries(PROGRESS);
        double readyRetries = retries(READY);
        double progressFinal = notRetryable(PROGRESS);
        double readyFinal = notRetryable(READY);

        Records.send(Topics.JOB_PROGRESS, key, mapper.writeValueAsString(new JobProgress(JobProgress.SCHEMA_VERSION,
                UUID.fromString(key), 1, 0, JobProgress.RUNNING, Instant.now())));
        Records.send(Topics.REPORT_READY, key, mapper.writeValueAsString(new ReportReady(ReportReady.SCHEMA_VERSION,
                null, "model", "sha", 64, 0.5, Map.of(), "fragile", Instant.now())));

        List<ConsumerRecord<String, String>> progress = Records.atLeast(Topics.JOB_PROGRESS + Topics.DLQ_SUFFIX, key, 1);
        assertThat(progress).hasSize(1);
        assertThat(Records.header(progress.get(0), "dead-letter-reason")).contains("invalid job.progress event");
        List<ConsumerRecord<String, String>> ready = Records.atLeast(Topics.REPORT_READY + Topics.DLQ_SUFFIX, key, 1);
        assertThat(ready).hasSize(1);
        assertThat(Records.header(ready.get(0), "dead-letter-reason")).contains("invalid report.ready event");
        await().atMost(TIMEOUT).until(() -> notRetryable(PROGRESS) == progressFinal + 1
                && notRetryable(READY) == readyFinal + 1);
        assertThat(retries(PROGRESS)).isEqualTo(progressRetries);
        assertThat(retries(READY)).isEqualTo(readyRetries);
    }

    /** Retries the fault-tolerance layer has made for this consumer method so far. */
    private double retries(String method) {
        Counter counter = registry.find("ft.retry.retries.total").tag("method", method).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Calls of this consumer method that failed with a failure it does not retry. */
    private double notRetryable(String method) {
        Counter counter = registry.find("ft.retry.calls.total").tag("method", method)
                .tag("retried", "false").tag("retryResult", "exceptionNotRetryable").counter();
        return counter == null ? 0 : counter.count();
    }
}
