package dev.cusp.core.singularity.input;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The linearised decision boundaries around a point (the facets of DeepFool's polyhedron, Moosavi-Dezfooli
 * et al. 2016, the multiclass linearised step): for the predicted class ĉ and every k ≠ ĉ, r_k = (f_ĉ − f_k)/‖∇f_ĉ − ∇f_k‖₂; the nearest
 * r₁ and second-nearest r₂ facets, their ratio r₁/r₂ (→ 1 near a junction of three classes) and the cosine
 * between the two facet normals (parallel facets are one boundary seen twice, not a junction).
 *
 * @param nearestClass  the class k of the nearest facet
 * @param nearest       r₁
 * @param secondClass   the class of the second-nearest facet
 * @param second        r₂
 * @param normalCosine  cos∠(∇(f_ĉ − f_{k1}), ∇(f_ĉ − f_{k2}))
 */
public record LinearisedBoundaries(
        int predictedClass,
        int nearestClass,
        double nearest,
        int secondClass,
        double second,
        double normalCosine) {

    /** r₁/r₂ ∈ [0, 1]: 1 when the two nearest facets are equally far. */
    public double ratio() {
        return second > 0 ? nearest / second : 1.0;
    }

    /** Facets for a batch, from logits [n,c] and Jacobians [n,c,d]; needs c ≥ 3. */
    public static List<LinearisedBoundaries> of(INDArray logits, INDArray jacobians) {
        if (logits.rank() != 2 || logits.size(1) < 3) {
            throw new IllegalArgumentException("need logits [n,c] with c >= 3, got " + java.util.Arrays.toString(logits.shape()));
        }
        int[] predicted = ClassDifferences.argmax(logits);
        ClassDifferences diff = ClassDifferences.of(logits, jacobians, predicted);
        int n = diff.n;
        int[] k1 = new int[n];
        int[] k2 = new int[n];
        for (int i = 0; i < n; i++) {
            k1[i] = -1;
            k2[i] = -1;
            for (int k = 0; k < diff.c; k++) {
                if (k == predicted[i]) {
                    continue;
                }
                double r = diff.distance(i, k);
                if (k1[i] < 0 || r < diff.distance(i, k1[i])) {
                    k2[i] = k1[i];
                    k1[i] = k;
                } else if (k2[i] < 0 || r < diff.distance(i, k2[i])) {
                    k2[i] = k;
                }
            }
        }
        double[] cos = diff.cosines(k1, k2);
        List<LinearisedBoundaries> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new LinearisedBoundaries(predicted[i], k1[i], diff.distance(i, k1[i]), k2[i], diff.distance(i, k2[i]), cos[i]));
        }
        return out;
    }
}
