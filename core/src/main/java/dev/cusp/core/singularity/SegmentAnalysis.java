package dev.cusp.core.singularity;

import dev.cusp.core.diff.Jacobians;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.input.ActivationPatterns;
import dev.cusp.core.singularity.input.BoundaryCrossing;
import dev.cusp.core.singularity.input.Junction;
import dev.cusp.core.singularity.input.RegionWalk;
import dev.cusp.core.singularity.input.ReluNetwork;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * What lies on the segment from a clean input to its adversarial point: its length (L2, L∞), the decision
 * boundary crossing found by bisection, the classes that tie there ({@link Junction}, tie radius
 * {@link Junction#TIE_RELATIVE_RADIUS} of the segment length) and, for dense ReLU networks, the
 * activation-pattern Hamming distance between the ends and the exact number of linear regions crossed.
 *
 * @param junction null when the adversarial point keeps the clean prediction
 * @param hamming  −1 unless the model is a dense ReLU network
 * @param regions  null unless the model is a dense ReLU network
 */
public record SegmentAnalysis(
        double distanceL2,
        double distanceLinf,
        BoundaryCrossing crossing,
        Junction junction,
        int hamming,
        RegionWalk regions) {

    /** Segments clean [n,d] → adversarial [n,d] of one model, batched where the steps allow. */
    public static List<SegmentAnalysis> of(Classifier model, INDArray clean, INDArray adversarial) {
        Classifier m = model.inDouble();
        INDArray a = clean.castTo(DataType.DOUBLE);
        INDArray b = adversarial.castTo(DataType.DOUBLE);
        int n = (int) a.rows();
        INDArray delta = b.sub(a);
        double[] l2 = delta.norm2(1).toDoubleVector();
        double[] linf = Transforms.abs(delta, true).max(1).toDoubleVector();
        List<BoundaryCrossing> crossings = BoundaryCrossing.find(m, a, b);
        Junction[] junctions = junctions(m, crossings, l2);
        ReluNetwork relu = ReluNetwork.isReluMlp(m.network()) ? ReluNetwork.of(m.network()) : null;
        int[] hamming = relu == null ? null : ActivationPatterns.hammingDistance(relu, a, b);
        List<RegionWalk> walks = relu == null ? null : RegionWalk.walkAll(relu, a, b, RegionWalk.Parameters.defaults());
        List<SegmentAnalysis> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new SegmentAnalysis(l2[i], linf[i], crossings.get(i), junctions[i],
                    hamming == null ? -1 : hamming[i], walks == null ? null : walks.get(i)));
        }
        return out;
    }

    /** Ties at all found crossings, from one batched Jacobian evaluation. */
    private static Junction[] junctions(Classifier m, List<BoundaryCrossing> crossings, double[] lengths) {
        Junction[] out = new Junction[crossings.size()];
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < crossings.size(); i++) {
            if (crossings.get(i).found()) {
                found.add(i);
            }
        }
        if (found.isEmpty()) {
            return out;
        }
        INDArray points = Nd4j.vstack(found.stream().map(i -> crossings.get(i).point()).toArray(INDArray[]::new));
        INDArray logits = m.logits(points);
        INDArray jac = Jacobians.logits(m, points);
        int[][] pairs = new int[found.size()][];
        double[] radii = new double[found.size()];
        for (int k = 0; k < found.size(); k++) {
            BoundaryCrossing c = crossings.get(found.get(k));
            pairs[k] = new int[] {c.fromClass(), c.toClass()};
            radii[k] = Junction.TIE_RELATIVE_RADIUS * lengths[found.get(k)];
        }
        List<Junction> ties = Junction.at(logits, jac, pairs, radii);
        for (int k = 0; k < found.size(); k++) {
            out[found.get(k)] = ties.get(k);
        }
        return out;
    }
}
