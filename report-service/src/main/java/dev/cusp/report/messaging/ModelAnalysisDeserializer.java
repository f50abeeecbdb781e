package dev.cusp.report.messaging;

import dev.cusp.core.event.ModelAnalysis;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** JSON deserializer of {@code model.analysis} records (explicit, so the dead-letter queue knows the type). */
public class ModelAnalysisDeserializer extends ObjectMapperDeserializer<ModelAnalysis> {
    public ModelAnalysisDeserializer() {
        super(ModelAnalysis.class);
    }
}
