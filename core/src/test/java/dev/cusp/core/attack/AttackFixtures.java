package dev.cusp.core.attack;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded inputs and labels shared by the attack tests. */
public final class AttackFixtures {

    private AttackFixtures() {
    }

    /** n rows of d uniform values in [lo, hi] (DOUBLE), from a seeded java.util.Random. */
    public static INDArray uniform(int n, int d, double lo, double hi, long seed) {
        java.util.Random rng = new java.util.Random(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = lo + (hi - lo) * rng.nextDouble();
            }
        }
        return Nd4j.createFromArray(x).castTo(DataType.DOUBLE);
    }

    /** The model's predictions, used as labels so that every example starts correctly classified. */
    public static int[] predictions(AttackModel model, INDArray x) {
        return Tensors.argMax(model.logits(x));
    }

    /** Per-row maximum absolute difference. */
    public static double[] linf(INDArray a, INDArray b) {
        return Tensors.toArray(Norm.LINF.of(a.sub(b)));
    }

    /** Per-row L2 distance. */
    public static double[] l2(INDArray a, INDArray b) {
        return Tensors.toArray(Norm.L2.of(a.sub(b)));
    }
}
