package dev.cusp.core.singularity.input;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Activation patterns of a ReLU network (unit on iff z > 0) and the Hamming distance between two of them. */
public final class ActivationPatterns {

    private ActivationPatterns() {
    }

    /** Per example, the number of hidden units whose on/off state differs between a [n,d] and b [n,d]. */
    public static int[] hammingDistance(ReluNetwork net, INDArray a, INDArray b) {
        if (a.size(0) != b.size(0)) {
            throw new IllegalArgumentException("need paired points: " + a.size(0) + " vs " + b.size(0) + " rows");
        }
        List<INDArray> ma = net.activationMasks(a);
        List<INDArray> mb = net.activationMasks(b);
        INDArray total = Nd4j.zeros(DataType.DOUBLE, a.size(0));
        for (int l = 0; l < ma.size(); l++) {
            total.addi(Transforms.abs(ma.get(l).sub(mb.get(l)), false).sum(1));
        }
        return total.toIntVector();
    }

    /** Per example and hidden layer, the number of active units, [n][L−1]. */
    public static int[][] activeCounts(ReluNetwork net, INDArray x) {
        List<INDArray> masks = net.activationMasks(x);
        int n = (int) x.size(0);
        int[][] counts = new int[n][masks.size()];
        for (int l = 0; l < masks.size(); l++) {
            int[] c = masks.get(l).sum(1).toIntVector();
            for (int i = 0; i < n; i++) {
                counts[i][l] = c[i];
            }
        }
        return counts;
    }
}
