package dev.cusp.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cusp.core.data.ExampleSampler;
import dev.cusp.core.event.AnalysisRequested;
import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.event.Topics;
import dev.cusp.core.job.GeometryShardSize;
import dev.cusp.core.job.ShardPlanner;
import dev.cusp.core.model.Sha256;
import dev.cusp.core.testing.TestModels;
import dev.cusp.gateway.config.GatewayConfig;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

@QuarkusTest
@WithTestResource(value = GatewayInfra.class, scope = TestResourceScope.GLOBAL)
class JobResourceTests {
    /** The model every job of this class analyses (ModelSerializer zips carry timestamps: build the bytes once). */
    static final byte[] MODEL = TestModels.tinyMlpZip(201);

    @Inject
    ObjectMapper mapper;

    @Inject
    GatewayConfig config;

    String modelId;

    @BeforeEach
    void uploadModel() {
        modelId = Api.modelId(MODEL, "jobs");
    }

    @Test
    void aJobPublishesItsRequestThenEveryShardWithTheSampledIndices() throws Exception {
        int examples = 300;
        long seed = 42;
        var response = given().contentType(ContentType.JSON)
                .body(job(modelId, examples, seed, "\"fgsm\"", "\"linf\"", "0.1, 0.01, 0.05"))
                .post("/api/jobs").then().statusCode(202)
                .body("status", equalTo("submitted"))
                .body("examples", equalTo(examples))
                .body("attacks[0].epsilons", equalTo(List.of(0.01f, 0.05f, 0.1f)))
                .extract();
        String jobId = response.path("id");
        int shardsTotal = response.path("shardsTotal");
        assertThat(response.<String>path("links.progress")).isEqualTo("/api/jobs/" + jobId + "/progress");

        AttackPlan plan = new AttackPlan(List.of(AttackSpec.fgsm(List.of(0.01, 0.05, 0.1))));
        int[] indices = ExampleSampler.sample(10_000, examples, seed);
        // both results of a shard must fit one message: the attack results and the cheap tier's singularity results
        List<int[]> shards = ShardPlanner.split(indices, Math.min(
                ShardPlanner.maxExamplesPerShard(plan, 784, config.shards().maxMessageBytes(),
                        config.shards().costBudget()),
                GeometryShardSize.maxExamplesPerShard(SingularityPlan.cheap(), 10, 784,
                        config.shards().maxMessageBytes())));
        assertThat(shardsTotal).isEqualTo(shards.size()).isGreaterThan(1);

        List<ConsumerRecord<String, String>> requestRecords = Records.all(Topics.ANALYSIS_REQUESTED, jobId);
        assertThat(requestRecords).hasSize(1);
        ConsumerRecord<String, String> requestRecord = requestRecords.get(0);
        AnalysisRequested request = mapper.readValue(requestRecord.value(), AnalysisRequested.class);
        assertThat(request.jobId()).hasToString(jobId);
        assertThat(request.modelId()).isEqualTo(modelId);
        assertThat(request.modelSha256()).isEqualTo(Sha256.hex(MODEL));
        assertThat(request.dataset()).isEqualTo(DatasetRef.fashionMnistTest());
        assertThat(request.exampleCount()).isEqualTo(examples);
        assertThat(request.seed()).isEqualTo(seed);
        assertThat(request.attackPlan()).isEqualTo(plan);
        assertThat(request.shardCount()).isEqualTo(shardsTotal);
        assertThat(request.singularityPlan()).isEqualTo(SingularityPlan.cheap());
        assertThat(Records.header(requestRecord, "ce_type")).isEqualTo("dev.cusp.analysis.requested.v1");

        List<ConsumerRecord<String, String>> taskRecords = Records.all(Topics.ATTACK_TASKS, jobId);
        assertThat(taskRecords).hasSize(shardsTotal)
                .allSatisfy(r -> assertThat(Records.header(r, "ce_type")).isEqualTo("dev.cusp.attack.tasks.v1"));
        List<AttackTask> tasks = taskRecords.stream().map(r -> read(r.value())).sorted(
                Comparator.comparingInt(AttackTask::shardNo)).toList();
        int offset = 0;
        for (int shardNo = 0; shardNo < shardsTotal; shardNo++) {
            AttackTask task = tasks.get(shardNo);
            assertThat(task.shardNo()).isEqualTo(shardNo);
            assertThat(task.shardCount()).isEqualTo(shardsTotal);
            assertThat(task.offset()).isEqualTo(offset);
            assertThat(task.exampleIndices()).containsExactly(shards.get(shardNo));
            assertThat(task.plan()).isEqualTo(plan);
            assertThat(task.singularityPlan()).isEqualTo(SingularityPlan.cheap());
            assertThat(task.modelSha256()).isEqualTo(request.modelSha256());
            offset += task.exampleIndices().length;
        }
        assertThat(tasks.stream().flatMapToInt(t -> IntStream.of(t.exampleIndices())).toArray())
                .containsExactly(indices);

        given().get("/api/jobs/" + jobId).then().statusCode(200).body("shardsDone", equalTo(0));
        given().get("/api/jobs").then().statusCode(200).body("id", hasItem(jobId));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no examples           | 0     | 1  | "fgsm" | "linf" | 0.1            | examples must be between 1 and 10000, got 0
            too many examples     | 10001 | 1  | "fgsm" | "linf" | 0.1            | examples must be between 1 and 10000, got 10001
            zero budget           | 10    | 1  | "fgsm" | "linf" | 0.0            | epsilon 0.0 is not a finite number in (0, 1.0]
            negative budget       | 10    | 1  | "fgsm" | "linf" | -0.1           | epsilon -0.1 is not a finite number in (0, 1.0]
            budget above the max  | 10    | 1  | "fgsm" | "linf" | 1.5            | epsilon 1.5 is not a finite number in (0, 1.0]
            NaN budget            | 10    | 1  | "fgsm" | "linf" | "NaN"          | epsilon NaN is not a finite number
            infinite budget       | 10    | 1  | "fgsm" | "linf" | 1e999          | epsilon Infinity is not a finite number
            no budgets            | 10    | 1  | "fgsm" | "linf" |                | epsilons must list at least one budget
            repeated budget       | 10    | 1  | "fgsm" | "linf" | 0.1, 0.1       | contain duplicates
            unknown attack        | 10    | 1  | "pgdx" | "linf" | 0.1            | unsupported attack 'pgdx/linf'; supported: [fgsm/linf, fgm/l2, fgm/l1, bim/linf, pgd/linf, pgd/l2
            unknown norm          | 10    | 1  | "fgsm" | "l2"   | 0.1            | unsupported attack 'fgsm/l2'; supported: [fgsm/linf
            L2 budget above max   | 10    | 1  | "pgd"  | "l2"   | 30.0           | epsilon 30.0 is not a finite number in (0, 28.0]
            no attack name        | 10    | 1  | null   | "linf" | 0.1            | unsupported attack 'null/linf'
            """)
    void anInvalidJobIsRejectedWithTheReason(String title, int examples, long seed, String attack, String norm,
            String epsilons, String reason) {
        given().contentType(ContentType.JSON).body(job(modelId, examples, seed, attack, norm, epsilons == null ? "" : epsilons))
                .post("/api/jobs").then().statusCode(400)
                .contentType("application/json")
                .body("error", allOf(containsString("invalid job: "), containsString(reason)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown parameter     | "pgd"        | "linf" | {"stepz": 10}                 | unknown parameter 'stepz' for pgd/linf; parameters: steps, relativeStepSize, randomStart, restarts
            norm as a parameter   | "pgd"        | "linf" | {"norm": "l2"}                | unknown parameter 'norm' for pgd/linf (the norm is the spec's norm)
            wrong type            | "pgd"        | "linf" | {"steps": 2.5}                | parameter 'steps' of pgd/linf must be an integer, got 2.5
            record's own check    | "pgd"        | "linf" | {"steps": 0}                  | invalid parameters for pgd/linf: PGD needs at least one step, got 0
            too many iterations   | "pgd"        | "linf" | {"steps": 20000}              | pgd/linf asks for 20000 iterations, more than the maximum 10000
            too many restarts     | "pgd"        | "linf" | {"restarts": 50}              | pgd/linf asks for 50 restarts (or targets, or binary-search steps), more than the maximum 20
            zero restarts         | "apgd-ce"    | "l2"   | {"restarts": 0}               | parameter 'restarts' of apgd-ce/l2 must be an integer >= 1, got 0
            too many queries      | "square"     | "linf" | {"queries": 200000}           | square/linf may use 200001 model queries per example, more than the maximum 100000
            autoattack queries    | "autoattack" | "linf" | {"squareQueries": 500000}     | autoattack/linf may use
            restarts not offered  | "deepfool"   | "l2"   | {"restarts": 2}               | unknown parameter 'restarts' for deepfool/l2; parameters: steps, overshoot, candidates
            C&W only in L2        | "cw-l2"      | "linf" | {}                            | unsupported attack 'cw-l2/linf'
            C&W at its defaults   | "cw-l2"      | "l2"   | {}                            | the attack plan needs up to 120000 cost units
            """)
    void anAttackWithBadParametersOrABudgetOverTheMaximaIsRejected(String title, String attack, String norm,
            String params, String reason) {
        String body = """
                {"modelId": "%s", "dataset": {"name": "fashion-mnist", "split": "test"}, "examples": 10,
                 "attacks": [{"attack": %s, "norm": %s, "epsilons": [0.1], "params": %s}]}""".formatted(
                modelId, attack, norm, params);
        given().contentType(ContentType.JSON).body(body).post("/api/jobs").then().statusCode(400)
                .contentType("application/json")
                .body("error", allOf(containsString("invalid job: "), containsString(reason)));
    }

    @Test
    void everyCataloguedAttackIsAcceptedWithItsParameters() throws Exception {
        String body = """
                {"modelId": "%s", "dataset": {"name": "fashion-mnist", "split": "test"}, "examples": 40, "seed": 3,
                 "attacks": [{"attack": "pgd", "norm": "linf", "epsilons": [0.01, 0.03], "params": {"steps": 20, "restarts": 2}},
                             {"attack": "deepfool", "norm": "l2", "epsilons": [0.5, 1.0, 2.0]},
                             {"attack": "autoattack", "norm": "linf", "epsilons": [0.03]},
                             {"attack": "hsj", "norm": "l2", "epsilons": [2.0], "params": {}}]}""".formatted(modelId);
        String jobId = given().contentType(ContentType.JSON).body(body).post("/api/jobs").then().statusCode(202)
                .body("attacks[0].params.restarts", equalTo(2)).extract().path("id");
        assertThat(jobId).isNotNull();
    }

    @Test
    void everyProblemOfAJobIsListed() {
        given().contentType(ContentType.JSON)
                .body("{\"modelId\": \"" + UUID.randomUUID() + "\", \"dataset\": {\"name\": \"mnist\", \"split\": \"test\"},"
                        + " \"examples\": 0, \"attacks\": []}")
                .post("/api/jobs").then().statusCode(400)
                .body("error", allOf(containsString("no model with id"), containsString("unknown dataset 'mnist/test'"),
                        containsString("examples must be between 1 and 10000, got 0"),
                        containsString("attacks must list at least one attack")));
    }

    @Test
    void aModelIdThatIsNoUuidIsNamed() {
        given().contentType(ContentType.JSON).body(job("model-7", 10, 1, "\"fgsm\"", "\"linf\"", "0.1"))
                .post("/api/jobs").then().statusCode(400)
                .body("error", containsString("modelId 'model-7' is not a UUID"));
    }

    @Test
    void aModelThatDoesNotFitTheDataSetIsRejected() {
        byte[] moons = TestModels.zip(TestModels.mlp(5, DataType.FLOAT, Activation.TANH, 2, 8, 2));
        String moonsModel = Api.modelId(moons, "two-moons");
        given().contentType(ContentType.JSON).body(job(moonsModel, 10, 1, "\"fgsm\"", "\"linf\"", "0.1"))
                .post("/api/jobs").then().statusCode(400)
                .body("error", allOf(
                        containsString("takes 2 inputs but fashion-mnist/test has 784 features"),
                        containsString("has 2 classes but fashion-mnist/test has 10")));
    }

    @Test
    void anAttackThatNeedsMoreClassesThanTheModelHasIsRejected() {
        byte[] moons = TestModels.zip(TestModels.mlp(5, DataType.FLOAT, Activation.TANH, 2, 8, 2));
        String moonsModel = Api.modelId(moons, "two-moons");
        String body = """
                {"modelId": "%s", "dataset": {"name": "two-moons", "split": "test"}, "examples": 10,
                 "attacks": [{"attack": "pgd", "norm": "linf", "epsilons": [0.1]},
                             {"attack": "apgd-dlr", "norm": "linf", "epsilons": [0.1]}]}""".formatted(moonsModel);
        given().contentType(ContentType.JSON).body(body).post("/api/jobs").then().statusCode(400)
                .body("error", allOf(containsString("attacks[1]: attack 'apgd-dlr' needs a model with at least 3"
                        + " classes (its DLR loss ranks that many logits), the model has 2"),
                        not(containsString("attacks[0]"))));
    }

    @Test
    void malformedOrUnknownJsonIsABadRequest() {
        given().contentType(ContentType.JSON).body("{\"modelId\": ").post("/api/jobs")
                .then().statusCode(400).contentType("application/json").body("error", containsString("malformed JSON"));
        given().contentType(ContentType.JSON).body("{\"modelId\": \"" + modelId + "\", \"exampels\": 3}")
                .post("/api/jobs").then().statusCode(400).body("error", containsString("exampels"));
        given().contentType(ContentType.JSON).body("{\"examples\": \"many\"}").post("/api/jobs")
                .then().statusCode(400).body("error", containsString("examples"));
        given().contentType(ContentType.JSON).body("").post("/api/jobs")
                .then().statusCode(400).body("error", containsString("empty"));
    }

    static String job(String modelId, int examples, long seed, String attack, String norm, String epsilons) {
        return """
                {"modelId": "%s", "dataset": {"name": "fashion-mnist", "split": "test"}, "examples": %d, "seed": %d,
                 "attacks": [{"attack": %s, "norm": %s, "epsilons": [%s]}]}""".formatted(
                modelId, examples, seed, attack, norm, epsilons);
    }

    private AttackTask read(String json) {
        try {
            return mapper.readValue(json, AttackTask.class);
        } catch (Exception e) {
            throw new AssertionError("attack.tasks record is not an AttackTask: " + json, e);
        }
    }
}
