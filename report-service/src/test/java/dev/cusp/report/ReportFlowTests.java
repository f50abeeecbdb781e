package dev.cusp.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cusp.core.event.AnalysisRequested;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.JobProgress;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.ReportReady;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.event.Topics;
import dev.cusp.core.job.JobReport;
import dev.cusp.core.job.ReportAggregator;
import dev.cusp.report.service.Headline;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import dev.cusp.core.job.AttackSummary;
import dev.cusp.core.job.AttackSummaryAggregator;
import dev.cusp.core.job.RobustAccuracy;
import dev.cusp.core.job.WorstCaseAccuracy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = ReportInfra.class, scope = TestResourceScope.GLOBAL)
class ReportFlowTests {
    static final int[] SHARD_0 = {3, 17, 42, 101, 256, 1024, 2048, 4095, 5000, 7777};
    static final int[] SHARD_1 = {8, 99, 500, 6000, 9999, 12, 13, 14};
    static final List<String> TABLES = List.of("jobs", "shards", "examples", "attack_outcomes", "point_geometry",
            "shard_provenance", "reports");

    @Inject
    ObjectMapper mapper;

    @Inject
    AgroalDataSource db;

    /** The two shards of a synthetic job, built from fixed seeds. */
    record Job(UUID id, AnalysisRequested request, List<AttackResults> attacks, List<SingularityResults> geometry) {
        static Job synthetic(long seed) {
            UUID id = UUID.randomUUID();
            AttackResults a0 = SyntheticShards.attack(id, 0, 2, SHARD_0, seed);
            AttackResults a1 = SyntheticShards.attack(id, 1, 2, SHARD_1, seed + 1);
            return new Job(id, SyntheticShards.request(id, 2, SHARD_0.length + SHARD_1.length), List.of(a0, a1),
                    List.of(SyntheticShards.geometry(id, 0, 2, a0, seed + 2),
                            SyntheticShards.geometry(id, 1, 2, a1, seed + 3)));
        }

        /** What core computes directly from the same results, shard 0 before shard 1. */
        JobReport expected() {
            List<ExampleAttack> examples = attacks.stream().flatMap(a -> a.examples().stream()).toList();
            List<PointGeometry> points = geometry.stream().flatMap(g -> g.points().stream()).toList();
            return ReportAggregator.aggregate(examples, points);
        }

        /** The attack summary core computes directly from the same shards. */
        AttackSummary expectedSummary() {
            List<ExampleAttack> examples = attacks.stream().flatMap(a -> a.examples().stream()).toList();
            return AttackSummaryAggregator.aggregate(examples, attacks.stream().map(AttackResults::masking).toList(),
                    attacks.stream().map(AttackResults::provenance).toList(), expected());
        }
    }

