package dev.cusp.gateway;

import static org.awaitility.Awaitility.await;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads and writes records on the test broker through the SmallRye Kafka companion. */
final class Records {
    private Records() {
    }

    /** Waits until {@code count} records with this key are on the topic (read from its start) and returns them. */
    static List<ConsumerRecord<String, String>> atLeast(String topic, String key, int count) {
        try (KafkaCompanion kafka = companion();
                ConsumerTask<String, String> task = kafka.consumeStrings().fromTopics(topic)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> keyed(task, key).size() >= count);
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

    /** Sends JSON (or anything else) as a string record and waits for the broker's acknowledgement. */
    static void send(String topic, String key, String value) {
        try (KafkaCompanion kafka = companion()) {
            kafka.produceStrings().fromRecords(new ProducerRecord<>(topic, key, value))
                    .awaitCompletion(Duration.ofSeconds(30));
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
