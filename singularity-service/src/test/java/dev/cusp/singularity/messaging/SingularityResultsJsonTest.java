package dev.cusp.singularity.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.model.Sha256;
import dev.cusp.core.testing.TestModels;
import dev.cusp.singularity.Shards;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;
import io.quarkus.kafka.client.serialization.ObjectMapperSerializer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** singularity.results through the configured Kafka serializer and back, including an infinite condition number. */
class SingularityResultsJsonTest {

    @Test
    void rankDeficientPointKeepsItsInfiniteConditionNumberThroughJson() {
        // σ_min = 0 makes κ = σ1/σc = +∞ (GeometryShardRunner); JSON has no infinity literal, so it must survive
        // as Jackson's "Infinity" string and come back as the same double.
        PointGeometry singular = new PointGeometry(7, PointGeometry.ADVERSARIAL, 3, new double[] {2.5, 1e-3, 0.0},
                Double.POSITIVE_INFINITY, -0.25);
        PointGeometry regular = new PointGeometry(7, PointGeometry.CLEAN, 1, new double[] {2.5, 1.0, 0.1}, 25.0, 1.5);
        SingularityResults results = new SingularityResults(SingularityResults.SCHEMA_VERSION, UUID.randomUUID(), 2, 5,
                List.of(regular, singular));

        byte[] json;
        try (ObjectMapperSerializer<SingularityResults> serializer = new ObjectMapperSerializer<>()) {
            json = serializer.serialize("singularity.results", results);
        }
        SingularityResults back;
        try (ObjectMapperDeserializer<SingularityResults> deserializer =
                new ObjectMapperDeserializer<>(SingularityResults.class)) {
            back = deserializer.deserialize("singularity.results", json);
        }

        assertThat(back).usingRecursiveComparison().isEqualTo(results);
        assertThat(back.points().get(1).conditionNumber()).isInfinite();
    }

    @Test
    void aVersionTwoShardWithEveryTierSurvivesTheConfiguredSerializers() throws Exception {
        // NaN (parts that do not apply), ±∞ (first-order distances where ∇m = 0), base64 pictures, the label rules
        byte[] model = TestModels.tinyMlpZip(21);
        SingularityPlan plan = new SingularityPlan(List.of(SingularityPlan.CLEVER, SingularityPlan.SLICES,
                SingularityPlan.HESSIAN), new SingularityPlan.Budget(1, 3, 8, 1, 1, 11, 4, 2));
        AttackResults shard = Shards.attacked(model, Sha256.hex(model), new int[] {1, 2, 3, 4, 5, 6}, plan);
        SingularityResults results = Shards.expected(model, shard);
        byte[] json;
        try (ObjectMapperSerializer<SingularityResults> serializer = new ObjectMapperSerializer<>()) {
            json = serializer.serialize("singularity.results", results);
        }
        SingularityResults back;
        try (ObjectMapperDeserializer<SingularityResults> deserializer =
                new ObjectMapperDeserializer<>(SingularityResults.class)) {
            back = deserializer.deserialize("singularity.results", json);
        }
        assertThat(back).usingRecursiveComparison()
                .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class).isEqualTo(results);
        assertThat(back.rules().fragileL2()).isNaN();
        assertThat(back.slices()).hasSize(1);
    }
}
