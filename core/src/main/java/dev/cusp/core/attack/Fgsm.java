package dev.cusp.core.attack;

import dev.cusp.core.model.Classifier;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Fast Gradient Sign Method (Goodfellow et al. 2015, eq. 3), untargeted, L∞: x' = clip(x + ε·sign(∇ₓCE(x, y)),
 * 0, 1) for each ε, from one gradient; the clip keeps x' in the data range, so ‖x' − x‖∞ ≤ ε.
 */
public final class Fgsm {
    public static final String NAME = "fgsm";
    public static final String NORM = "linf";
    /** The data range every Cusp data set lives in (pixels /255, two moons scaled into the unit square). */
    public static final double DATA_MIN = 0.0;
    public static final double DATA_MAX = 1.0;

    /** One adversarial batch [n, d] per ε, in the order given. */
    public static List<INDArray> perturb(Classifier model, INDArray x, INDArray oneHot, List<Double> epsilons) {
        checkEpsilons(epsilons);
        INDArray input = x.castTo(model.dataType());
        checkRange(input);
        INDArray direction = direction(model, input, oneHot);
        List<INDArray> adversarial = new ArrayList<>(epsilons.size());
        for (double epsilon : epsilons) {
            adversarial.add(step(input, direction, epsilon));
        }
        return adversarial;
    }

    /** sign(∇ₓCE): the L∞ steepest-ascent direction of the loss (0 where the gradient is exactly 0). */
    public static INDArray direction(Classifier model, INDArray x, INDArray oneHot) {
        return Transforms.sign(model.lossGradient(x, oneHot), false);
    }

    /** clip(x + ε·direction, DATA_MIN, DATA_MAX). */
    public static INDArray step(INDArray x, INDArray direction, double epsilon) {
        INDArray moved = direction.mul(epsilon).addi(x);
        return Transforms.min(Transforms.max(moved, DATA_MIN, false), DATA_MAX, false);
    }

    static void checkEpsilons(List<Double> epsilons) {
        if (epsilons == null || epsilons.isEmpty()) {
            throw new IllegalArgumentException("FGSM needs at least one ε");
        }
        for (Double epsilon : epsilons) {
            if (epsilon == null || !(epsilon >= 0) || epsilon.isInfinite()) {
                throw new IllegalArgumentException("ε must be a finite value ≥ 0, got " + epsilon);
            }
        }
    }

    private static void checkRange(INDArray x) {
        double min = x.minNumber().doubleValue();
        double max = x.maxNumber().doubleValue();
        if (min < DATA_MIN || max > DATA_MAX) {
            throw new IllegalArgumentException("inputs must lie in the data range [" + DATA_MIN + ", " + DATA_MAX
                    + "], got values in [" + min + ", " + max + "]");
        }
    }

    private Fgsm() {
    }
}
