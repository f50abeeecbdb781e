package dev.cusp.core.singularity.input;

import dev.cusp.core.model.Classifier;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Health of the input gradient of the loss at a point, after ART's {@code loss_gradient_check}
 * ({@code art/metrics/gradient_check.py}): all-zero, NaN or infinite gradients, plus a vanishing but non-zero
 * gradient (softmax saturation); any of them makes gradient-based indicators (CLEVER, DeepFool, first-order
 * distances) unreliable there — gradient masking.
 */
public record GradientHealth(Status status, double norm) {

    /** The state of ∇_x ℓ. */
    public enum Status {
        OK,
        ZERO,
        NAN,
        INFINITE,
        SATURATED
    }

    /** 0 &lt; ‖∇_x ℓ‖₂ below this: saturated (a proposal: far below any gradient an attack can use in double). */
    public static final double SATURATION_NORM = 1e-12;

    public boolean ok() {
        return status == Status.OK;
    }

    /** Per-example health of the cross-entropy gradient against the given classes, in DOUBLE. */
    public static List<GradientHealth> of(Classifier model, INDArray x, int[] classes) {
        Classifier m = model.inDouble();
        INDArray oneHot = org.nd4j.linalg.factory.Nd4j.zeros(DataType.DOUBLE, classes.length, m.classes());
        for (int i = 0; i < classes.length; i++) {
            oneHot.putScalar(i, classes[i], 1.0);
        }
        return of(m.lossGradient(x.castTo(DataType.DOUBLE), oneHot));
    }

    /** Per-row health of gradients [n,d]. */
    public static List<GradientHealth> of(INDArray gradients) {
        List<GradientHealth> out = new ArrayList<>();
        double[] norms = gradients.norm2(1).toDoubleVector();
        for (int i = 0; i < gradients.rows(); i++) {
            INDArray g = gradients.getRow(i);
            Status s;
            if (BooleanIndexing.or(g, Conditions.isNan())) {
                s = Status.NAN;
            } else if (BooleanIndexing.or(g, Conditions.isInfinite())) {
                s = Status.INFINITE;
            } else if (norms[i] == 0) {
                s = Status.ZERO;
            } else if (norms[i] < SATURATION_NORM) {
                s = Status.SATURATED;
            } else {
                s = Status.OK;
            }
            out.add(new GradientHealth(s, norms[i]));
        }
        return out;
    }
}
