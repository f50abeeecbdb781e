package dev.cusp.attack;

import static io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion.getHeader;
import static io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cusp.core.data.DatasetLoader;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.Topics;
import dev.cusp.core.job.AttackShardRunner;
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
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** attack-service on a real Kafka broker: poison and failing tasks land in attack.tasks.dlq, the partition flows on. */
@QuarkusTest
@WithTestResource(KafkaWorkerResource.class)
class AttackDeadLetterIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final byte[] MODEL = TestModels.tinyMlpZip(5);
    private static final String MODEL_SHA = Sha256.hex(MODEL);
    private static final String POISON = "{\"schemaVersion\": 1, \"jobId\": ";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    ObjectMapper json;

    ArtifactServer artifacts;

    @Test
    void poisonAndFailingTasksLandInTheDeadLetterQueueAndTheNextTaskStillYieldsResults() throws Exception {
        artifacts.put(MODEL_SHA, MODEL);
        AttackTask failing = Tasks.of(MODEL_SHA, DatasetRef.fashionMnistTest(), new int[] {0, 1},
                Tasks.unknownAttack());
        AttackTask good = Tasks.fgsm(MODEL_SHA, new int[] {10, 11, 12, 13, 14, 15, 16, 17});
        String key = good.jobId().toString();

        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            // One key, hence one partition: the good task queues behind the two bad ones.
            kafka.produceStrings().fromRecords(List.of(
                    record(Topics.ATTACK_TASKS, key, POISON),
                    record(Topics.ATTACK_TASKS, key, json.writeValueAsString(failing)),
                    record(Topics.ATTACK_TASKS, key, json.writeValueAsString(good))))
                    .awaitCompletion(PATIENCE);

            List<ConsumerRecord<String, String>> dead = kafka.consumeStrings()
                    .fromTopics(Topics.ATTACK_TASKS + Topics.DLQ_SUFFIX, 2)
                    .awaitCompletion(PATIENCE).getRecords();
            assertThat(getHeader(dead.get(0).headers(), "deserialization-failure-data")).isEqualTo(POISON);
            assertThat(getHeader(dead.get(0).headers(), "dead-letter-reason")).isNotBlank();
            assertThat(getHeader(dead.get(1).headers(), "dead-letter-reason")).contains("no-such-attack");
            assertThat(json.readValue(dead.get(1).value(), AttackTask.class).jobId()).isEqualTo(failing.jobId());

            ConsumerRecord<String, String> out = kafka.consumeStrings()
                    .fromTopics(Topics.ATTACK_RESULTS, 1)
                    .awaitCompletion(PATIENCE).getFirstRecord();
            assertThat(out.key()).isEqualTo(key);
            assertThat(getHeader(out.headers(), "ce_type")).isEqualTo(Topics.cloudEventType(Topics.ATTACK_RESULTS));
            assertThat(getHeader(out.headers(), "ce_source")).isEqualTo("urn:cusp:attack-service");
            // Through JSON and back: Jackson writes the shortest decimal that round-trips a double, so the
            // comparison with the direct computation stays exact.
            AttackResults expected = AttackShardRunner.run(
                    ModelLoader.load(MODEL, ModelLimits.defaults()),
                    new DatasetLoader(TestData.fashionMnistDir()).load(good.dataset()),
                    good);
            assertThat(json.readValue(out.value(), AttackResults.class)).usingRecursiveComparison().isEqualTo(expected);
        }
    }
}
