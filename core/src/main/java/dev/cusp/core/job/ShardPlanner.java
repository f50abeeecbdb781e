package dev.cusp.core.job;

import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sizes shards so that one shard's {@code attack.results} message fits the broker's limit (worst case: every
 * adversarial row incompressible, every number at its longest JSON form, plus a fixed envelope and a safety
 * margin) and its work fits a cost budget: Σ over the plan's attacks of the worst-case cost per example in
 * gradient-evaluation units ({@link AttackRegistry.Configured#costPerExample}: per ε for fixed-ε attacks and
 * AutoAttack, once for minimal-norm attacks; a forward query counts {@link AttackRegistry#QUERY_COST}).
 * {@code singularity.results} carries per example 2 points × min(c, d) singular values, far smaller than one
 * encoded input row for image data; for tiny inputs the per-outcome JSON already dominates both.
 */
public final class ShardPlanner {
    /** Fraction of the message limit a shard may use; the rest absorbs what the estimate cannot see. */
    static final double SAFETY = 0.8;
    /** Job id, model hash, data set, plan, schema fields, CloudEvents headers and Kafka record overhead. */
    static final int ENVELOPE_BYTES = 16 * 1024;
    /** Longest JSON forms: a double ("-2.2250738585072014E-308") and an int ("-2147483648"), with a separator. */
    static final int DOUBLE_CHARS = 25;
    static final int INT_CHARS = 12;
    private static final String EXAMPLE_JSON =
            "{\"exampleIndex\":,\"label\":,\"cleanPrediction\":,\"outcomes\":[]},";
    private static final String OUTCOME_JSON = "{\"attack\":\"\",\"norm\":\"\",\"epsilon\":,\"success\":false,"
            + "\"adversarialPrediction\":,\"linf\":,\"l2\":,\"l0\":,\"iterations\":,\"gradientEvaluations\":,\"queries\":,"
            + "\"l1\":,\"margin\":,\"stage\":\"\",\"seed\":},";
    /** Longest stage name of an AutoAttack outcome ("apgd-t", "fab-t", "square", "clean"), escaped at worst. */
    static final int STAGE_CHARS = 6 * 6;
    /** Longest long in JSON. */
    static final int LONG_CHARS = 21;
    /** Classes assumed by the contract's overload (Fashion-MNIST and the demo model have 10). */
    public static final int DEFAULT_CLASSES = 10;

    /**
     * The most examples one shard may hold; at least 1 (one example is never split). Fails clearly when
     * even one example's results cannot fit {@code maxMessageBytes}.
     */
    public static int maxExamplesPerShard(AttackPlan plan, int inputSize, int maxMessageBytes, int costBudget) {
        return maxExamplesPerShard(plan, inputSize, DEFAULT_CLASSES, maxMessageBytes, costBudget);
    }

    /** As above for a model with {@code classes} classes (FAB's and APGD-T's costs depend on it). */
    public static int maxExamplesPerShard(AttackPlan plan, int inputSize, int classes, int maxMessageBytes,
            int costBudget) {
        if (plan == null || plan.attacks() == null || plan.attacks().isEmpty()) {
            throw new IllegalArgumentException("the attack plan has no attacks");
        }
        if (inputSize < 1 || maxMessageBytes < 1 || costBudget < 1) {
            throw new IllegalArgumentException("inputSize, maxMessageBytes and costBudget must be positive, got "
                    + inputSize + ", " + maxMessageBytes + ", " + costBudget);
        }
        long perExample = bytesPerExample(plan, inputSize);
        long available = (long) (maxMessageBytes * SAFETY) - ENVELOPE_BYTES;
        long bySize = available / perExample;
        if (bySize < 1) {
            throw new IllegalArgumentException("one example's attack results need up to " + perExample
                    + " bytes (+" + ENVELOPE_BYTES + " envelope, " + (int) (SAFETY * 100) + "% of the limit usable), "
                    + "more than the message limit of " + maxMessageBytes + " bytes allows");
        }
        long byCost = Math.max(1, (long) Math.floor(costBudget / costPerExample(plan, Math.max(2, classes))));
        return (int) Math.min(Integer.MAX_VALUE, Math.min(bySize, byCost));
    }

    /** Consecutive shards of at most {@code shardSize} indices, in order. */
    public static List<int[]> split(int[] indices, int shardSize) {
        if (shardSize < 1) {
            throw new IllegalArgumentException("shard size must be at least 1, got " + shardSize);
        }
        List<int[]> shards = new ArrayList<>((indices.length + shardSize - 1) / shardSize);
        for (int start = 0; start < indices.length; start += shardSize) {
            shards.add(Arrays.copyOfRange(indices, start, Math.min(indices.length, start + shardSize)));
        }
        return shards;
    }

    /** Worst-case bytes of one example in {@code attack.results}: its encoded adversarial row and its JSON. */
    static long bytesPerExample(AttackPlan plan, int inputSize) {
        long json = 2L * INT_CHARS + EXAMPLE_JSON.length() + 3L * INT_CHARS; // its index in exampleIndices and provenance + its row
        for (AttackSpec spec : plan.attacks()) {
            int names = 6 * (length(spec.attack()) + length(spec.norm())); // \\uXXXX escapes at worst
            json += (long) epsilonCount(spec) * (OUTCOME_JSON.length() + names + 7L * DOUBLE_CHARS + 4L * INT_CHARS
                    + STAGE_CHARS + LONG_CHARS);
        }
        return bytesPerRow(inputSize) + json;
    }

    /** Worst-case share of one input row in a {@code TensorCodec} encoding: incompressible float32, base64. */
    static long bytesPerRow(int inputSize) {
        long raw = 4L * inputSize;
        long deflated = raw + 5 * (raw / 65_535 + 1); // stored deflate blocks: 5 header bytes per 64 KiB
        return (deflated * 4 + 2) / 3 + 4; // base64, with padding
    }

    /** Σ over the plan's attacks of the worst-case cost units per example (at least 1): the least a shard costs. */
    public static double costPerExample(AttackPlan plan, int classes) {
        double cost = 0;
        for (AttackSpec spec : plan.attacks()) {
            epsilonCount(spec);
            cost += AttackRegistry.configure(spec).costPerExample(spec.epsilons(), classes);
        }
        return Math.max(1, cost);
    }

    private static int epsilonCount(AttackSpec spec) {
        if (spec.epsilons() == null || spec.epsilons().isEmpty()) {
            throw new IllegalArgumentException("attack '" + spec.attack() + "' has no ε");
        }
        return spec.epsilons().size();
    }

    private static int length(String s) {
        return s == null ? 4 : s.length();
    }

    private ShardPlanner() {
    }
}
