package dev.cusp.core.singularity.input;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
        int n = (int) logits.size(0);
        int c = (int) logits.size(1);
        if (c < 3 || jacobians.rank() != 3 || jacobians.size(0) != n || jacobians.size(1) != c) {
            throw new IllegalArgumentException("need logits [n,c] with c >= 3 and Jacobians [n,c,d], got "
                    + java.util.Arrays.toString(logits.shape()) + " and " + java.util.Arrays.toString(jacobians.shape()));
        }
        INDArray f = logits.castTo(DataType.DOUBLE);
        INDArray jac = jacobians.castTo(DataType.DOUBLE);
        int[] predicted = Nd4j.argMax(f, 1).toIntVector();
        List<LinearisedBoundaries> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int p = predicted[i];
            INDArray ji = jac.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i));
            // normals ∇f_ĉ − ∇f_k for every k (row p is zero), [c,d]; gaps f_ĉ − f_k, [c]
            INDArray normals = ji.getRow(p, true).sub(ji);
            INDArray gaps = f.getRow(i).rsub(f.getDouble(i, p));
            double[] r = gaps.div(normals.norm2(1)).toDoubleVector();
            int k1 = -1;
            int k2 = -1;
            for (int k = 0; k < c; k++) {
                if (k == p || Double.isNaN(r[k])) {
                    continue;
                }
                if (k1 < 0 || r[k] < r[k1]) {
                    k2 = k1;
                    k1 = k;
                } else if (k2 < 0 || r[k] < r[k2]) {
                    k2 = k;
                }
            }
            double cos = Double.NaN;
            if (k1 >= 0 && k2 >= 0) {
                INDArray a = normals.getRow(k1);
                INDArray b = normals.getRow(k2);
                cos = a.mul(b).sumNumber().doubleValue() / (a.norm2Number().doubleValue() * b.norm2Number().doubleValue());
            }
            out.add(new LinearisedBoundaries(p, k1, k1 < 0 ? Double.POSITIVE_INFINITY : r[k1],
                    k2, k2 < 0 ? Double.POSITIVE_INFINITY : r[k2], cos));
        }
        return out;
    }
}
