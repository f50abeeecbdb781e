package dev.cusp.core.attack.gradient;

import dev.cusp.core.attack.Bounds;
import dev.cusp.core.attack.Norm;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The L∞ steepest-ascent step x' = clip_[lo,hi](Π_{B∞(x₀,ε)}(x + α·sign g)) with per-row α and ε, as a new array. On
 * contiguous FLOAT rows it is one Java pass (the bulk copies in and out cost less than any one of the eight ND4J
 * ops it replaces: sign, scale, add, subtract, divide, two clamps, rescale; then the two bounds clamps), with every
 * element computed in double and rounded once; otherwise the ND4J ops of {@link Norm#unitDirection},
 * {@link Norm#clipToBall} and {@link Bounds#clipi}. Both give the same point up to FLOAT rounding.
 */
final class SignStep {

    static INDArray apply(INDArray x, INDArray gradient, INDArray alpha, INDArray origin, INDArray epsilon,
            Bounds bounds) {
        if (!fast(x) || !fast(gradient) || !fast(origin)) {
            return byOps(x, gradient, alpha, origin, epsilon, bounds);
        }
        int n = (int) x.rows();
        int d = (int) x.columns();
        double[] steps = alpha.toDoubleVector();
        double[] radii = epsilon.toDoubleVector();
        float[] point = read(x);
        float[] slope = read(gradient);
        float[] centre = read(origin);
        for (int i = 0, k = 0; i < n; i++) {
            double step = steps[i];
            double radius = radii[i];
            for (int j = 0; j < d; j++, k++) {
                double moved = point[k] + step * Math.signum(slope[k]);
                double delta = Math.min(Math.max(moved - centre[k], -radius), radius);
                point[k] = (float) Math.min(Math.max(centre[k] + delta, bounds.lower()), bounds.upper());
            }
        }
        INDArray next = Nd4j.createUninitialized(DataType.FLOAT, n, d);
        new FloatPointer(next.data().addressPointer()).put(point);
        return next;
    }

    /** The same step by ND4J ops (any data type and layout): the reference of the fast pass. */
    static INDArray byOps(INDArray x, INDArray gradient, INDArray alpha, INDArray origin, INDArray epsilon,
            Bounds bounds) {
        INDArray direction = Norm.LINF.unitDirection(gradient);
        INDArray next = Norm.LINF.clipToBall(x.add(direction.muliColumnVector(alpha)), origin, epsilon);
        return bounds.clipi(next);
    }

    private static boolean fast(INDArray array) {
        return array.dataType() == DataType.FLOAT && array.rank() == 2 && !array.isView() && array.ordering() == 'c'
                && Shape.hasDefaultStridesForShape(array);
    }

    private static float[] read(INDArray array) {
        float[] values = new float[(int) array.length()];
        new FloatPointer(array.data().addressPointer()).get(values);
        return values;
    }

    private SignStep() {
    }
}
