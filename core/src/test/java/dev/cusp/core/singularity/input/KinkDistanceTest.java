package dev.cusp.core.singularity.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.singularity.TestMatrices;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class KinkDistanceTest {

    @Test
    void oneReluUnitIsAtDistanceAbsZOverNormW() {
        double[] w = {0.5, -2.0, 1.0, 0.25, 3.0};
        double b = -0.7;
        ReluNetwork net = ReluNetwork.of(List.of(new double[][] {{w[0]}, {w[1]}, {w[2]}, {w[3]}, {w[4]}},
                new double[][] {{1.0}}), List.of(new double[] {b}, new double[] {0.0}));
        double[][] xs = TestMatrices.gaussian(6, 5, 1.0, 41);
        List<KinkDistance> kinks = KinkDistance.of(net, Nd4j.createFromArray(xs));
        double norm2 = Math.sqrt(0.25 + 4 + 1 + 0.0625 + 9);
        double norm1 = 0.5 + 2 + 1 + 0.25 + 3;
        for (int i = 0; i < xs.length; i++) {
            double z = b;
            for (int k = 0; k < 5; k++) {
                z += w[k] * xs[i][k];
            }
            // closed form |wᵀx + b|/‖w‖₂ and its L∞ analogue |wᵀx + b|/‖w‖₁, to round-off (1e-14)
            assertThat(kinks.get(i).distanceL2()).isCloseTo(Math.abs(z) / norm2, within(1e-14));
            assertThat(kinks.get(i).distanceLinf()).isCloseTo(Math.abs(z) / norm1, within(1e-14));
            assertThat(kinks.get(i).layer()).isZero();
            assertThat(kinks.get(i).unit()).isZero();
        }
    }

    @Test
    void distanceIsExactOnADeepNetwork() {
        // Independent check without the analytic gradients: the ball of radius r(1 − 1e-6) around x keeps the
        // activation pattern along 200 random directions, and the point r(1 + 1e-6) along the finite-difference
        // normal of the nearest unit (exact for an affine function) leaves the region.
        ReluNetwork net = RegionWalkTest.randomNet(new int[] {4, 10, 10, 10, 3}, 51);
        double[][] xs = TestMatrices.gaussian(5, 4, 1.0, 52);
        List<KinkDistance> kinks = KinkDistance.of(net, Nd4j.createFromArray(xs));
        Random rnd = new Random(53);
        for (int i = 0; i < xs.length; i++) {
            KinkDistance k = kinks.get(i);
            INDArray x = Nd4j.createFromArray(new double[][] {xs[i]});
            INDArray pattern = pattern(net, x);
            double r = k.distanceL2();
            assertThat(r).isFinite().isPositive();
            for (int trial = 0; trial < 200; trial++) {
                INDArray dir = Nd4j.createFromArray(new double[][] {TestMatrices.gaussian(1, 4, 1.0, rnd.nextLong())[0]});
                dir.divi(dir.norm2Number());
                assertThat(pattern(net, x.add(dir.mul(r * (1 - 1e-6))))).isEqualTo(pattern);
            }
            INDArray normal = finiteDifferenceGradient(net, x, k.layer(), k.unit(), r * 1e-3);
            double z = net.preActivations(x).get(k.layer()).getDouble(0, k.unit());
            INDArray toward = normal.mul(-Math.signum(z) / normal.norm2Number().doubleValue());
            assertThat(pattern(net, x.add(toward.mul(r * (1 + 1e-6))))).isNotEqualTo(pattern);
            // the nearest unit's own hyperplane is reached exactly at distance r
            double zAtBoundary = net.preActivations(x.add(toward.mul(r))).get(k.layer()).getDouble(0, k.unit());
            assertThat(zAtBoundary).isCloseTo(0.0, within(1e-12));
        }
    }

    @Test
    void hammingDistanceCountsFlippedUnits() {
        // Two units z = x and z = x − 1 on a line: x = 0.5 has pattern (1,0), x = 2 has (1,1), x = −1 has (0,0).
        ReluNetwork net = ReluNetwork.of(List.of(new double[][] {{1, 1}}, new double[][] {{1}, {1}}),
                List.of(new double[] {0, -1}, new double[] {0}));
        INDArray a = Nd4j.createFromArray(new double[][] {{0.5}, {0.5}, {-1}});
        INDArray b = Nd4j.createFromArray(new double[][] {{2.0}, {0.7}, {2}});
        assertThat(ActivationPatterns.hammingDistance(net, a, b)).containsExactly(1, 0, 2);
    }

    @Test
    void fewerActiveUnitsThanClassesCertifiesRankDeficiency() {
        // 2 inputs → 3 hidden → 3 classes. At x = (−1, −1) only unit 3 (z = 1 − 0·x) is on: rank J ≤ 1 < 3.
        double[][] w1 = {{1, 0, 0}, {0, 1, 0}};
        double[] b1 = {0, 0, 1};
        double[][] w2 = TestMatrices.gaussian(3, 3, 1.0, 61);
        ReluNetwork net = ReluNetwork.of(List.of(w1, w2), List.of(b1, new double[] {0, 0, 0}));
        INDArray x = Nd4j.createFromArray(new double[][] {{-1, -1}, {1, 2}});
        List<RankCertificate> certs = RankCertificate.of(net, x);
        assertThat(certs.get(0).activeUnits()).containsExactly(1);
        assertThat(certs.get(0).rankDeficient()).isTrue();
        assertThat(certs.get(0).certifiedCorank()).isEqualTo(1);
        assertThat(certs.get(1).rankDeficient()).isFalse();
        // the finite-difference Jacobian at the certified point is indeed rank ≤ 1 (here: exactly 0, the
        // active unit is constant), at the other point rank 2 = min(c, d).
        double[][] j0 = finiteDifferenceJacobian(net, new double[] {-1, -1});
        double[] s0 = dev.cusp.core.singularity.SingularValues.of(Nd4j.createFromArray(j0));
        assertThat(s0[0]).isLessThan(1e-9);
        double[] s1 = dev.cusp.core.singularity.SingularValues.of(Nd4j.createFromArray(
                finiteDifferenceJacobian(net, new double[] {1, 2})));
        assertThat(s1[1]).isGreaterThan(1e-3);
    }

    static INDArray pattern(ReluNetwork net, INDArray x) {
        return Nd4j.hstack(net.activationMasks(x).toArray(new INDArray[0]));
    }

    private static INDArray finiteDifferenceGradient(ReluNetwork net, INDArray x, int layer, int unit, double h) {
        double[] g = new double[(int) x.length()];
        for (int k = 0; k < g.length; k++) {
            INDArray e = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 1, g.length);
            e.putScalar(0, k, h);
            double plus = net.preActivations(x.add(e)).get(layer).getDouble(0, unit);
            double minus = net.preActivations(x.sub(e)).get(layer).getDouble(0, unit);
            g[k] = (plus - minus) / (2 * h);
        }
        return Nd4j.createFromArray(new double[][] {g});
    }

    private static double[][] finiteDifferenceJacobian(ReluNetwork net, double[] x) {
        int c = net.outputSize();
        double[][] j = new double[c][x.length];
        double h = 1e-6;
        for (int k = 0; k < x.length; k++) {
            double[] p = x.clone();
            double[] m = x.clone();
            p[k] += h;
            m[k] -= h;
            INDArray fp = net.logits(Nd4j.createFromArray(new double[][] {p}));
            INDArray fm = net.logits(Nd4j.createFromArray(new double[][] {m}));
            for (int i = 0; i < c; i++) {
                j[i][k] = (fp.getDouble(0, i) - fm.getDouble(0, i)) / (2 * h);
            }
        }
        return j;
    }
}
