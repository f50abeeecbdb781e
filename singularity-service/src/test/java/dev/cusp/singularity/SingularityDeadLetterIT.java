package dev.cusp.singularity;

import static io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion.getHeader;
import static io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cusp.core.data.DatasetLoader;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.ModelAnalysis;
import dev.cusp.core.event.ModelRegistered;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.event.Topics;
import dev.cusp.core.job.ModelAnalysisRunner;
import dev.cusp.core.model.ModelLimits;
import dev.cusp.core.model.ModelLoader;
import dev.cusp.core.model.Sha256;
import dev.cusp.core.testing.ArtifactServer;
import dev.cusp.core.testing.TestModels;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * singularity-service on a real Kafka broker: a poison record lands in attack.results.dlq, the partition flows on; a
 * registered model's analysis arrives on model.analysis keyed by model id.
 */
@QuarkusTest
@WithTestResource(KafkaWorkerResource.class)
class SingularityDeadLetterIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final byte[] MODEL = TestModels.tinyMlpZip(6);
    private static final String MODEL_SHA = Sha256.hex(MODEL);
    private static final String POISON = "[\"not\", \"attack results\"]";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    ObjectMapper json;

    ArtifactServer artifacts;

    @Test
    void poisonRecordLandsInTheDeadLetterQueueAndTheNextShardStillYieldsGeometry() throws Exception {
        artifacts.put(MODEL_SHA, MODEL);
        AttackResults good = Shards.attacked(MODEL, MODEL_SHA, new int[] {20, 21, 22, 23, 24, 25});
        String key = good.jobId().toString();

        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            kafka.produceStrings().fromRecords(List.of(
                    record(Topics.ATTACK_RESULTS, key, POISON),
                    record(Topics.ATTACK_RESULTS, key, json.writeValueAsString(good))))
                    .awaitCompletion(PATIENCE);

            ConsumerRecord<String, String> dead = kafka.consumeStrings()
                    .fromTopics(Topics.ATTACK_RESULTS + Topics.DLQ_SUFFIX, 1)
                    .awaitCompletion(PATIENCE).getFirstRecord();
            assertThat(getHeader(dead.headers(), "deserialization-failure-data")).isEqualTo(POISON);
            assertThat(getHeader(dead.headers(), "dead-letter-reason")).isNotBlank();

            ConsumerRecord<String, String> out = kafka.consumeStrings()
                    .fromTopics(Topics.SINGULARITY_RESULTS, 1)
                    .awaitCompletion(PATIENCE).getFirstRecord();
            assertThat(out.key()).isEqualTo(key);
            assertThat(getHeader(out.headers(), "ce_type"))
                    .isEqualTo(Topics.cloudEventType(Topics.SINGULARITY_RESULTS));
            assertThat(getHeader(out.headers(), "ce_source")).isEqualTo("urn:cusp:singularity-service");
            // Through JSON and back (the shortest decimal that round-trips each double): still exact.
            SingularityResults expected = Shards.expected(MODEL, good);
            assertThat(json.readValue(out.value(), SingularityResults.class))
                    .usingRecursiveComparison().ignoringFields("tierMillis")
                    .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class).isEqualTo(expected);
        }
    }

    @Test
    void aRegisteredModelsAnalysisIsPublishedUnderItsIdWithCloudEventsHeaders() throws Exception {
        artifacts.put(MODEL_SHA, MODEL);
        String modelId = UUID.randomUUID().toString();
        ModelRegistered registered = new ModelRegistered(ModelRegistered.SCHEMA_VERSION, modelId, "tiny", "1", "dl4j",
                MODEL_SHA, new int[] {784}, 10, 12_730, Instant.now());
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            kafka.produceStrings().fromRecords(List.of(
                    record(Topics.MODEL_REGISTERED, modelId, json.writeValueAsString(registered))))
                    .awaitCompletion(PATIENCE);
            ConsumerRecord<String, String> out = kafka.consumeStrings().fromTopics(Topics.MODEL_ANALYSIS, 1)
                    .awaitCompletion(PATIENCE).getFirstRecord();
            assertThat(out.key()).isEqualTo(modelId);
            assertThat(getHeader(out.headers(), "ce_type")).isEqualTo(Topics.cloudEventType(Topics.MODEL_ANALYSIS));
            assertThat(getHeader(out.headers(), "ce_source")).isEqualTo("urn:cusp:singularity-service");
            ModelAnalysis analysis = json.readValue(out.value(), ModelAnalysis.class);
            ModelAnalysis expected = ModelAnalysisRunner.run(modelId, MODEL_SHA,
                    ModelLoader.load(MODEL, ModelLimits.defaults()), DatasetRef.fashionMnistTest(),
                    new DatasetLoader(TestData.fashionMnistDir()).load(DatasetRef.fashionMnistTest()));
            assertThat(analysis).usingRecursiveComparison().ignoringFields("millis", "analysedAt")
                    .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class).isEqualTo(expected);
        }
    }
}
