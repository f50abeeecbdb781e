package dev.cusp.core.event;

import dev.cusp.core.singularity.LabelRules;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Topic {@code singularity.results}: the geometry singularity-service computed for one shard. Schema version 1 has the
 * first five fields; version 2 ({@link #SCHEMA_VERSION}) adds the label thresholds used for every point of the
 * shard, the slice pictures of the slices tier, the loss curvature of the Hessian tier (shard 0 only) and the time
 * each tier took.
 *
 * @param rules      thresholds of every point's labels (null in version 1)
 * @param slices     one PNG per slice (empty unless the plan has the slices tier)
 * @param curvature  loss-Hessian top eigenvalue and trace over the shard's first examples (null unless the plan has
 *                   the Hessian tier and this is shard 0)
 * @param tierMillis wall-clock milliseconds per tier ({@code cheap}, {@code clever}, {@code slices}, {@code hessian})
 */
public record SingularityResults(
        int schemaVersion,
        UUID jobId,
        int shardNo,
        int shardCount,
        List<PointGeometry> points,
        LabelRules rules,
        List<SlicePicture> slices,
        Curvature curvature,
        Map<String, Long> tierMillis) {
    public static final int SCHEMA_VERSION = 2;

    /** A schema-version-1 shard: points only. */
    public SingularityResults(int schemaVersion, UUID jobId, int shardNo, int shardCount, List<PointGeometry> points) {
        this(schemaVersion, jobId, shardNo, shardCount, points, null, List.of(), null, Map.of());
    }
}
