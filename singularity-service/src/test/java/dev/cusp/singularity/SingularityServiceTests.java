package dev.cusp.singularity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import dev.cusp.core.data.DatasetLoader;
import dev.cusp.core.data.ExampleSampler;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.ModelAnalysis;
import dev.cusp.core.event.ModelRegistered;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.job.ModelAnalysisRunner;
import dev.cusp.core.model.ModelLimits;
import dev.cusp.core.model.ModelLoader;
import dev.cusp.core.model.ModelRejectedException;
import dev.cusp.core.model.Sha256;
import dev.cusp.core.testing.ArtifactServer;
import dev.cusp.core.testing.TestModels;
import dev.cusp.core.worker.ModelFetchException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * singularity-service on in-memory channels: shard analyses (cheap and costly tiers) and model analyses equal core's
 * direct computations; bad shards and models are nacked.
 */
@QuarkusTest
@WithTestResource(InMemoryWorkerResource.class)
class SingularityServiceTests {
    private static final long MODEL_SEED = 13;
    private static final long SAMPLE_SEED = 43;
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final byte[] MODEL = TestModels.tinyMlpZip(MODEL_SEED);
    private static final String MODEL_SHA = Sha256.hex(MODEL);

    @Inject
    @Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Inject
    MeterRegistry registry;

    ArtifactServer artifacts;

    private InMemorySource<Message<AttackResults>> attackResults;
    private InMemorySink<Record<String, SingularityResults>> results;
    private InMemorySource<Message<ModelRegistered>> modelsRegistered;
    private InMemorySink<Record<String, ModelAnalysis>> analyses;

    @BeforeEach
    void setUp() {
        artifacts.put(MODEL_SHA, MODEL);
        attackResults = connector.source("attack-results");
        results = connector.sink("singularity-results");
        results.clear();
        modelsRegistered = connector.source("model-registered");
        analyses = connector.sink("model-analysis");
        analyses.clear();
    }

