package dev.cusp.core.event;

import java.util.List;

/**
 * How a shard's outcomes were computed, enough to recompute them: the model's SHA-256, the data set and example
 * indices, the job seed, the Cusp version, and per attack of the plan its full parameter record (defaults
 * included) and the seed of each run.
 */
public record Provenance(
        String modelSha256,
        DatasetRef dataset,
        int[] exampleIndices,
        long jobSeed,
        String cuspVersion,
        List<AttackRun> attacks) {
}
