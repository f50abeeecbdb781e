package dev.cusp.report;

import static org.awaitility.Awaitility.await;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads and writes records on the test broker through the SmallRye Kafka companion. */
final class Records {
    /** Consumer group of the report-service (application.properties). */
    static final String GROUP = "cusp-report";
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Records() {
    }

    /** Waits until at least {@code count} records with this key are on the topic (read from its start). */
    static List<ConsumerRecord<String, String>> atLeast(String topic, String key, int count) {
        try (KafkaCompanion kafka = companion();
                ConsumerTask<String, String> task = kafka.consumeStrings().fromTopics(topic)) {
            await().atMost(TIMEOUT).until(() -> keyed(task, key).size() >= count);
            return keyed(task, key);
        }
    }

    /** Every record with this key that is on the topic now (exact: reads up to the partitions' end offsets). */
    static List<ConsumerRecord<String, String>> all(String topic, String key) {
        try (KafkaCompanion kafka = companion()) {
            long total = 0;
            for (var partition : kafka.topics().describe(topic).get(topic).partitions()) {
                TopicPartition tp = new TopicPartition(topic, partition.partition());
                total += kafka.offsets().get(tp, OffsetSpec.latest()).offset()
                        - kafka.offsets().get(tp, OffsetSpec.earliest()).offset();
            }
            try (ConsumerTask<String, String> task = kafka.consumeStrings().fromTopics(topic, total)) {
                task.awaitCompletion(Duration.ofSeconds(30));
                return keyed(task, key);
            }
        }
    }

    /** Sends a string record, waits for the broker's acknowledgement and returns where it landed. */
    static RecordMetadata send(String topic, String key, String value) {
        try (KafkaCompanion kafka = companion()) {
            return kafka.produceStrings().fromRecords(new ProducerRecord<>(topic, key, value))
                    .awaitCompletion(TIMEOUT).getFirstRecord();
        }
    }

    /** Waits until the report-service has consumed and committed the record: its group's offset is past it. */
    static void awaitConsumed(RecordMetadata record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try (KafkaCompanion kafka = companion()) {
            await().atMost(TIMEOUT).until(() -> {
                OffsetAndMetadata committed = kafka.consumerGroups().offsets(GROUP, partition);
                return committed != null && committed.offset() > record.offset();
            });
        }
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        return KafkaCompanion.getHeader(record.headers(), name);
    }

    private static List<ConsumerRecord<String, String>> keyed(ConsumerTask<String, String> task, String key) {
        return task.getRecords().stream().filter(r -> key.equals(r.key())).toList();
    }

    private static KafkaCompanion companion() {
        return new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }
}
