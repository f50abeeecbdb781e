package dev.cusp.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cusp.core.event.ModelAnalysis;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.event.SlicePicture;
import dev.cusp.core.event.Topics;
import dev.cusp.core.job.JobReport;
import dev.cusp.core.job.ReportAggregator;
import dev.cusp.core.job.SingularityAggregator;
import dev.cusp.core.job.SingularityReport;
import dev.cusp.report.service.SingularityReports;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * The schema-version-2 singularity analysis through the report-service on a real broker and database: every stored
 * point reads back as sent, the job's singularity report is what core's aggregator computes from the same events,
 * slice pictures and model analyses are served, redeliveries change nothing.
 */
@QuarkusTest
@WithTestResource(value = ReportInfra.class, scope = TestResourceScope.GLOBAL)
class SingularityFlowTests {
    static final List<String> TABLES = List.of("point_geometry", "point_analysis", "shard_analysis", "slice_pictures",
            "singularity_reports", "reports");

    @Inject
    ObjectMapper mapper;

    @Inject
    AgroalDataSource db;

    @Test
    void everyPointIsStoredAndTheSingularityReportIsWhatCoreAggregates() throws Exception {
        AnalysedShards.Job job = AnalysedShards.job();
        publish(job);
        JsonNode view = awaitReport(job.id());

        // the points read back field by field as the worker sent them (NaN and ±∞ included), in arrival order
        List<PointGeometry> sent = job.points();
        String examples = given().get("/api/reports/" + job.id() + "/examples").then().statusCode(200)
                .extract().asString();
        List<PointGeometry> stored = new ArrayList<>();
        for (JsonNode example : mapper.readTree(examples)) {
            for (JsonNode point : example.get("geometry")) {
                stored.add(mapper.treeToValue(point, PointGeometry.class));
            }
        }
        assertThat(stored).hasSameSizeAs(sent);
        List<PointGeometry> byExample = new ArrayList<>();
        for (var e : job.examples()) {
            sent.stream().filter(p -> p.exampleIndex() == e.exampleIndex()).forEach(byExample::add);
        }
        assertThat(stored).usingRecursiveFieldByFieldElementComparator(
                        org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration.builder()
                                .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class).build())
                .containsExactlyElementsOf(byExample);
        assertThat(sent).extracting(PointGeometry::point).contains("clean", "adversarial", "crossing");
        assertThat(sent).anySatisfy(p -> assertThat(p.clever()).isNotNull());
        assertThat(sent).anySatisfy(p -> assertThat(p.slice()).isNotNull());