    @Test
    void aTwoShardJobIsReportedExactlyAsCoreAggregatesItWhateverTheArrivalOrder() throws Exception {
        Job job = Job.synthetic(1001);
        send(Topics.ATTACK_RESULTS, job.id(), job.attacks().get(1));
        send(Topics.SINGULARITY_RESULTS, job.id(), job.geometry().get(0));
        send(Topics.SINGULARITY_RESULTS, job.id(), job.geometry().get(1));
        send(Topics.ATTACK_RESULTS, job.id(), job.attacks().get(0));
        // Every shard is in, but without analysis.requested the job is not known: no report yet.
        await().atMost(Records.TIMEOUT).untilAsserted(() -> given().get("/api/reports/" + job.id()).then()
                .statusCode(200).body("shardsDone", equalTo(2)).body("status", equalTo("running"))
                .body("report", equalTo(null)));
        send(Topics.ANALYSIS_REQUESTED, job.id(), job.request());

        JobReport expected = job.expected();
        assertThat(awaitReport(job.id())).isEqualTo(expected);
        given().get("/api/reports/" + job.id()).then()
                .body("status", equalTo("done")).body("shardsDone", equalTo(2)).body("shardsTotal", equalTo(2))
                .body("modelSha256", equalTo(job.request().modelSha256()))
                .body("verdict", equalTo(Headline.verdict(expected)));

        List<ConsumerRecord<String, String>> readyRecords = Records.all(Topics.REPORT_READY, job.id().toString());
        assertThat(readyRecords).hasSize(1);
        ReportReady ready = mapper.readValue(readyRecords.get(0).value(), ReportReady.class);
        assertThat(ready.examples()).isEqualTo(SHARD_0.length + SHARD_1.length);
        assertThat(ready.cleanAccuracy()).isEqualTo(expected.cleanAccuracy());
        assertThat(ready.robustAccuracy()).containsKeys("fgsm/linf/0.01", "pgd/linf/0.05", "autoattack/linf/0.1",
                "deepfool/l2/0.5", "deepfool/l2/1").hasSize(3 * 3 + 2);
        assertThat(ready.robustAccuracy()).isEqualTo(Headline.robustAccuracy(expected));
        assertThat(ready.verdict()).isEqualTo(Headline.verdict(expected));
        assertThat(ready.modelId()).isEqualTo(job.request().modelId());

        // robust accuracy per attack and ε, the minimal-norm curve, AutoAttack's stages, masking and provenance
        assertThat(expected.robustAccuracy()).extracting(r -> r.attack() + "/" + r.norm()).containsOnly(
                "autoattack/linf", "deepfool/l2", "fgsm/linf", "pgd/linf");
        AttackSummary summary = awaitSummary(job.id());
        assertThat(summary).usingRecursiveComparison().isEqualTo(job.expectedSummary());
        assertThat(summary.stages()).isNotEmpty().allSatisfy(s -> assertThat(s.attack()).isEqualTo("autoattack"));
        assertThat(summary.stages().stream().filter(s -> s.epsilon() == 0.1).mapToInt(s -> s.examples()).sum())
                .isEqualTo(SHARD_0.length + SHARD_1.length);
        // robust accuracy against the whole plan: per (norm, ε), never above any attack's there
        assertThat(summary.worstCase()).extracting(w -> w.norm() + "/" + w.epsilon())
                .containsExactly("l2/0.5", "l2/1.0", "linf/0.01", "linf/0.05", "linf/0.1");
        for (WorstCaseAccuracy w : summary.worstCase()) {
            List<RobustAccuracy> same = expected.robustAccuracy().stream()
                    .filter(r -> r.norm().equals(w.norm()) && r.epsilon() == w.epsilon()).toList();
            assertThat(w.attacks()).containsExactlyElementsOf(same.stream().map(RobustAccuracy::attack).toList());
            assertThat(w.examples()).isEqualTo(SHARD_0.length + SHARD_1.length);
            assertThat(same).allSatisfy(r -> assertThat(w.broken()).isGreaterThanOrEqualTo(r.successes()));
        }
        given().get("/api/reports/" + job.id()).then()
                .body("attacks.worstCase[4].attacks", equalTo(List.of("autoattack", "fgsm", "pgd")));
        assertThat(summary.masking()).extracting(v -> v.check()).contains("gradients", "single-step-beats-iterative",
                "black-box-beats-white-box", "large-epsilon", "deterministic");
        assertThat(summary.attacks()).extracting(r -> r.attack()).containsExactly("fgsm", "pgd", "autoattack", "deepfool");
        assertThat(summary.attacks().get(1).parameters()).containsEntry("steps", 40);
        assertThat(summary.attacks().get(0).seeds()).hasSize(2 * SyntheticShards.EPSILONS.size());
        assertThat(summary.cuspVersion()).isEqualTo("0.1.0-SNAPSHOT");
    }

