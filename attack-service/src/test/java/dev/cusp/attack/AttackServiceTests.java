package dev.cusp.attack;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import dev.cusp.core.data.DatasetLoader;
import dev.cusp.core.data.ExampleSampler;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.job.AttackShardRunner;
import dev.cusp.core.model.ModelLimits;
import dev.cusp.core.model.ModelLoader;
import dev.cusp.core.model.ModelRejectedException;
import dev.cusp.core.model.Sha256;
import dev.cusp.core.testing.ArtifactServer;
import dev.cusp.core.testing.TestModels;
import dev.cusp.core.worker.GatewayUnavailableException;
import dev.cusp.core.worker.ModelFetchException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** attack-service on in-memory channels: results equal core's direct computation; bad tasks are nacked and skipped. */
@QuarkusTest
@WithTestResource(InMemoryWorkerResource.class)
class AttackServiceTests {
    private static final long MODEL_SEED = 11;
    private static final long SAMPLE_SEED = 42;
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final byte[] MODEL = TestModels.tinyMlpZip(MODEL_SEED);
    private static final String MODEL_SHA = Sha256.hex(MODEL);

    @Inject
    @Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Inject
    MeterRegistry registry;

    ArtifactServer artifacts;

    private InMemorySource<Message<AttackTask>> tasks;
    private InMemorySink<Record<String, AttackResults>> results;

    @BeforeEach
    void setUp() {
        artifacts.put(MODEL_SHA, MODEL);
        tasks = connector.source("attack-tasks");
        results = connector.sink("attack-results");
        results.clear();
    }

    @Test
    void shardResultsEqualWhatCoreComputesForTheSameModelAndExamples() throws Exception {
        AttackTask task = Tasks.fgsm(MODEL_SHA, ExampleSampler.sample(10_000, 24, SAMPLE_SEED));
        long processedBefore = shards("processed");
        Delivery<AttackTask> delivery = send(task);

        Record<String, AttackResults> out = awaitResults(1).get(0);
        // Same model bytes, examples and task through the same core code with one BLAS thread: the results are
        // bit-for-bit identical, so every field (norms included) is compared exactly.
        AttackResults expected = AttackShardRunner.run(
                ModelLoader.load(MODEL, ModelLimits.defaults()),
                new DatasetLoader(TestData.fashionMnistDir()).load(task.dataset()),
                task);
        assertThat(out.key()).isEqualTo(task.jobId().toString());
        assertThat(out.value().examples()).hasSize(24)
                .allSatisfy(example -> assertThat(example.outcomes()).hasSize(Tasks.EPSILONS.size()));
        assertThat(out.value()).usingRecursiveComparison().isEqualTo(expected);
        assertThat(delivery.acked).succeedsWithin(PATIENCE);
        assertThat(delivery.nacked).isNotDone();
        assertThat(shards("processed")).isEqualTo(processedBefore + 1);
    }

    @Test
    void aMultiAttackTaskGivesWhatCoreComputesDirectlyWithProvenance() throws Exception {
        AttackTask task = Tasks.catalogue(MODEL_SHA, ExampleSampler.sample(10_000, 6, SAMPLE_SEED + 1));
        Delivery<AttackTask> delivery = send(task);

        Record<String, AttackResults> out = awaitResults(1).get(0);
        AttackResults expected = AttackShardRunner.run(
                ModelLoader.load(MODEL, ModelLimits.defaults()),
                new DatasetLoader(TestData.fashionMnistDir()).load(task.dataset()),
                task);
        assertThat(out.value()).usingRecursiveComparison().isEqualTo(expected);
        // 3 + 3 + 3 + 1 + 1 outcomes per example, each attack named as planned
        assertThat(out.value().examples()).allSatisfy(example -> assertThat(example.outcomes()).hasSize(11));
        assertThat(out.value().provenance().modelSha256()).isEqualTo(MODEL_SHA);
        assertThat(out.value().provenance().attacks()).extracting(r -> r.attack())
                .containsExactly("fgsm", "pgd", "deepfool", "square", "autoattack");
        assertThat(out.value().masking().examples()).isEqualTo(6);
        assertThat(delivery.acked).succeedsWithin(PATIENCE);
    }

    @Test
    void taskWhoseModelFailsTheHashCheckIsNackedAndTheNextTaskStillRuns() {
        String claimed = Sha256.hex("bytes that are not the model".getBytes(StandardCharsets.UTF_8));
        artifacts.put(claimed, MODEL);
        long rejectedBefore = shards("rejected");
        Delivery<AttackTask> bad = send(Tasks.fgsm(claimed, new int[] {0, 1, 2}));
        AttackTask next = Tasks.fgsm(MODEL_SHA, new int[] {3, 4, 5});
        Delivery<AttackTask> good = send(next);

        assertThat(bad.nacked).succeedsWithin(PATIENCE)
                .satisfies(reason -> assertThat(reason).isInstanceOf(ModelRejectedException.class)
                        .hasMessageContaining(claimed));
        assertThat(awaitResults(1).get(0).key()).isEqualTo(next.jobId().toString());
        assertThat(good.acked).succeedsWithin(PATIENCE);
        assertThat(shards("rejected")).isEqualTo(rejectedBefore + 1);
    }

