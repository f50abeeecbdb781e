package dev.cusp.core.data;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded two-moons set (as scikit-learn's {@code make_moons}): two interleaved half circles with Gaussian
 * noise, scaled isotropically into [0,1]² by p ↦ (p − (½, ¼))/4 + ½ and clipped there, so attacks clip to
 * the same data range as for images.
 */
public final class TwoMoons {
    public static final int CLASSES = 2;
    static final double SCALE = 0.25;

    /** {@code n} points (class 0 gets ⌈n/2⌉), noise standard deviation {@code noise} before scaling, shuffled. */
    public static LabeledData generate(int n, double noise, long seed) {
        if (n < 2) {
            throw new IllegalArgumentException("two moons need at least 2 points, got " + n);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite value ≥ 0, got " + noise);
        }
        Random random = new Random(seed);
        int outer = (n + 1) / 2;
        int inner = n - outer;
        float[] points = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            boolean isOuter = i < outer;
            int k = isOuter ? i : i - outer;
            int m = isOuter ? outer : inner;
            double t = m == 1 ? 0 : Math.PI * k / (m - 1);
            double x = isOuter ? Math.cos(t) : 1 - Math.cos(t);
            double y = isOuter ? Math.sin(t) : 0.5 - Math.sin(t);
            x += noise * random.nextGaussian();
            y += noise * random.nextGaussian();
            points[2 * i] = (float) clip((x - 0.5) * SCALE + 0.5);
            points[2 * i + 1] = (float) clip((y - 0.25) * SCALE + 0.5);
            labels[i] = isOuter ? 0 : 1;
        }
        int[] order = shuffled(n, random);
        float[] shuffledPoints = new float[2 * n];
        int[] shuffledLabels = new int[n];
        for (int i = 0; i < n; i++) {
            shuffledPoints[2 * i] = points[2 * order[i]];
            shuffledPoints[2 * i + 1] = points[2 * order[i] + 1];
            shuffledLabels[i] = labels[order[i]];
        }
        return new LabeledData(Nd4j.create(shuffledPoints, new long[] {n, 2}, DataType.FLOAT), shuffledLabels, CLASSES);
    }

    private static double clip(double v) {
        return Math.min(1, Math.max(0, v));
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    private TwoMoons() {
    }
}