        // the reports, straight from core over the same events: shard 0's rules and curvature, 2 slices
        SingularityReport expected = SingularityAggregator.aggregate(job.examples(), sent, job.geometry().get(0).rules(),
                job.geometry().get(0).curvature(), 2,
                job.geometry().stream().map(SingularityResults::tierMillis).toList());
        SingularityReport singularity = mapper.treeToValue(view.get("singularity"), SingularityReport.class);
        assertThat(singularity).usingRecursiveComparison()
                .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class).isEqualTo(expected);
        assertThat(singularity.labelCounts().get("adversarial").get("MASKED")).isPositive();
        assertThat(singularity.forecasts()).hasSize(3);
        assertThat(singularity.curvature()).isNotNull();
        assertThat(singularity.tierMillis()).containsKeys("cheap", "clever", "slices", "hessian");
        assertThat(singularity.tierMillis().get("cheap").count()).isEqualTo(2);
        assertThat(singularity.distributions()).containsKeys("jacobianNorm.clean", "jacobianNorm.crossing",
                "cleverLinf.clean", "ties.crossing", "regions.adversarial");
        // the MASKED point's NaN spectrum is left out of the JobReport's distributions
        JobReport report = mapper.treeToValue(view.get("report"), JobReport.class);
        assertThat(report).isEqualTo(ReportAggregator.aggregate(job.examples(), SingularityReports.spectral(sent)));
        assertThat(report.distributions().get("sigmaMin.adversarial").count())
                .isEqualTo(job.examples().size() - 1);

        // slice pictures: listed with their windows, served as the PNG bytes the worker rendered
        List<SlicePicture> pictures = job.geometry().stream().flatMap(g -> g.slices().stream()).toList();
        assertThat(pictures).hasSize(2);
        given().get("/api/reports/" + job.id() + "/slices").then().statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].exampleIndex", equalTo(pictures.get(0).exampleIndex()))
                .body("[0].width", equalTo(pictures.get(0).width()))
                .body("[0].href", equalTo("/api/reports/" + job.id() + "/slices/" + pictures.get(0).exampleIndex()));
        for (SlicePicture picture : pictures) {
            byte[] png = given().get("/api/reports/" + job.id() + "/slices/" + picture.exampleIndex()).then()
                    .statusCode(200).contentType("image/png").extract().asByteArray();
            assertThat(png).isEqualTo(Base64.getDecoder().decode(picture.data()));
        }
        int notSliced = job.examples().stream().mapToInt(e -> e.exampleIndex())
                .filter(i -> pictures.stream().noneMatch(p -> p.exampleIndex() == i)).findFirst().orElseThrow();
        given().get("/api/reports/" + job.id() + "/slices/" + notSliced).then().statusCode(404)
                .body("error", equalTo("job " + job.id() + " has no slice through example " + notSliced));
        UUID unknown = UUID.randomUUID();
        given().get("/api/reports/" + unknown + "/slices").then().statusCode(404);
        given().get("/api/reports/" + unknown + "/slices/0").then().statusCode(404);
        given().get("/api/reports/" + job.id() + "/slices/x").then().statusCode(404);
    }

    @Test
    void aRedeliveredShardChangesNoRowOfTheAnalysis() throws Exception {
        AnalysedShards.Job job = AnalysedShards.job();
        publish(job);
        awaitReport(job.id());
        List<String> before = snapshot(job.id());

        // the same results again, then shard 0 of another job's analysis under this job's id: first write wins
        publish(job);
        AnalysedShards.Job other = AnalysedShards.job();
        SingularityResults tampered = other.geometry().get(0);
        SingularityResults foreign = new SingularityResults(tampered.schemaVersion(), job.id(), 0, 2,
                AnalysedShards.masked(tampered).points(), tampered.rules(), tampered.slices(), tampered.curvature(),
                tampered.tierMillis());
        Records.awaitConsumed(send(Topics.SINGULARITY_RESULTS, job.id().toString(), foreign));
        assertThat(snapshot(job.id())).isEqualTo(before);
    }

    @Test
    void aModelsAnalysisIsServedByItsIdOnceAndForAll() throws Exception {
        String modelId = UUID.randomUUID().toString();
        ModelAnalysis analysis = AnalysedShards.modelAnalysis(modelId);
        send(Topics.MODEL_ANALYSIS, modelId, analysis);
        await().atMost(Records.TIMEOUT).untilAsserted(() -> given().get("/api/models/" + modelId + "/analysis")
                .then().statusCode(200));
        ModelAnalysis served = mapper.readValue(given().get("/api/models/" + modelId + "/analysis").then()
                .extract().asString(), ModelAnalysis.class);
        assertThat(served).usingRecursiveComparison()
                .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class).isEqualTo(analysis);
        assertThat(served.layers()).hasSize(2);

        // a second analysis of the same model (other labels) changes nothing
        ModelAnalysis second = new ModelAnalysis(analysis.schemaVersion(), modelId, analysis.modelSha256(),
                analysis.dataset(), analysis.examples(), analysis.seed(), List.of(), null, 0, List.of("HEALTHY"),
                List.of("HEALTHY: no rule applies"), analysis.thresholds(), 1, analysis.analysedAt());
        Records.awaitConsumed(send(Topics.MODEL_ANALYSIS, modelId, second));
        assertThat(mapper.readValue(given().get("/api/models/" + modelId + "/analysis").then().extract().asString(),
                ModelAnalysis.class).labels()).isEqualTo(analysis.labels());

        given().get("/api/models/" + UUID.randomUUID() + "/analysis").then().statusCode(404)
                .body("error", containsString("no analysis of model"));
    }

    @Test
    void anInvalidAnalysisGoesToTheDeadLetterTopicWithTheReason() throws Exception {
        String modelId = UUID.randomUUID().toString();
        ModelAnalysis analysis = AnalysedShards.modelAnalysis(modelId);
        ModelAnalysis future = new ModelAnalysis(9, modelId, analysis.modelSha256(), analysis.dataset(),
                analysis.examples(), analysis.seed(), analysis.layers(), analysis.curvature(), analysis.gradientSpread(),
                analysis.labels(), analysis.reasons(), analysis.thresholds(), analysis.millis(), analysis.analysedAt());
        send(Topics.MODEL_ANALYSIS, modelId, future);
        List<ConsumerRecord<String, String>> dead = Records.atLeast(Topics.MODEL_ANALYSIS + Topics.DLQ_SUFFIX, modelId, 1);
        assertThat(Records.header(dead.get(0), "dead-letter-reason")).contains("schemaVersion 9 is not supported");
        given().get("/api/models/" + modelId + "/analysis").then().statusCode(404);

        // a shard whose slice is not a PNG is refused whole
        AnalysedShards.Job job = AnalysedShards.job();
        SingularityResults g = job.geometry().get(0);
        SlicePicture s = g.slices().get(0);
        SingularityResults bad = new SingularityResults(g.schemaVersion(), g.jobId(), g.shardNo(), g.shardCount(),
                g.points(), g.rules(), List.of(new SlicePicture(s.exampleIndex(), s.point(), s.sMin(), s.sMax(),
                        s.tMin(), s.tMax(), s.width(), s.height(), s.encoding(),
                        Base64.getEncoder().encodeToString("GIF89a".getBytes()))), g.curvature(), g.tierMillis());
        send(Topics.SINGULARITY_RESULTS, job.id().toString(), bad);
        List<ConsumerRecord<String, String>> refused = Records.atLeast(
                Topics.SINGULARITY_RESULTS + Topics.DLQ_SUFFIX, job.id().toString(), 1);
        assertThat(Records.header(refused.get(0), "dead-letter-reason")).contains("is not a PNG image");
        given().get("/api/reports/" + job.id()).then().statusCode(404);
    }

    private void publish(AnalysedShards.Job job) throws Exception {
        send(Topics.ANALYSIS_REQUESTED, job.id().toString(), job.request());
        for (int shard = 0; shard < 2; shard++) {
            send(Topics.ATTACK_RESULTS, job.id().toString(), job.attacks().get(shard));
            Records.awaitConsumed(send(Topics.SINGULARITY_RESULTS, job.id().toString(), job.geometry().get(shard)));
        }
    }

    private RecordMetadata send(String topic, String key, Object event) throws Exception {
        return Records.send(topic, key, mapper.writeValueAsString(event));
    }

    private JsonNode awaitReport(UUID jobId) throws Exception {
        await().atMost(Records.TIMEOUT).untilAsserted(() -> given().get("/api/reports/" + jobId).then()
                .statusCode(200).body("status", equalTo("done")));
        return mapper.readTree(given().get("/api/reports/" + jobId).then().extract().asString());
    }

    /** Every stored row of the job's analysis, as PostgreSQL prints it, table by table. */
    private List<String> snapshot(UUID jobId) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = db.getConnection()) {
            for (String table : TABLES) {
                try (PreparedStatement ps = connection.prepareStatement(
                        "SELECT t::text FROM report." + table + " t WHERE job_id = ? ORDER BY t::text")) {
                    ps.setObject(1, jobId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(table + " " + rs.getString(1));
                        }
                    }
                }
            }
        }
        assertThat(rows).anyMatch(r -> r.startsWith("point_analysis"));
        assertThat(rows).anyMatch(r -> r.startsWith("slice_pictures"));
        assertThat(rows).anyMatch(r -> r.startsWith("singularity_reports"));
        return rows;
    }
}
