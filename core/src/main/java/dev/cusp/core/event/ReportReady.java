package dev.cusp.core.event;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Topic {@code report.ready}: a job's report is stored. {@code robustAccuracy} maps
 * {@code "<attack>/<norm>/<epsilon>"} to the accuracy under that attack.
 */
public record ReportReady(
        int schemaVersion,
        UUID jobId,
        String modelId,
        String modelSha256,
        int examples,
        double cleanAccuracy,
        Map<String, Double> robustAccuracy,
        String verdict,
        Instant at) {
    public static final int SCHEMA_VERSION = 1;
}
