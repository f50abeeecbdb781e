package dev.cusp.singularity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import dev.cusp.core.data.DatasetLoader;
import dev.cusp.core.data.ExampleSampler;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.job.GeometryShardRunner;
import dev.cusp.core.model.ModelLimits;
import dev.cusp.core.model.ModelLoader;
import dev.cusp.core.model.ModelRejectedException;
import dev.cusp.core.model.Sha256;
import dev.cusp.core.testing.TestModels;
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
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** singularity-service on in-memory channels: geometry equals core's direct computation; bad shards are nacked. */
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

    @BeforeEach
    void setUp() {
        artifacts.put(MODEL_SHA, MODEL);
        attackResults = connector.source("attack-results");
        results = connector.sink("singularity-results");
        results.clear();
    }

    @Test
    void shardGeometryEqualsWhatCoreComputesForTheSameAttackResults() throws Exception {
        AttackResults shard = Shards.attacked(MODEL, MODEL_SHA, ExampleSampler.sample(10_000, 16, SAMPLE_SEED));
        long processedBefore = shards("processed");
        Delivery<AttackResults> delivery = send(shard);

        Record<String, SingularityResults> out = awaitResults(1).get(0);
        // Same model bytes, examples and adversarial inputs through the same core code with one BLAS thread:
        // the spectra, condition numbers and margins are bit-for-bit identical, so they are compared exactly.
        SingularityResults expected = GeometryShardRunner.run(
                ModelLoader.load(MODEL, ModelLimits.defaults()),
                new DatasetLoader(TestData.fashionMnistDir()).load(shard.dataset()),
                shard);
        assertThat(out.key()).isEqualTo(shard.jobId().toString());
        assertThat(out.value().points()).isNotEmpty()
                .allSatisfy(point -> assertThat(point.singularValues()).isNotEmpty());
        assertThat(out.value()).usingRecursiveComparison().isEqualTo(expected);
        assertThat(delivery.acked).succeedsWithin(PATIENCE);
        assertThat(shards("processed")).isEqualTo(processedBefore + 1);
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
