package dev.cusp.core.job;

import dev.cusp.core.data.ExampleSampler;
import dev.cusp.core.data.LabeledData;

/**
 * A fixed, seeded sample of a data set that does not depend on any job: the population behind the reference
 * quantiles of the label rules ({@link LabelReference}) and the batch of the per-model analysis
 * ({@link ModelAnalysisRunner}). Drawn from the data set the job analyses (Fashion-MNIST's test split, or two moons),
 * not the training split: loading 60,000 training images would cost every worker about 190 MB.
 */
public final class ReferenceBatch {
    /** Examples in the reference population of the label rules. */
    public static final int SIZE = 256;
    /** Seed of every reference sample. */
    public static final long SEED = 20_180_430L;

    private ReferenceBatch() {
    }

    /** The first {@code size} examples of a seeded sample of {@code data} (all of it when smaller). */
    public static LabeledData of(LabeledData data, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a reference batch needs at least one example, got " + size);
        }
        return data.select(ExampleSampler.sample(data.size(), Math.min(size, data.size()), SEED));
    }
}
