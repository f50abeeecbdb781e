package dev.cusp.core.job;

import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.singularity.Label;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;

/**
 * Sizes shards so that one shard's {@code singularity.results} (schema version 2) fits the broker's limit in the
 * worst case: three points per example (clean, adversarial, crossing) with every part present, every number at its
 * longest JSON form, every label and the most reasons the rules can give at once, plus the slice pictures the plan
 * asks for at their largest ({@link SliceTier#MAX_PICTURE_CHARS}), a fixed envelope and the same safety margin as
 * {@link ShardPlanner}. The JSON skeleton (field names, braces, separators) is read off the event records, so the
 * estimate follows their fields.
 */
public final class GeometryShardSize {
    /** Points per example: clean, adversarial and crossing. */
    static final int POINTS = 3;
    /** Longest JSON of a double ("-2.2250738585072014E-308") or an int/long, each with a separator. */
    static final int NUMBER_CHARS = 25;
    /** Longest label reason in UTF-8 bytes (the widest template, every number at its longest %.4g form), with quotes. */
    static final int REASON_BYTES = 200;
    /** Most reasons one point can have: two each for MASKED, JUNCTION and RANK_DEFICIENT, four for FRAGILE, one else. */
    static final int MAX_REASONS = 15;
    /** Point names, health states and label names are at most this long, with quotes and a separator. */
    static final int NAME_CHARS = 20;
    /** Rules, curvature, tier times, job id and schema fields; the CloudEvents headers and record framing. */
    static final int ENVELOPE_BYTES = 16 * 1024 + 4 * 1024;

    private GeometryShardSize() {
    }

    /**
     * The most examples one shard may hold so that its {@code singularity.results} fits {@code maxMessageBytes}; at
     * least 1. Fails clearly when not even one example fits.
     */
    public static int maxExamplesPerShard(SingularityPlan plan, int classes, int inputSize, int maxMessageBytes) {
        if (classes < 2 || inputSize < 1 || maxMessageBytes < 1) {
            throw new IllegalArgumentException("classes ≥ 2, inputSize ≥ 1 and maxMessageBytes ≥ 1 are required, got "
                    + classes + ", " + inputSize + ", " + maxMessageBytes);
        }
        long available = (long) (maxMessageBytes * ShardPlanner.SAFETY) - ENVELOPE_BYTES - pictureBytes(plan);
        long perExample = bytesPerExample(classes, inputSize);
        if (available / perExample < 1) {
            throw new IllegalArgumentException("one example's singularity results need up to " + perExample
                    + " bytes and the plan's slice pictures " + pictureBytes(plan) + " more (+" + ENVELOPE_BYTES
                    + " envelope, " + (int) (ShardPlanner.SAFETY * 100) + "% of the limit usable): more than the"
                    + " message limit of " + maxMessageBytes + " bytes allows");
        }
        return (int) Math.min(Integer.MAX_VALUE, available / perExample);
    }

    /** Worst-case bytes of one example's points. */
    public static long bytesPerExample(int classes, int inputSize) {
        return POINTS * bytesPerPoint(classes, inputSize);
    }

    /** Worst-case bytes of one point: skeleton, numbers, the singular values, ties, labels and reasons. */
    static long bytesPerPoint(int classes, int inputSize) {
        Shape shape = shape(PointGeometry.class);
        long sigma = Math.min(classes, inputSize);
        return shape.skeleton + (long) shape.numbers * NUMBER_CHARS + (long) shape.names * NAME_CHARS
                + sigma * NUMBER_CHARS + (long) classes * NUMBER_CHARS
                + (long) Label.values().length * NAME_CHARS + (long) MAX_REASONS * REASON_BYTES;
    }

    /** The base64 pictures of the plan's slices at their largest. */
    static long pictureBytes(SingularityPlan plan) {
        if (plan == null || !plan.has(SingularityPlan.SLICES)) {
            return 0;
        }
        return (long) plan.budget().sliceExamples() * (SliceTier.MAX_PICTURE_CHARS + 512);
    }

    /** Skeleton length, scalar numbers and scalar strings of a record type, nested records included. */
    private record Shape(int skeleton, int numbers, int names) {
    }

    private static Shape shape(Class<?> type) {
        int skeleton = 2; // {}
        int numbers = 0;
        int names = 0;
        for (RecordComponent c : type.getRecordComponents()) {
            skeleton += c.getName().length() + 4; // "name": and a comma
            Class<?> t = c.getType();
            if (t.isRecord()) {
                Shape inner = shape(t);
                skeleton += inner.skeleton;
                numbers += inner.numbers;
                names += inner.names;
            } else if (t == String.class) {
                names++;
            } else if (t.isArray() || java.util.List.class.isAssignableFrom(t)) {
                skeleton += 2; // [] (the elements are counted by the caller)
            } else if (t.isPrimitive()) {
                numbers++; // booleans are shorter than numbers
            } else {
                throw new IllegalStateException("no size rule for " + type.getSimpleName() + "." + c.getName()
                        + " of type " + describe(c.getGenericType()));
            }
        }
        return new Shape(skeleton, numbers, names);
    }

    private static String describe(Type t) {
        return t instanceof ParameterizedType p ? p.getTypeName() : t.getTypeName();
    }
}
