package dev.cusp.core.singularity.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.singularity.TestMatrices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RegionWalkTest {

    @Test
    void oneHiddenLayerOnALineWithNBreakpointsHasNPlusOneRegions() {
        // z_j = w_j·x + b_j with breakpoints β_j = −b_j/w_j drawn in (−1, 1), random signs of w_j (seed 7).
        int n = 12;
        Random rnd = new Random(7);
        double[][] w1 = new double[1][n];
        double[] b1 = new double[n];
        double[] beta = new double[n];
        for (int j = 0; j < n; j++) {
            w1[0][j] = (rnd.nextBoolean() ? 1 : -1) * (0.5 + rnd.nextDouble());
            beta[j] = -1 + 2 * rnd.nextDouble();
            b1[j] = -w1[0][j] * beta[j];
        }
        ReluNetwork net = ReluNetwork.of(List.of(w1, column(n)), List.of(b1, new double[] {0}));
        RegionWalk walk = RegionWalk.walk(net, Nd4j.createFromArray(-2.0), Nd4j.createFromArray(2.0));
        assertThat(walk.regions()).isEqualTo(n + 1);
        Arrays.sort(beta);
        // The segment is x(t) = −2 + 4t, so β = −2 + 4t; events are exact roots of affine functions (1e-12).
        double[] located = Arrays.stream(walk.breakpoints()).map(t -> -2 + 4 * t).toArray();
        assertThat(located).containsExactly(beta, within(1e-12));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8})
    void telgarskyTentComposedLTimesHasTwoToTheLRegions(int depth) {
        // t(x) = 2·relu(x) − 4·relu(x − ½) maps [0,1] onto itself; t^L has 2^L pieces with kinks at k/2^L.
        ReluNetwork net = tent(depth);
        RegionWalk walk = RegionWalk.walk(net, Nd4j.createFromArray(0.0), Nd4j.createFromArray(1.0));
        int pieces = 1 << depth;
        assertThat(walk.regions()).isEqualTo(pieces);
        double[] expected = new double[pieces - 1];
        for (int k = 1; k < pieces; k++) {
            expected[k - 1] = (double) k / pieces;
        }
        // Dyadic breakpoints are exact in binary; 1e-12 absorbs the round-off of the affine root.
        assertThat(walk.breakpoints()).containsExactly(expected, within(1e-12));
    }

    @Test
    void tentNetworkReallyComputesTheTentMap() {
        ReluNetwork net = tent(3);
        for (double x : new double[] {0.1, 0.3, 0.55, 0.8}) {
            double expected = x;
            for (int i = 0; i < 3; i++) {
                expected = expected < 0.5 ? 2 * expected : 2 - 2 * expected;
            }
            assertThat(net.logits(Nd4j.createFromArray(new double[][] {{x}})).getDouble(0, 0))
                    .isCloseTo(expected, within(1e-15));
        }
    }

    @Test
    void walkAgreesWithDenseSamplingOnARandomDeepNetwork() {
        // Independent count: sample the pattern at 20001 points of the segment and count changes. Valid when
        // no two breakpoints are closer than two sample spacings, which the test asserts first.
        ReluNetwork net = randomNet(new int[] {3, 8, 8, 6, 4}, 31);
        INDArray a = Nd4j.createFromArray(new double[][] {{-1.5, 0.7, -0.2}});
        INDArray b = Nd4j.createFromArray(new double[][] {{1.2, -0.9, 1.4}});
        RegionWalk walk = RegionWalk.walk(net, a, b);
        int samples = 20001;
        double spacing = 1.0 / (samples - 1);
        double[] bp = walk.breakpoints();
        for (int i = 1; i < bp.length; i++) {
            assertThat(bp[i] - bp[i - 1]).isGreaterThan(2 * spacing);
        }
        INDArray ts = Nd4j.arange(samples).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).divi(samples - 1)
                .reshape(samples, 1);
        INDArray points = ts.mmul(b.sub(a)).addRowVector(a);
        INDArray pattern = Nd4j.hstack(net.activationMasks(points).toArray(new INDArray[0]));
        INDArray changes = pattern.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, samples),
                        org.nd4j.linalg.indexing.NDArrayIndex.all())
                .sub(pattern.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, samples - 1),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()));
        int sampled = org.nd4j.linalg.ops.transforms.Transforms.abs(changes).sum(1).gt(0).castTo(
                org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().intValue();
        assertThat(walk.regions()).isGreaterThan(5).isEqualTo(sampled + 1);
    }

    static ReluNetwork tent(int depth) {
        List<double[][]> w = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        w.add(new double[][] {{1, 1}});
        b.add(new double[] {0, -0.5});
        for (int l = 1; l < depth; l++) {
            // next layer reads t = 2·h1 − 4·h2 and computes relu(t), relu(t − ½)
            w.add(new double[][] {{2, 2}, {-4, -4}});
            b.add(new double[] {0, -0.5});
        }
        w.add(new double[][] {{2}, {-4}});
        b.add(new double[] {0});
        return ReluNetwork.of(w, b);
    }

    static ReluNetwork randomNet(int[] widths, long seed) {
        List<double[][]> w = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        for (int l = 0; l + 1 < widths.length; l++) {
            w.add(TestMatrices.gaussian(widths[l], widths[l + 1], 1.0 / Math.sqrt(widths[l]), seed + l));
            b.add(TestMatrices.gaussian(1, widths[l + 1], 0.3, seed + 100 + l)[0]);
        }
        return ReluNetwork.of(w, b);
    }

    private static double[][] column(int n) {
        double[][] c = new double[n][1];
        for (int j = 0; j < n; j++) {
            c[j][0] = 1.0;
        }
        return c;
    }
}
