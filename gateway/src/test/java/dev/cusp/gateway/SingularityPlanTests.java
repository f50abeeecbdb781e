package dev.cusp.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cusp.core.data.ExampleSampler;
import dev.cusp.core.event.AnalysisRequested;
import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.event.Topics;
import dev.cusp.core.job.GeometryShardSize;
import dev.cusp.core.job.ShardPlanner;
import dev.cusp.core.testing.TestModels;
import dev.cusp.gateway.config.GatewayConfig;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A job's singularity plan: validated against the configured maxima, stored, published; the analysis proxies. */
@QuarkusTest
@WithTestResource(value = GatewayInfra.class, scope = TestResourceScope.GLOBAL)
class SingularityPlanTests {
    static final byte[] MODEL = TestModels.tinyMlpZip(301);

    @Inject
    ObjectMapper mapper;

    @Inject
    GatewayConfig config;

    String modelId;

    @BeforeEach
    void uploadModel() {
        modelId = Api.modelId(MODEL, "plans");
    }

    @Test
    void thePlanIsCompletedWithDefaultsStoredAndCarriedByEveryShard() throws Exception {
        String body = job(modelId, 200, """
                {"tiers": ["slices", "clever"], "budget": {"cleverExamples": 3, "sliceGrid": 41}}""");
        String jobId = given().contentType(ContentType.JSON).body(body).post("/api/jobs").then().statusCode(202)
                .body("singularityPlan.tiers", equalTo(List.of("cheap", "slices", "clever")))
                .body("singularityPlan.budget.cleverExamples", equalTo(3))
                .body("singularityPlan.budget.sliceGrid", equalTo(41))
                .body("singularityPlan.budget.cleverBatches", equalTo(SingularityPlan.Budget.CLEVER_BATCHES))
                .body("links.slices", containsString("/slices"))
                .extract().path("id");
        SingularityPlan.Budget d = SingularityPlan.Budget.defaults();
        SingularityPlan expected = new SingularityPlan(List.of("cheap", "slices", "clever"),
                new SingularityPlan.Budget(3, d.cleverBatches(), d.cleverBatchSize(), d.cleverSeeds(),
                        d.sliceExamples(), 41, d.hessianExamples(), d.hessianIterations()));
        AnalysisRequested request = mapper.readValue(Records.all(Topics.ANALYSIS_REQUESTED, jobId).get(0).value(),
                AnalysisRequested.class);
        assertThat(request.singularityPlan()).isEqualTo(expected);
        List<AttackTask> tasks = Records.all(Topics.ATTACK_TASKS, jobId).stream()
                .map(r -> read(r.value(), AttackTask.class)).toList();
        assertThat(tasks).isNotEmpty().allSatisfy(t -> assertThat(t.singularityPlan()).isEqualTo(expected));
        // the slice pictures take room in each shard's singularity results: shards are sized for them
        AttackPlan attacks = new AttackPlan(List.of(AttackSpec.fgsm(List.of(0.1))));
        int shardSize = Math.min(ShardPlanner.maxExamplesPerShard(attacks, 784, config.shards().maxMessageBytes(),
                config.shards().costBudget()), GeometryShardSize.maxExamplesPerShard(expected, 10, 784,
                config.shards().maxMessageBytes()));
        assertThat(tasks).hasSize(ShardPlanner.split(ExampleSampler.sample(10_000, 200, 7), shardSize).size());
        given().get("/api/jobs/" + jobId).then().body("singularityPlan.tiers", equalTo(List.of("cheap", "slices",
                "clever")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown tier          | {"tiers": ["cheap", "cusps"]}                                | unknown tier 'cusps'; supported: [cheap, clever, slices, hessian]
            tier listed twice     | {"tiers": ["clever", "clever"]}                              | tier 'clever' is listed twice
            no CLEVER example     | {"tiers": ["clever"], "budget": {"cleverExamples": 0}}       | budget.cleverExamples must be between 1 and 16, got 0
            one CLEVER batch      | {"tiers": ["clever"], "budget": {"cleverBatches": 1}}        | budget.cleverBatches must be between 2 and 500, got 1
            coarse slice grid     | {"tiers": ["slices"], "budget": {"sliceGrid": 5}}            | budget.sliceGrid must be between 11 and 201, got 5
            too many slices       | {"tiers": ["slices"], "budget": {"sliceExamples": 9}}        | budget.sliceExamples must be between 1 and 4, got 9
            long Hessian          | {"tiers": ["hessian"], "budget": {"hessianIterations": 101}} | budget.hessianIterations must be between 1 and 100, got 101
            too much work         | {"tiers": ["clever"], "budget": {"cleverExamples": 16, "cleverBatches": 500}} | need 4,096,000 gradient rows per shard
            """)
    void aPlanBeyondTheConfiguredMaximaIsABadRequestWithTheReason(String title, String plan, String reason) {
        given().contentType(ContentType.JSON).body(job(modelId, 10, plan)).post("/api/jobs").then().statusCode(400)
                .contentType("application/json")
                .body("error", allOf(containsString("invalid job: "), containsString(reason)));
    }

    @Test
    void aMisspeltBudgetIsABadRequestNamingIt() {
        given().contentType(ContentType.JSON).body(job(modelId, 10, "{\"tiers\": [\"clever\"], \"budget\": "
                        + "{\"cleverExampels\": 2}}")).post("/api/jobs").then().statusCode(400)
                .body("error", containsString("cleverExampels"));
    }

    @Test
    void aModelsAnalysisIsPassedThroughOnceTheReportServiceHasIt() {
        given().get("/api/models/" + UUID.randomUUID() + "/analysis").then().statusCode(404)
                .body("error", containsString("no model with id"));
        given().get("/api/models/" + modelId + "/analysis").then().statusCode(404)
                .body("error", containsString("the analysis of model " + modelId + " has not arrived yet"));
        FakeReportService.answer("/api/models/" + modelId + "/analysis", "application/json",
                ("{\"modelId\":\"" + modelId + "\",\"labels\":[\"HEALTHY\"],\"layers\":[{\"layer\":0,\"rank\":16}]}")
                        .getBytes(StandardCharsets.UTF_8));
        given().get("/api/models/" + modelId + "/analysis").then().statusCode(200)
                .body("labels", equalTo(List.of("HEALTHY"))).body("layers[0].rank", equalTo(16));
    }

    @Test
    void aJobsSlicesArePassedThroughWithLinksIntoTheGateway() {
        String jobId = given().contentType(ContentType.JSON).body(job(modelId, 10, "{\"tiers\": [\"slices\"]}"))
                .post("/api/jobs").then().statusCode(202).extract().path("id");
        given().get("/api/jobs/" + jobId + "/slices").then().statusCode(404)
                .body("error", containsString("no results of job " + jobId));
        FakeReportService.answer("/api/reports/" + jobId + "/slices", "application/json",
                ("[{\"exampleIndex\":17,\"point\":\"clean\",\"width\":512,\"height\":540,\"href\":\"/api/reports/"
                        + jobId + "/slices/17\"}]").getBytes(StandardCharsets.UTF_8));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};
        FakeReportService.answer("/api/reports/" + jobId + "/slices/17", "image/png", png);
        given().get("/api/jobs/" + jobId + "/slices").then().statusCode(200)
                .body("[0].exampleIndex", equalTo(17))
                .body("[0].href", equalTo("/api/jobs/" + jobId + "/slices/17"));
        assertThat(given().get("/api/jobs/" + jobId + "/slices/17").then().statusCode(200).contentType("image/png")
                .extract().asByteArray()).isEqualTo(png);
        given().get("/api/jobs/" + jobId + "/slices/18").then().statusCode(404)
                .body("error", containsString("has no slice through example 18"));
        given().get("/api/jobs/" + UUID.randomUUID() + "/slices/17").then().statusCode(404)
                .body("error", containsString("no job with id"));
        given().get("/api/jobs/" + jobId + "/slices/x").then().statusCode(404);
    }

    @Test
    void theDashboardAsksForTiersAndShowsLabelsForecastLayersAndSlices() {
        given().get("/").then().statusCode(200)
                .body(allOf(containsString("name=\"tier\" value=\"clever\""),
                        containsString("name=\"tier\" value=\"slices\""),
                        containsString("name=\"tier\" value=\"hessian\"")));
        given().get("/app.js").then().statusCode(200)
                .body(allOf(containsString("singularityPlan"), containsString("s.forecasts"),
                        containsString("/api/models/${modelId}/analysis"), containsString("/api/jobs/${jobId}/slices")));
    }

    static String job(String modelId, int examples, String singularityPlan) {
        return """
                {"modelId": "%s", "dataset": {"name": "fashion-mnist", "split": "test"}, "examples": %d, "seed": 7,
                 "attacks": [{"attack": "fgsm", "norm": "linf", "epsilons": [0.1]}], "singularityPlan": %s}"""
                .formatted(modelId, examples, singularityPlan);
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (Exception e) {
            throw new AssertionError("not a " + type.getSimpleName() + ": " + json, e);
        }
    }
}
