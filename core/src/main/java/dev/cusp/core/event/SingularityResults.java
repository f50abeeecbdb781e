package dev.cusp.core.event;

import java.util.List;
import java.util.UUID;

/** Topic {@code singularity.results}: the geometry singularity-service computed for one shard. */
public record SingularityResults(
        int schemaVersion,
        UUID jobId,
        int shardNo,
        int shardCount,
        List<PointGeometry> points) {
    public static final int SCHEMA_VERSION = 1;
}
