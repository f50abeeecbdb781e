package dev.cusp.core.singularity.input;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How many classes tie at a boundary crossing: the top class ĉ at the crossing and every k whose linearised
 * boundary with ĉ passes within the tie radius, (f_ĉ − f_k)/‖∇f_ĉ − ∇f_k‖₂ ≤ radius. Two classes tie at a
 * regular point of the decision boundary (a fold of the decision map); three or more mark a junction.
 *
 * @param tiedClasses       the classes within the radius, the top class first
 * @param thirdDistance     linearised distance to the nearest boundary with a class outside the crossing pair
 * @param radius            the tie radius used
 */
public record Junction(int[] tiedClasses, double thirdDistance, double radius) {

    /** Default tie radius as a fraction of the clean→adversarial distance (no literature value; a proposal). */
    public static final double TIE_RELATIVE_RADIUS = 0.01;

    public int ties() {
        return tiedClasses.length;
    }

    /**
     * Ties at crossing points from their logits [n,c] and Jacobians [n,c,d].
     *
     * @param pair    the two classes of each crossing (from, to), [n][2]
     * @param radii   tie radius per crossing (for example {@link #TIE_RELATIVE_RADIUS}·‖x_adv − x‖₂)
     */
    public static List<Junction> at(INDArray logits, INDArray jacobians, int[][] pair, double[] radii) {
        int n = (int) logits.size(0);
        int c = (int) logits.size(1);
        INDArray f = logits.castTo(DataType.DOUBLE);
        INDArray jac = jacobians.castTo(DataType.DOUBLE);
        List<Junction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] fi = f.getRow(i).toDoubleVector();
            int top = 0;
            for (int k = 1; k < c; k++) {
                if (fi[k] > fi[top]) {
                    top = k;
                }
            }
            INDArray ji = jac.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i));
            double[] norms = ji.getRow(top, true).sub(ji).norm2(1).toDoubleVector();
            List<Integer> tied = new ArrayList<>();
            tied.add(top);
            double third = Double.POSITIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                if (k == top) {
                    continue;
                }
                double r = norms[k] > 0 ? (fi[top] - fi[k]) / norms[k] : (fi[top] == fi[k] ? 0 : Double.POSITIVE_INFINITY);
                if (r <= radii[i]) {
                    tied.add(k);
                }
                if (k != pair[i][0] && k != pair[i][1]) {
                    third = Math.min(third, r);
                }
            }
            out.add(new Junction(tied.stream().mapToInt(Integer::intValue).toArray(), third, radii[i]));
        }
        return out;
    }
}
