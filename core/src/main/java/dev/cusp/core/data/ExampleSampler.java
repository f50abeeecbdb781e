package dev.cusp.core.data;

import java.util.Arrays;
import java.util.Random;

/** Picks a seeded sample of distinct example indices from a data set. */
public final class ExampleSampler {

    /**
     * {@code count} distinct indices from [0, population), chosen uniformly by a partial Fisher–Yates
     * shuffle seeded with {@code seed}, returned in ascending order (same seed, same sample).
     */
    public static int[] sample(int population, int count, long seed) {
        if (population < 0) {
            throw new IllegalArgumentException("population must be ≥ 0, got " + population);
        }
        if (count < 0 || count > population) {
            throw new IllegalArgumentException("cannot sample " + count + " distinct examples from " + population);
        }
        int[] pool = new int[population];
        for (int i = 0; i < population; i++) {
            pool[i] = i;
        }
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(population - i);
            int tmp = pool[i];
            pool[i] = pool[j];
            pool[j] = tmp;
        }
        int[] sample = Arrays.copyOf(pool, count);
        Arrays.sort(sample);
        return sample;
    }

    private ExampleSampler() {
    }
}
