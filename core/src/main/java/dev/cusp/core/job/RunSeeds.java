package dev.cusp.core.job;

/**
 * Seeds of the attack runs of a shard, derived deterministically from the job seed, the shard number, the
 * attack's position in the plan and the ε's position (−1 for a minimal-norm run) by SplitMix64 finalisers, so
 * that the same job and shard give the same results and distinct runs get unrelated seeds.
 */
public final class RunSeeds {
    /** Marks the one run of a minimal-norm attack (it serves every ε). */
    public static final int ALL_EPSILONS = -1;

    /** The seed of one run. */
    public static long of(long jobSeed, int shardNo, int attackIndex, int epsilonIndex) {
        long h = mix(jobSeed);
        h = mix(h ^ shardNo);
        h = mix(h ^ ((long) attackIndex << 32));
        return mix(h ^ (epsilonIndex + 1L));
    }

    /** SplitMix64's increment and finaliser (Steele, Lea &amp; Flood 2014). */
    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private RunSeeds() {
    }
}
