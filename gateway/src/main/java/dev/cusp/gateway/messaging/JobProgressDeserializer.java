package dev.cusp.gateway.messaging;

import dev.cusp.core.event.JobProgress;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Reads {@code job.progress} JSON. */
public class JobProgressDeserializer extends ObjectMapperDeserializer<JobProgress> {
    public JobProgressDeserializer() {
        super(JobProgress.class);
    }
}
