package dev.cusp.core.singularity.input;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Exact distance from x to the boundary of its linear region of a ReLU network, the nearest
 * non-differentiable point: inside the region every pre-activation is affine, z_j(y) = z_j(x) + a_jᵀ(y − x)
 * with a_j = ∇_x z_j(x), the region is the intersection of the half-spaces sign z_j = const, so the distance
 * is min_j |z_j(x)|/‖a_j‖₂ (and min_j |z_j(x)|/‖a_j‖₁ in L∞, the dual norm). Units with a_j = 0 are constant
 * in the region and bound nothing.
 *
 * @param distanceL2   exact L2 distance to the region boundary (infinite without a bounding unit)
 * @param distanceLinf exact L∞ distance to the region boundary
 * @param layer        hidden layer (0-based) of the nearest hyperplane in L2, −1 if none
 * @param unit         unit of the nearest hyperplane in L2, −1 if none
 * @param smallestPreActivation min_j |z_j(x)| over all hidden units (0 on a kink)
 */
public record KinkDistance(
        double distanceL2,
        double distanceLinf,
        int layer,
        int unit,
        double smallestPreActivation) {

    /**
     * Kink distances for a batch x [n,d]. The gradients a_j come from the forward-mode Jacobian of each
     * layer, M_l = M_{l−1}·diag(mask_{l−1})·W_l with M_1 = W_1 ([d, n_l] per example): cost Σ_l d·n_{l−1}·n_l
     * per example; the distances themselves are batched over examples and units.
     */
    public static List<KinkDistance> of(ReluNetwork net, INDArray x) {
        List<INDArray> z = net.preActivations(x);
        int n = (int) x.size(0);
        int layers = net.hiddenLayers();
        double[][] l2 = new double[layers][];
        double[][] linf = new double[layers][];
        int[][] unit = new int[layers][];
        double[] smallest = new double[n];
        java.util.Arrays.fill(smallest, Double.POSITIVE_INFINITY);
        INDArray[][] norms = gradientNorms(net, z, n);
        for (int l = 0; l < layers; l++) {
            INDArray absZ = Transforms.abs(z.get(l), true);
            INDArray d2 = infWhereUnbounded(absZ.div(norms[l][0]));
            INDArray d1 = infWhereUnbounded(absZ.div(norms[l][1]));
            l2[l] = d2.min(1).toDoubleVector();
            linf[l] = d1.min(1).toDoubleVector();
            unit[l] = Nd4j.argMin(d2, 1).toIntVector();
            double[] zmin = absZ.min(1).toDoubleVector();
            for (int i = 0; i < n; i++) {
                smallest[i] = Math.min(smallest[i], zmin[i]);
            }
        }
        List<KinkDistance> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            double bestLinf = Double.POSITIVE_INFINITY;
            int layer = -1;
            for (int l = 0; l < layers; l++) {
                if (l2[l][i] < best) {
                    best = l2[l][i];
                    layer = l;
                }
                bestLinf = Math.min(bestLinf, linf[l][i]);
            }
            out.add(new KinkDistance(best, bestLinf, layer, layer < 0 ? -1 : unit[layer][i], smallest[i]));
        }
        return out;
    }

    /** ‖a_j‖₂ and ‖a_j‖₁ of every unit of every hidden layer for every example: [layer][norm] → [n, n_l]. */
    private static INDArray[][] gradientNorms(ReluNetwork net, List<INDArray> z, int n) {
        int layers = net.hiddenLayers();
        INDArray[][] norms = new INDArray[layers][2];
        if (layers == 0) {
            return norms;
        }
        INDArray first = net.weight(0);
        norms[0][0] = first.norm2(0).reshape(1, first.columns()).repeat(0, n);
        norms[0][1] = first.norm1(0).reshape(1, first.columns()).repeat(0, n);
        for (int l = 1; l < layers; l++) {
            norms[l][0] = Nd4j.create(DataType.DOUBLE, n, net.width(l));
            norms[l][1] = Nd4j.create(DataType.DOUBLE, n, net.width(l));
        }
        for (int i = 0; i < n && layers > 1; i++) {
            INDArray m = first;
            for (int l = 1; l < layers; l++) {
                INDArray mask = z.get(l - 1).getRow(i, true).gt(0.0).castTo(DataType.DOUBLE);
                m = m.mulRowVector(mask).mmul(net.weight(l));
                norms[l][0].putRow(i, m.norm2(0));
                norms[l][1].putRow(i, m.norm1(0));
            }
        }
        return norms;
    }

    /** |z|/0 is +∞ (a unit constant in the region bounds nothing) and 0/0 is NaN: both become +∞. */
    private static INDArray infWhereUnbounded(INDArray distances) {
        BooleanIndexing.replaceWhere(distances, Double.POSITIVE_INFINITY, Conditions.isNan());
        return distances;
    }
}