    @Test
    void progressIsPublishedAfterEachShardAndWhenTheReportIsDone() throws Exception {
        Job job = Job.synthetic(2002);
        publishAll(job);
        awaitReport(job.id());

        List<ConsumerRecord<String, String>> records = Records.all(Topics.JOB_PROGRESS, job.id().toString());
        List<JobProgress> progress = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            progress.add(mapper.readValue(record.value(), JobProgress.class));
            assertThat(Records.header(record, "ce_type")).isEqualTo("dev.cusp.job.progress.v1");
            assertThat(Records.header(record, "ce_source")).isEqualTo("urn:cusp:report-service");
        }
        assertThat(progress).extracting(JobProgress::shardsDone, JobProgress::shardsTotal, JobProgress::phase)
                .containsExactly(
                        tuple(1, 2, JobProgress.RUNNING),
                        tuple(2, 2, JobProgress.RUNNING),
                        tuple(2, 2, JobProgress.DONE));
    }

    @Test
    void aRedeliveredShardChangesNothing() throws Exception {
        Job job = Job.synthetic(3003);
        publishAll(job);
        JobReport report = awaitReport(job.id());
        List<String> before = snapshot(job.id());

        // The same records again, then a tampered copy of shard 0 (other labels and singular values): first write wins.
        publishAll(job);
        AttackResults tampered = SyntheticShards.attack(job.id(), 0, 2, SHARD_0, 999);
        SingularityResults tamperedGeometry = SyntheticShards.geometry(job.id(), 0, 2, tampered, 998);
        Records.awaitConsumed(send(Topics.ATTACK_RESULTS, job.id(), tampered));
        Records.awaitConsumed(send(Topics.SINGULARITY_RESULTS, job.id(), tamperedGeometry));
        Records.awaitConsumed(send(Topics.ANALYSIS_REQUESTED, job.id(), job.request()));

        assertThat(snapshot(job.id())).isEqualTo(before);
        assertThat(awaitReport(job.id())).isEqualTo(report);
        assertThat(awaitSummary(job.id())).usingRecursiveComparison().isEqualTo(job.expectedSummary());
        assertThat(Records.all(Topics.REPORT_READY, job.id().toString())).hasSize(1);
        assertThat(Records.all(Topics.JOB_PROGRESS, job.id().toString())).hasSize(3);
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndThePartitionKeepsFlowing() throws Exception {
        UUID id = UUID.randomUUID();
        String key = id.toString();
        Records.send(Topics.ATTACK_RESULTS, key, "{\"jobId\": \"" + key + "\", \"shardNo\": ");
        AttackResults invalid = SyntheticShards.attack(id, 5, 2, SHARD_1, 4004);
        send(Topics.ATTACK_RESULTS, id, invalid);
        Records.awaitConsumed(send(Topics.ATTACK_RESULTS, id, SyntheticShards.attack(id, 0, 2, SHARD_0, 4005)));

        List<ConsumerRecord<String, String>> dead = Records.atLeast(Topics.ATTACK_RESULTS + Topics.DLQ_SUFFIX, key, 2);
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).value()).isEqualTo("{\"jobId\": \"" + key + "\", \"shardNo\": ");
        assertThat(mapper.readValue(dead.get(1).value(), AttackResults.class).shardNo()).isEqualTo(5);
        assertThat(Records.header(dead.get(1), "dead-letter-reason")).contains("shardNo 5 is not in [0, 2)");

        given().get("/api/reports/" + id).then().statusCode(200)
                .body("status", equalTo("pending")).body("shardsDone", equalTo(0)).body("report", equalTo(null));
        given().get("/api/reports/" + id + "/examples").then().statusCode(200)
                .body("size()", equalTo(SHARD_0.length)).body("[0].exampleIndex", equalTo(SHARD_0[0]));
    }

    @Test
    void examplesAreServedAsJsonAndCsv() throws Exception {
        Job job = Job.synthetic(5005);
        publishAll(job);
        awaitReport(job.id());
        ExampleAttack first = job.attacks().get(0).examples().get(0);
        given().get("/api/reports/" + job.id() + "/examples").then().statusCode(200)
                .body("size()", equalTo(SHARD_0.length + SHARD_1.length))
                .body("[0].exampleIndex", equalTo(first.exampleIndex()))
                .body("[0].label", equalTo(first.label()))
                .body("[0].outcomes.size()", equalTo(SyntheticShards.OUTCOMES))
                .body("[0].geometry.size()", equalTo(2));
        String csv = given().get("/api/reports/" + job.id() + "/examples?format=csv").then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).startsWith("example_index,shard_no,label,clean_prediction,attack,norm,epsilon")
                .endsWith(",broken_by_any_attack");
        assertThat(lines).hasSize(1 + (SHARD_0.length + SHARD_1.length) * SyntheticShards.OUTCOMES);
        assertThat(lines.get(1)).startsWith(first.exampleIndex() + ",0," + first.label() + ","
                + first.cleanPrediction() + ",fgsm,linf,0.01,");
        // every outcome of every attack comes back exactly as the worker sent it (for per-example comparison)
        String json = given().get("/api/reports/" + job.id() + "/examples").then().extract().asString();
        List<ExampleAttack> exported = new ArrayList<>();
        for (var node : mapper.readTree(json)) {
            exported.add(new ExampleAttack(node.get("exampleIndex").asInt(), node.get("label").asInt(),
                    node.get("cleanPrediction").asInt(), List.of(mapper.treeToValue(node.get("outcomes"),
                            dev.cusp.core.event.AttackOutcome[].class))));
        }
        List<ExampleAttack> sent = job.attacks().stream().flatMap(a -> a.examples().stream()).toList();
        assertThat(exported).usingRecursiveComparison().isEqualTo(sent);
        // broken_by_any_attack: some outcome of the same example, norm and ε is a success
        List<String> header = List.of(lines.get(0).split(","));
        int brokenColumn = header.indexOf("broken_by_any_attack");
        int brokenLines = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertThat(cells).hasSize(header.size());
            int index = Integer.parseInt(cells[0]);
            double epsilon = Double.parseDouble(cells[header.indexOf("epsilon")]);
            ExampleAttack example = sent.stream().filter(e -> e.exampleIndex() == index).findFirst().orElseThrow();
            boolean broken = example.outcomes().stream().anyMatch(o -> o.success()
                    && o.norm().equals(cells[header.indexOf("norm")]) && o.epsilon() == epsilon);
            assertThat(cells[brokenColumn]).as(line).isEqualTo(Boolean.toString(broken));
            brokenLines += broken ? 1 : 0;
        }
        assertThat(brokenLines).isPositive().isLessThan(lines.size() - 1);
        // the JSON export lists the same budgets per example
        for (var node : mapper.readTree(json)) {
            int index = node.get("exampleIndex").asInt();
            ExampleAttack example = sent.stream().filter(e -> e.exampleIndex() == index).findFirst().orElseThrow();
            Set<String> expected = new TreeSet<>();
            example.outcomes().stream().filter(o -> o.success())
                    .forEach(o -> expected.add(o.norm() + "@" + o.epsilon()));
            Set<String> listed = new TreeSet<>();
            node.get("brokenByAnyAttack")
                    .forEach(b -> listed.add(b.get("norm").asText() + "@" + b.get("epsilon").asDouble()));
            assertThat(listed).as("example %d", index).isEqualTo(expected);
        }
        String autoAttackLine = lines.stream().filter(l -> l.contains(",autoattack,linf,0.1,true,")).findFirst()
                .orElseThrow();
        assertThat(autoAttackLine).containsPattern(",(apgd-ce|apgd-t|fab-t|square|clean),-?\\d+,");
        given().get("/api/reports/" + job.id() + "/examples?format=xml").then().statusCode(400)
                .body("error", equalTo("format must be json or csv, got 'xml'"));
    }

    @Test
    void readinessReportsTheReportStore() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP")).body("checks.name", hasItem("report store"));
    }

    @Test
    void unknownJobsAreNotFound() {
        UUID unknown = UUID.randomUUID();
        given().get("/api/reports/" + unknown).then().statusCode(404)
                .body("error", equalTo("no results for job " + unknown + " have arrived"));
        given().get("/api/reports/" + unknown + "/examples").then().statusCode(404);
        given().get("/api/reports/nope").then().statusCode(404).body("error", equalTo("no job with id 'nope'"));
    }

    private void publishAll(Job job) throws Exception {
        send(Topics.ANALYSIS_REQUESTED, job.id(), job.request());
        for (int shard = 0; shard < 2; shard++) {
            send(Topics.ATTACK_RESULTS, job.id(), job.attacks().get(shard));
            Records.awaitConsumed(send(Topics.SINGULARITY_RESULTS, job.id(), job.geometry().get(shard)));
        }
    }

    private RecordMetadata send(String topic, UUID jobId, Object event)
            throws Exception {
        return Records.send(topic, jobId.toString(), mapper.writeValueAsString(event));
    }

    private JobReport awaitReport(UUID jobId) throws Exception {
        await().atMost(Records.TIMEOUT).untilAsserted(() -> given().get("/api/reports/" + jobId).then()
                .statusCode(200).body("status", equalTo("done")));
        String json = given().get("/api/reports/" + jobId).then().extract().asString();
        return mapper.treeToValue(mapper.readTree(json).get("report"), JobReport.class);
    }

    private AttackSummary awaitSummary(UUID jobId) throws Exception {
        awaitReport(jobId);
        String json = given().get("/api/reports/" + jobId).then().extract().asString();
        return mapper.treeToValue(mapper.readTree(json).get("attacks"), AttackSummary.class);
    }

    /** Every stored row of the job, as PostgreSQL prints it, table by table. */
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
        assertThat(rows).anyMatch(r -> r.startsWith("point_geometry"));
        return rows;
    }
}
