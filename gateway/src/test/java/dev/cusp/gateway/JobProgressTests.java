package dev.cusp.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cusp.core.event.JobProgress;
import dev.cusp.core.event.ReportReady;
import dev.cusp.core.event.Topics;
import dev.cusp.core.testing.TestModels;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = GatewayInfra.class, scope = TestResourceScope.GLOBAL)
class JobProgressTests {
    @Inject
    ObjectMapper mapper;

    @TestHTTPResource("/api/jobs/")
    URI jobs;

    static final byte[] MODEL = TestModels.tinyMlpZip(301);

    String modelId;

    @BeforeEach
    void uploadModel() {
        modelId = Api.modelId(MODEL, "progress");
    }

    @Test
    void progressMovesAJobForwardAndNeverBack() throws Exception {
        String jobId = submit();
        int total = given().get("/api/jobs/" + jobId).then().extract().path("shardsTotal");

        progress(jobId, 2, total, JobProgress.RUNNING);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/jobs/" + jobId).then()
                .body("shardsDone", equalTo(2)).body("status", equalTo("running")));

        String before = given().get("/api/jobs/" + jobId).then().extract().path("updatedAt");
        progress(jobId, 1, total, JobProgress.RUNNING);
        awaitUpdatedAfter(jobId, before);
        given().get("/api/jobs/" + jobId).then().body("shardsDone", equalTo(2)).body("status", equalTo("running"));

        send(Topics.REPORT_READY, jobId, new ReportReady(ReportReady.SCHEMA_VERSION, UUID.fromString(jobId), modelId,
                "sha", 64, 0.75, Map.of("fgsm/linf/0.1", 0.25), "fragile", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/jobs/" + jobId).then()
                .body("status", equalTo("done")).body("shardsDone", equalTo(total))
                .body("verdict", equalTo("fragile")).body("cleanAccuracy", equalTo(0.75f)));

        before = given().get("/api/jobs/" + jobId).then().extract().path("updatedAt");
        progress(jobId, 1, total, JobProgress.RUNNING);
        awaitUpdatedAfter(jobId, before);
        given().get("/api/jobs/" + jobId).then().body("status", equalTo("done")).body("shardsDone", equalTo(total));
    }

    @Test
    void theProgressStreamFollowsTheJobUntilItIsDone() throws Exception {
        String jobId = submit();
        int total = given().get("/api/jobs/" + jobId).then().extract().path("shardsTotal");
        List<String> events = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(jobs.resolve(jobId + "/progress"))
                .header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Void>> stream = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenApply(response -> {
                    response.body().filter(line -> line.startsWith("data:")).forEach(events::add);
                    return null;
                });

        await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().anyMatch(e -> e.contains("\"submitted\"")));
        progress(jobId, 1, total, JobProgress.RUNNING);
        await().atMost(Duration.ofSeconds(30)).until(() -> events.stream()
                .anyMatch(e -> e.contains("\"shardsDone\":1") && e.contains("\"running\"")));
        progress(jobId, total, total, JobProgress.DONE);

        stream.get(30, TimeUnit.SECONDS);
        JobProgress last = mapper.readValue(events.get(events.size() - 1).substring("data:".length()),
                JobProgress.class);
        assertThat(last.phase()).isEqualTo("done");
        assertThat(last.shardsDone()).isEqualTo(total);
        assertThat(last.jobId()).hasToString(jobId);
    }

    @Test
    void thereportIsPassedThroughOnceTheReportServiceHasIt() {
        String jobId = submit();
        given().get("/api/jobs/" + jobId + "/report").then().statusCode(404)
                .body("error", containsString("is not ready: no results have reached the report service yet"));

        FakeReportService.answer(UUID.fromString(jobId),
                "{\"jobId\":\"" + jobId + "\",\"status\":\"running\",\"shardsDone\":1,\"report\":null}");
        given().get("/api/jobs/" + jobId + "/report").then().statusCode(404)
                .body("error", containsString("is not ready: its report is not built yet"));

        FakeReportService.answer(UUID.fromString(jobId), "{\"jobId\":\"" + jobId
                + "\",\"status\":\"done\",\"report\":{\"examples\":64,\"cleanAccuracy\":0.5}}");
        given().get("/api/jobs/" + jobId + "/report").then().statusCode(200)
                .body("status", equalTo("done")).body("report.examples", equalTo(64))
                .body("report.cleanAccuracy", equalTo(0.5f));
    }

    @Test
    void aPoisonProgressRecordGoesToTheDeadLetterTopicAndLaterRecordsStillApply() throws Exception {
        String jobId = submit();
        int total = given().get("/api/jobs/" + jobId).then().extract().path("shardsTotal");
        Records.send(Topics.JOB_PROGRESS, jobId, "{this is not json");
        progress(jobId, 1, total, JobProgress.RUNNING);

        assertThat(Records.atLeast(Topics.JOB_PROGRESS + Topics.DLQ_SUFFIX, jobId, 1).get(0).value())
                .isEqualTo("{this is not json");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/jobs/" + jobId).then()
                .body("shardsDone", equalTo(1)));
    }

    private String submit() {
        return given().contentType(ContentType.JSON)
                .body(JobResourceTests.job(modelId, 200, 3, "\"fgsm\"", "\"linf\"", "0.05"))
                .post("/api/jobs").then().statusCode(202).extract().path("id");
    }

    private void progress(String jobId, int done, int total, String phase) throws Exception {
        send(Topics.JOB_PROGRESS, jobId, new JobProgress(JobProgress.SCHEMA_VERSION, UUID.fromString(jobId), done,
                total, phase, Instant.now()));
    }

    private void send(String topic, String jobId, Object event) throws Exception {
        Records.send(topic, jobId, mapper.writeValueAsString(event));
    }

    private static void awaitUpdatedAfter(String jobId, String before) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !before.equals(
                given().get("/api/jobs/" + jobId).then().extract().path("updatedAt")));
    }
}