    @Test
    void unknownAttackIsNackedWithTheReason() {
        Delivery<AttackTask> bad = send(Tasks.of(MODEL_SHA, DatasetRef.fashionMnistTest(), new int[] {0, 1},
                Tasks.unknownAttack()));

        assertThat(bad.nacked).succeedsWithin(PATIENCE)
                .satisfies(reason -> assertThat(reason).hasMessageContaining("no-such-attack"));
        assertThat(results.received()).isEmpty();
    }

    @Test
    void unknownDatasetIsNackedWithTheReason() {
        Delivery<AttackTask> bad = send(Tasks.of(MODEL_SHA, new DatasetRef("imagenet", "test"), new int[] {0},
                AttackSpec.fgsm(Tasks.EPSILONS)));

        assertThat(bad.nacked).succeedsWithin(PATIENCE)
                .satisfies(reason -> assertThat(reason).hasMessageContaining("imagenet"));
    }

    @Test
    void modelTheGatewayDoesNotKnowIsNackedWithThe404() {
        String unknown = Sha256.hex("never uploaded".getBytes(StandardCharsets.UTF_8));
        Delivery<AttackTask> bad = send(Tasks.fgsm(unknown, new int[] {0}));

        int requestsBefore = artifacts.requests();
        assertThat(bad.nacked).succeedsWithin(PATIENCE)
                .satisfies(reason -> assertThat(reason).isInstanceOf(ModelFetchException.class)
                        .hasMessageContaining(unknown).hasMessageContaining("404"));
        // A 404 is final: asked once, never retried.
        assertThat(artifacts.requests()).isEqualTo(requestsBefore + 1);
    }

    @Test
    void gatewayBrieflyAnswering503IsRetriedAndTheShardStillYieldsResults() {
        String sha = uncachedModel(MODEL_SEED + 100);
        artifacts.failNext(2, 503);
        int requestsBefore = artifacts.requests();
        AttackTask task = Tasks.fgsm(sha, new int[] {0, 1, 2});
        Delivery<AttackTask> delivery = send(task);

        assertThat(awaitResults(1).get(0).key()).isEqualTo(task.jobId().toString());
        assertThat(delivery.acked).succeedsWithin(PATIENCE);
        assertThat(delivery.nacked).isNotDone();
        // Two 503 answers, then the bytes: three requests, back-off 1 s then 2 s in between.
        assertThat(artifacts.requests()).isEqualTo(requestsBefore + 3);
    }

    @Test
    void gatewayUnavailableBeyondTheRetryBudgetIsNackedAsTransient() {
        String sha = uncachedModel(MODEL_SEED + 200);
        artifacts.failNext(50, 503);
        int requestsBefore = artifacts.requests();
        long start = System.nanoTime();
        Delivery<AttackTask> delivery = send(Tasks.fgsm(sha, new int[] {0}));

        try {
            assertThat(delivery.nacked).succeedsWithin(PATIENCE)
                    .satisfies(reason -> assertThat(reason).isInstanceOf(GatewayUnavailableException.class)
                            .hasMessageContaining("503"));
        } finally {
            artifacts.clearFailures();
        }
        // max-retries 4: five requests in all, after back-off of about 1 + 2 + 4 + 8 s (each +- 0.2 s jitter).
        assertThat(artifacts.requests()).isEqualTo(requestsBefore + 5);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(14), PATIENCE);
    }

    @Test
    void taskWithoutModelHashIsNackedSayingWhatIsMissing() {
        AttackTask task = Tasks.fgsm(MODEL_SHA, new int[] {0});
        AttackTask incomplete = new AttackTask(task.schemaVersion(), UUID.randomUUID(), 3, 4, null, task.dataset(),
                0, task.exampleIndices(), task.plan(), task.singularityPlan(), task.seed());
        Delivery<AttackTask> bad = send(incomplete);

        assertThat(bad.nacked).succeedsWithin(PATIENCE)
                .satisfies(reason -> assertThat(reason).hasMessageContaining("modelSha256")
                        .hasMessageContaining(incomplete.jobId().toString()));
    }

    @Test
    void livenessReportsTheWorkerUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("checks.name", hasItem("attack-worker"));
    }

    /** Serves a model no earlier test has loaded, so that the next task must fetch it; returns its hash. */
    private String uncachedModel(long seed) {
        byte[] model = TestModels.tinyMlpZip(seed);
        String sha = Sha256.hex(model);
        artifacts.put(sha, model);
        return sha;
    }

    private Delivery<AttackTask> send(AttackTask task) {
        Delivery<AttackTask> delivery = new Delivery<>(task);
        tasks.send(delivery.message);
        return delivery;
    }

    private List<Record<String, AttackResults>> awaitResults(int count) {
        await().atMost(PATIENCE).until(() -> results.received().size() >= count);
        return results.received().stream().map(Message::getPayload).toList();
    }

    private long shards(String outcome) {
        return registry.get("cusp.attack.shards").tag("outcome", outcome).timer().count();
    }
}
