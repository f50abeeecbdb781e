package dev.cusp.core.singularity.input;

import dev.cusp.core.model.Classifier;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The decision-boundary crossing on the segment from a clean input to its adversarial point, found by
 * bisection on the predicted class: the bracket [t_lo, t_hi] keeps the clean prediction at t_lo and another
 * class at t_hi, all examples bisected together (one batched prediction per step).
 *
 * @param found     false when the adversarial point has the clean prediction (no crossing to bracket)
 * @param tLow      last t with the clean prediction
 * @param tHigh     first t with another prediction (tHigh − tLow ≤ 2^−steps)
 * @param point     the crossing x(t_hi) on the far side of the boundary, [1,d] (null when not found)
 * @param fromClass the clean prediction
 * @param toClass   the prediction at t_hi
 */
public record BoundaryCrossing(boolean found, double tLow, double tHigh, INDArray point, int fromClass, int toClass) {

    /** 50 halvings: the bracket ends below 1e-15 of the segment, the resolution of double precision. */
    public static final int STEPS = 50;

    /** Crossings for paired batches clean [n,d] → adversarial [n,d] with {@link #STEPS} bisection steps. */
    public static List<BoundaryCrossing> find(Classifier model, INDArray clean, INDArray adversarial) {
        return find(model, clean, adversarial, STEPS);
    }

    /** Crossings with an explicit number of bisection steps. */
    public static List<BoundaryCrossing> find(Classifier model, INDArray clean, INDArray adversarial, int steps) {
        if (clean.rank() != 2 || !java.util.Arrays.equals(clean.shape(), adversarial.shape())) {
            throw new IllegalArgumentException("need paired batches of equal shape [n,d], got "
                    + java.util.Arrays.toString(clean.shape()) + " and " + java.util.Arrays.toString(adversarial.shape()));
        }
        int n = (int) clean.size(0);
        INDArray a = clean.castTo(DataType.DOUBLE);
        INDArray delta = adversarial.castTo(DataType.DOUBLE).sub(a);
        int[] from = model.predict(a);
        int[] to = model.predict(adversarial.castTo(DataType.DOUBLE));
        double[] lo = new double[n];
        double[] hi = new double[n];
        java.util.Arrays.fill(hi, 1.0);
        int[] toClass = to.clone();
        for (int step = 0; step < steps; step++) {
            double[] mid = new double[n];
            for (int i = 0; i < n; i++) {
                mid[i] = (lo[i] + hi[i]) / 2;
            }
            int[] predicted = model.predict(pointsAt(a, delta, mid));
            for (int i = 0; i < n; i++) {
                if (predicted[i] == from[i]) {
                    lo[i] = mid[i];
                } else {
                    hi[i] = mid[i];
                    toClass[i] = predicted[i];
                }
            }
        }
        INDArray crossing = pointsAt(a, delta, hi);
        List<BoundaryCrossing> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean found = to[i] != from[i];
            out.add(found
                    ? new BoundaryCrossing(true, lo[i], hi[i], crossing.getRow(i, true).dup(), from[i], toClass[i])
                    : new BoundaryCrossing(false, Double.NaN, Double.NaN, null, from[i], to[i]));
        }
        return out;
    }

    private static INDArray pointsAt(INDArray a, INDArray delta, double[] t) {
        return delta.mulColumnVector(Nd4j.createFromArray(t).reshape(t.length, 1)).addi(a);
    }
}
