package dev.cusp.core.event;

import java.time.Instant;
import java.util.UUID;

/** Topic {@code analysis.requested}: a job was accepted and split into {@code shardCount} attack tasks. */
public record AnalysisRequested(
        int schemaVersion,
        UUID jobId,
        String modelId,
        String modelSha256,
        DatasetRef dataset,
        int exampleCount,
        long seed,
        AttackPlan attackPlan,
        SingularityPlan singularityPlan,
        int shardCount,
        Instant requestedAt) {
    public static final int SCHEMA_VERSION = 1;
}
