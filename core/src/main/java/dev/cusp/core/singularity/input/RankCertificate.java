package dev.cusp.core.singularity.input;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exact, region-wide rank certificate of a ReLU network: on a linear region J = W_L·D_{L−1}·W_{L−1}⋯D_1·W_1
 * with D_l the 0/1 activation masks, so rank J ≤ min(d, min_l #active_l); when that bound is below c the
 * Jacobian is rank deficient on the whole open region, not just at the point.
 *
 * @param activeUnits   active units per hidden layer
 * @param rankBound     min(d, min_l #active_l) (min(d, c) for a network without hidden layers)
 * @param certifiedCorank min(c, d) − rankBound when positive, else 0
 */
public record RankCertificate(int[] activeUnits, int rankBound, int certifiedCorank) {

    /** True when the certificate proves rank J < min(c, d) on the whole region. */
    public boolean rankDeficient() {
        return certifiedCorank > 0;
    }

    /** Certificates for a batch x [n,d]. */
    public static List<RankCertificate> of(ReluNetwork net, INDArray x) {
        int[][] counts = ActivationPatterns.activeCounts(net, x);
        int c = net.outputSize();
        int d = net.inputSize();
        List<RankCertificate> out = new ArrayList<>(counts.length);
        for (int[] active : counts) {
            int bound = Math.min(d, c);
            for (int a : active) {
                bound = Math.min(bound, a);
            }
            out.add(new RankCertificate(active, bound, Math.max(0, Math.min(c, d) - bound)));
        }
        return out;
    }
}
