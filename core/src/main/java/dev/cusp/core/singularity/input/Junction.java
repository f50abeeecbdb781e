package dev.cusp.core.singularity.input;

import java.util.ArrayList;
import java.util.List;
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
        int[] top = ClassDifferences.argmax(logits);
        ClassDifferences diff = ClassDifferences.of(logits, jacobians, top);
        List<Junction> out = new ArrayList<>(diff.n);
        for (int i = 0; i < diff.n; i++) {
            List<Integer> tied = new ArrayList<>();
            tied.add(top[i]);
            double third = Double.POSITIVE_INFINITY;
            for (int k = 0; k < diff.c; k++) {
                if (k == top[i]) {
                    continue;
                }
                double r = diff.distance(i, k);
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
