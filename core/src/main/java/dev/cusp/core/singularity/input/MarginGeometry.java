package dev.cusp.core.singularity.input;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Margin m = f_y − max_{j≠y} f_j against a reference class y (the label), its gradient and the
 * first-order (linearised) boundary distance |m|/‖∇m‖_q: q = 2 for the L2 distance and q = 1, the dual
 * norm of L∞, for the L∞ distance (the DeepFool step of Moosavi-Dezfooli et al. 2016 for the
 * runner-up class).
 *
 * @param runnerUp             the class j ≠ y with the largest logit
 * @param gradientNorm2        ‖∇m‖₂
 * @param gradientNorm1        ‖∇m‖₁
 * @param firstOrderDistanceL2 |m|/‖∇m‖₂ (infinite when ∇m = 0)
 * @param firstOrderDistanceLinf |m|/‖∇m‖₁
 */
public record MarginGeometry(
        int referenceClass,
        int runnerUp,
        double margin,
        double gradientNorm2,
        double gradientNorm1,
        double firstOrderDistanceL2,
        double firstOrderDistanceLinf) {

    /**
     * Backprop seeds e_y − e_j* per example, [n,c]: feeding them to a vector–Jacobian product gives ∇m
     * with one backward pass instead of a full Jacobian.
     */
    public static INDArray seeds(INDArray logits, int[] reference) {
        requireShapes(logits, reference);
        int n = reference.length;
        int c = (int) logits.size(1);
        double[][] f = logits.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] s = new double[n][c];
        for (int i = 0; i < n; i++) {
            int j = runnerUp(f[i], reference[i]);
            s[i][reference[i]] = 1.0;
            s[i][j] = -1.0;
        }
        return Nd4j.createFromArray(s).castTo(logits.dataType());
    }

    /** Margin geometry from logits [n,c] and margin gradients [n,d] (for example from {@link #seeds}). */
    public static List<MarginGeometry> of(INDArray logits, INDArray marginGradients, int[] reference) {
        requireShapes(logits, reference);
        if (marginGradients.rank() != 2 || marginGradients.size(0) != reference.length) {
            throw new IllegalArgumentException("margin gradients must be [n,d] with n = " + reference.length
                    + ", got " + java.util.Arrays.toString(marginGradients.shape()));
        }
        INDArray g = marginGradients.castTo(DataType.DOUBLE);
        double[] norm2 = g.norm2(1).toDoubleVector();
        double[] norm1 = g.norm1(1).toDoubleVector();
        double[][] f = logits.castTo(DataType.DOUBLE).toDoubleMatrix();
        List<MarginGeometry> out = new ArrayList<>(reference.length);
        for (int i = 0; i < reference.length; i++) {
            int y = reference[i];
            int j = runnerUp(f[i], y);
            double m = f[i][y] - f[i][j];
            out.add(new MarginGeometry(y, j, m, norm2[i], norm1[i], distance(m, norm2[i]), distance(m, norm1[i])));
        }
        return out;
    }

    /** Margin geometry from logits [n,c] and the full logit Jacobians [n,c,d]. */
    public static List<MarginGeometry> fromJacobians(INDArray logits, INDArray jacobians, int[] reference) {
        INDArray s = seeds(logits, reference).castTo(DataType.DOUBLE);
        int n = reference.length;
        INDArray grads = Nd4j.matmul(s.reshape(n, 1, s.size(1)), jacobians.castTo(DataType.DOUBLE))
                .reshape(n, jacobians.size(2));
        return of(logits, grads, reference);
    }

    /**
     * Attack distance divided by the first-order distance in the same norm: 1 on a flat boundary, above 1
     * when the boundary bends away from the linearisation, below 1 when it bends towards the point.
     */
    public double curvatureRatio(double attackDistance, boolean linf) {
        double linear = linf ? firstOrderDistanceLinf : firstOrderDistanceL2;
        return attackDistance / linear;
    }

    static int runnerUp(double[] logits, int reference) {
        int best = -1;
        for (int j = 0; j < logits.length; j++) {
            if (j != reference && (best < 0 || logits[j] > logits[best])) {
                best = j;
            }
        }
        return best;
    }

    private static double distance(double margin, double norm) {
        return norm > 0 ? Math.abs(margin) / norm : Double.POSITIVE_INFINITY;
    }

    private static void requireShapes(INDArray logits, int[] reference) {
        if (logits.rank() != 2 || logits.size(0) != reference.length || logits.size(1) < 2) {
            throw new IllegalArgumentException("logits must be [n,c] with n = " + reference.length
                    + " and c >= 2, got " + java.util.Arrays.toString(logits.shape()));
        }
        for (int y : reference) {
            if (y < 0 || y >= logits.size(1)) {
                throw new IllegalArgumentException("reference class " + y + " outside [0," + logits.size(1) + ")");
            }
        }
    }
}
