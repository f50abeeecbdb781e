package dev.cusp.core.event;

import java.util.UUID;

/**
 * Topic {@code attack.tasks}: one shard of a job. {@code exampleIndices} are indices into the data set;
 * {@code offset} is the position of the shard's first example within the job. Schema 2 adds {@code seed}, the
 * job's seed, from which every attack run's seed is derived ({@code dev.cusp.core.job.RunSeeds}).
 */
public record AttackTask(
        int schemaVersion,
        UUID jobId,
        int shardNo,
        int shardCount,
        String modelSha256,
        DatasetRef dataset,
        int offset,
        int[] exampleIndices,
        AttackPlan plan,
        SingularityPlan singularityPlan,
        long seed) {
    public static final int SCHEMA_VERSION = 2;
}
