package dev.cusp.singularity.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.SingularityResults;
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
}