    @Test
    void shardAnalysisEqualsWhatCoreComputesForTheSameAttackResults() throws Exception {
        AttackResults shard = Shards.attacked(MODEL, MODEL_SHA, ExampleSampler.sample(10_000, 16, SAMPLE_SEED));
        long processedBefore = shards("processed");
        Delivery<AttackResults> delivery = send(shard);

        Record<String, SingularityResults> out = awaitResults(1).get(0);
        // Same model bytes, examples and adversarial inputs through the same core code with one BLAS thread: every
        // number is bit-for-bit identical, so they are compared exactly (only the tier times differ).
        SingularityResults expected = Shards.expected(MODEL, shard);
        assertThat(out.key()).isEqualTo(shard.jobId().toString());
        assertThat(out.value().schemaVersion()).isEqualTo(2);
        assertThat(out.value().points()).extracting(PointGeometry::point).contains(PointGeometry.CLEAN,
                PointGeometry.ADVERSARIAL, PointGeometry.CROSSING);
        assertThat(out.value().points()).allSatisfy(point -> {
            assertThat(point.singularValues()).isNotEmpty();
            assertThat(point.primaryLabel()).isEqualTo(point.labels().get(0));
            assertThat(point.reasons()).isNotEmpty();
        });
        assertThat(out.value()).usingRecursiveComparison().ignoringFields("tierMillis")
                .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class).isEqualTo(expected);
        assertThat(out.value().tierMillis()).containsOnlyKeys(SingularityPlan.CHEAP);
        assertThat(delivery.acked).succeedsWithin(PATIENCE);
        assertThat(shards("processed")).isEqualTo(processedBefore + 1);
    }

    @Test
    void costlyTiersRunWithinThePlansBudgetAsCoreRunsThem() throws Exception {
        SingularityPlan plan = new SingularityPlan(List.of(SingularityPlan.CHEAP, SingularityPlan.CLEVER,
                SingularityPlan.SLICES, SingularityPlan.HESSIAN), new SingularityPlan.Budget(2, 4, 16, 2, 1, 15, 8, 3));
        // the untrained model gets about one example in ten right, and only those are attacked (and sliced):
        // take the first ten it classifies correctly
        LabeledData test = new DatasetLoader(TestData.fashionMnistDir()).load(DatasetRef.fashionMnistTest());
        int[] predicted = ModelLoader.load(MODEL, ModelLimits.defaults()).predict(test.features());
        int[] correct = IntStream.range(0, test.size()).filter(i -> predicted[i] == test.labels()[i]).limit(10)
                .toArray();
        AttackResults shard = Shards.attacked(MODEL, MODEL_SHA, correct, plan);
        Delivery<AttackResults> delivery = send(shard);

        SingularityResults out = awaitResults(1).get(0).value();
        SingularityResults expected = Shards.expected(MODEL, shard);
        assertThat(out).usingRecursiveComparison().ignoringFields("tierMillis")
                .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class).isEqualTo(expected);
        assertThat(out.points().stream().filter(p -> p.clever() != null)).hasSize(2);
        assertThat(out.points().stream().filter(p -> p.slice() != null)).hasSize(1);
        assertThat(out.slices()).singleElement().satisfies(picture -> {
            byte[] png = Base64.getDecoder().decode(picture.data());
            assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(picture.width());
        });
        assertThat(out.curvature()).isNotNull();
        assertThat(out.tierMillis()).containsOnlyKeys(SingularityPlan.CHEAP, SingularityPlan.CLEVER,
                SingularityPlan.SLICES, SingularityPlan.HESSIAN);
        assertThat(delivery.acked).succeedsWithin(PATIENCE);
    }

    @Test
    void aRegisteredModelIsAnalysedAndPublishedUnderItsId() throws Exception {
        ModelRegistered registered = new ModelRegistered(ModelRegistered.SCHEMA_VERSION, UUID.randomUUID().toString(),
                "tiny", "1", "dl4j", MODEL_SHA, new int[] {784}, 10, 12_730, Instant.now());
        long before = registry.get("cusp.singularity.models").tag("outcome", "analysed").timer().count();
        Delivery<ModelRegistered> delivery = new Delivery<>(registered);
        modelsRegistered.send(delivery.message);

        await().atMost(PATIENCE).until(() -> !analyses.received().isEmpty());
        Record<String, ModelAnalysis> out = analyses.received().get(0).getPayload();
        assertThat(out.key()).isEqualTo(registered.modelId());
        LabeledData data = new DatasetLoader(TestData.fashionMnistDir()).load(DatasetRef.fashionMnistTest());
        ModelAnalysis expected = ModelAnalysisRunner.run(registered.modelId(), MODEL_SHA,
                ModelLoader.load(MODEL, ModelLimits.defaults()), DatasetRef.fashionMnistTest(), data);
        assertThat(out.value()).usingRecursiveComparison().ignoringFields("millis", "analysedAt")
                .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class).isEqualTo(expected);
        assertThat(out.value().layers()).hasSize(2);
        assertThat(out.value().layers().get(0).units().units()).isEqualTo(16);
        assertThat(delivery.acked).succeedsWithin(PATIENCE);
        assertThat(registry.get("cusp.singularity.models").tag("outcome", "analysed").timer().count())
                .isEqualTo(before + 1);
    }

    @Test
    void aModelNoDataSetMatchesIsNackedWithTheReason() {
        byte[] odd = TestModels.zip(TestModels.mlp(3, DataType.FLOAT, Activation.RELU, 5, 4, 3));
        String sha = Sha256.hex(odd);
        artifacts.put(sha, odd);
        Delivery<ModelRegistered> delivery = new Delivery<>(new ModelRegistered(ModelRegistered.SCHEMA_VERSION,
                "odd-model", "odd", "1", "dl4j", sha, new int[] {5}, 3, 39, Instant.now()));
        modelsRegistered.send(delivery.message);
        assertThat(delivery.nacked).succeedsWithin(PATIENCE)
                .satisfies(reason -> assertThat(reason).hasMessageContaining("odd-model")
                        .hasMessageContaining("[5]").hasMessageContaining("no data set matches"));
        assertThat(analyses.received()).isEmpty();
    }

    @Test
    void shardWhoseModelFailsTheHashCheckIsNackedAndTheNextShardStillRuns() throws Exception {
        String claimed = Sha256.hex("bytes that are not the model".getBytes(StandardCharsets.UTF_8));
        artifacts.put(claimed, MODEL);
        AttackResults good = Shards.attacked(MODEL, MODEL_SHA, new int[] {3, 4, 5});
        long rejectedBefore = shards("rejected");
        Delivery<AttackResults> bad = send(Shards.withModelAndDataset(good, claimed, good.dataset()));
        Delivery<AttackResults> next = send(good);

        assertThat(bad.nacked).succeedsWithin(PATIENCE)
                .satisfies(reason -> assertThat(reason).isInstanceOf(ModelRejectedException.class)
                        .hasMessageContaining(claimed));
        assertThat(awaitResults(1).get(0).key()).isEqualTo(good.jobId().toString());
        assertThat(next.acked).succeedsWithin(PATIENCE);
        assertThat(shards("rejected")).isEqualTo(rejectedBefore + 1);
    }

    @Test
    void unknownDatasetIsNackedWithTheReason() throws Exception {
        AttackResults shard = Shards.attacked(MODEL, MODEL_SHA, new int[] {0, 1});
        Delivery<AttackResults> bad = send(Shards.withModelAndDataset(shard, MODEL_SHA,
                new DatasetRef("imagenet", "test")));

        assertThat(bad.nacked).succeedsWithin(PATIENCE)
                .satisfies(reason -> assertThat(reason).hasMessageContaining("imagenet"));
        assertThat(results.received()).isEmpty();
    }

    @Test
    void gatewayBrieflyAnswering503IsRetriedAndTheShardStillYieldsItsAnalysis() throws Exception {
        byte[] model = TestModels.tinyMlpZip(MODEL_SEED + 100);
        String sha = Sha256.hex(model);
        artifacts.put(sha, model);
        AttackResults shard = Shards.attacked(model, sha, new int[] {6, 7});
        artifacts.failNext(2, 503);
        int requestsBefore = artifacts.requests();
        Delivery<AttackResults> delivery = send(shard);

        assertThat(awaitResults(1).get(0).key()).isEqualTo(shard.jobId().toString());
        assertThat(delivery.acked).succeedsWithin(PATIENCE);
        // Two 503 answers, then the bytes: three requests, back-off 1 s then 2 s in between.
        assertThat(artifacts.requests()).isEqualTo(requestsBefore + 3);
    }

    @Test
    void registeredModelTheGatewayDoesNotKnowIsNackedAfterOneRequest() {
        String unknown = Sha256.hex("never uploaded".getBytes(StandardCharsets.UTF_8));
        int requestsBefore = artifacts.requests();
        Delivery<ModelRegistered> delivery = new Delivery<>(new ModelRegistered(ModelRegistered.SCHEMA_VERSION,
                "ghost-model", "ghost", "1", "dl4j", unknown, new int[] {784}, 10, 12_730, Instant.now()));
        modelsRegistered.send(delivery.message);

        assertThat(delivery.nacked).succeedsWithin(PATIENCE)
                .satisfies(reason -> assertThat(reason).isInstanceOf(ModelFetchException.class)
                        .hasMessageContaining("404"));
        // A 404 is final: asked once, never retried.
        assertThat(artifacts.requests()).isEqualTo(requestsBefore + 1);
    }

    @Test
    void livenessReportsTheWorkerUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("checks.name", hasItem("geometry-worker"));
    }

    private Delivery<AttackResults> send(AttackResults shard) {
        Delivery<AttackResults> delivery = new Delivery<>(shard);
        attackResults.send(delivery.message);
        return delivery;
    }

    private List<Record<String, SingularityResults>> awaitResults(int count) {
        await().atMost(PATIENCE).until(() -> results.received().size() >= count);
        return results.received().stream().map(Message::getPayload).toList();
    }

    private long shards(String outcome) {
        return registry.get("cusp.singularity.shards").tag("outcome", outcome).timer().count();
    }
}
