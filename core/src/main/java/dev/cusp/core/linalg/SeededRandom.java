package dev.cusp.core.linalg;

import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J random generators from Cusp's seeds. ND4J (1.0.0-M2.1) reads a seed of 0 as "seed from the clock", so a
 * generator seeded with 0 draws different numbers on every run; Cusp's seed 0 (the default of an
 * {@code AttackRequest}) is passed to ND4J as {@link #ZERO_SEED} instead, and every other seed as it is. Seed 0 and
 * {@link #ZERO_SEED} therefore share one stream.
 */
public final class SeededRandom {

    /** The seed ND4J receives for Cusp's seed 0 (SplitMix64's increment, an odd constant). */
    public static final long ZERO_SEED = 0x9E3779B97F4A7C15L;

    /** The seed ND4J receives for {@code seed}. */
    public static long nd4jSeed(long seed) {
        return seed == 0 ? ZERO_SEED : seed;
    }

    /** A new generator of its own, seeded with {@code seed}. */
    public static Random of(long seed) {
        return Nd4j.getRandomFactory().getNewRandomInstance(nd4jSeed(seed));
    }

    /** Seeds ND4J's global generator of this thread ({@code Nd4j.getRandom()}) with {@code seed}. */
    public static void seedGlobal(long seed) {
        Nd4j.getRandom().setSeed(nd4jSeed(seed));
    }

    private SeededRandom() {
    }
}
