package dev.cusp.core.singularity.parameter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.singularity.NumericalRank;
import dev.cusp.core.singularity.TestMatrices;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WeightSpectrumTest {

    private static final double EPS = NumericalRank.EPS_DOUBLE;

    @Test
    void randomGaussianMatricesHaveNoSpikesAndNoTraps() {
        for (int seed = 0; seed < 5; seed++) {
            for (int[] shape : new int[][] {{400, 100}, {100, 400}, {200, 200}}) {
                INDArray w = Nd4j.createFromArray(TestMatrices.gaussian(shape[0], shape[1], 0.05, 300 + seed));
                WeightSpectrum s = WeightSpectrum.of(w, EPS, seed);
                assertThat(s.marchenkoPastur().spikes()).as("seed %d shape %dx%d", seed, shape[0], shape[1]).isZero();
                assertThat(s.randomizedSpikes()).isZero();
                assertThat(s.rankLoss()).isZero();
                // the rescaled bulk of pure noise has σ² = 1 (WeightWatcher's normalisation); the median estimate
                // fluctuates by O(1/M) around it
                assertThat(s.marchenkoPastur().sigma2()).isCloseTo(1.0, within(0.05));
            }
        }
    }

    @Test
    void plantedLowRankSignalGivesExactlyThatManySpikes() {
        // W = G + Σ_k s_k u_k v_kᵀ with s_k far above the BBP threshold: three outliers, and they are
        // structure, not traps (the shuffled copy has none)
        int n = 400;
        int m = 100;
        double[][] g = TestMatrices.gaussian(n, m, 1.0, 41);
        double[][] u = TestMatrices.orthogonal(n, 42);
        double[][] v = TestMatrices.orthogonal(m, 43);
        double[] strength = {200, 150, 100};
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    g[i][j] += strength[k] * u[i][k] * v[j][k];
                }
            }
        }
        WeightSpectrum s = WeightSpectrum.of(Nd4j.createFromArray(g), EPS, 44);
        assertThat(s.marchenkoPastur().spikes()).isEqualTo(3);
        assertThat(s.randomizedSpikes()).isZero();
        assertThat(s.structuredSpikes()).isEqualTo(3);
    }

    @Test
    void aFewHugeEntriesAreACorrelationTrapThatSurvivesShuffling() {
        double[][] g = TestMatrices.gaussian(300, 100, 1.0, 51);
        g[17][3] = 200;
        WeightSpectrum s = WeightSpectrum.of(Nd4j.createFromArray(g), EPS, 52);
        assertThat(s.marchenkoPastur().spikes()).isGreaterThanOrEqualTo(1);
        assertThat(s.randomizedSpikes()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void marchenkoPasturLawIsNormalisedAndItsMedianSplitsItsMass() {
        // the CDF reaches 1 at the upper edge (quadrature error ~1e-6 at 2000 nodes) and the median splits it
        for (double q : new double[] {1.0, 2.0, 4.0}) {
            double upper = Math.pow(1 + 1 / Math.sqrt(q), 2);
            assertThat(MarchenkoPastur.cdf(upper * (1 - 1e-12), q)).isCloseTo(1.0, within(1e-5));
            assertThat(MarchenkoPastur.cdf(MarchenkoPastur.unitMedian(q), q)).isCloseTo(0.5, within(1e-9));
        }
        // the mean of the unit law is 1: ∫ λ dF = 1 − ∫ F dλ over [λ₋, λ₊] + λ₋ (integration by parts), Q = 2
        double q = 2;
        double lo = Math.pow(1 - 1 / Math.sqrt(q), 2);
        double hi = Math.pow(1 + 1 / Math.sqrt(q), 2);
        int steps = 4000;
        double integral = 0;
        for (int k = 0; k < steps; k++) {
            double x = lo + (k + 0.5) * (hi - lo) / steps;
            integral += MarchenkoPastur.cdf(x, q) * (hi - lo) / steps;
        }
        assertThat(hi - integral).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void plantedRankKProductLosesExactlyMMinusKRank() {
        // W = A·B with A [120, 7], B [7, 40]: rank 7, rank loss 40 − 7, and 33 eigenvalues below 1e-6
        double[][] w = TestMatrices.multiply(TestMatrices.gaussian(120, 7, 1.0, 61), TestMatrices.gaussian(7, 40, 1.0, 62));
        WeightSpectrum s = WeightSpectrum.of(Nd4j.createFromArray(w), EPS, 63);
        assertThat(s.rank()).isEqualTo(7);
        assertThat(s.rankLoss()).isEqualTo(33);
        assertThat(s.weakRankLoss()).isEqualTo(33);
        assertThat(s.n()).isEqualTo(120);
        assertThat(s.m()).isEqualTo(40);
    }

    @Test
    void orthogonalMatrixHasUnitSpectrumAndFullStableRank() {
        WeightSpectrum s = WeightSpectrum.of(Nd4j.createFromArray(TestMatrices.orthogonal(64, 71)), EPS, 72);
        for (double sigma : s.singularValues()) {
            // orthogonal by Householder products: exact to ~1e-15 per singular value
            assertThat(sigma).isCloseTo(1.0, within(1e-13));
        }
        assertThat(s.stableRank()).isCloseTo(64.0, within(1e-10));
        assertThat(s.logSpectralNorm()).isCloseTo(0.0, within(1e-13));
        assertThat(s.rankLoss()).isZero();
    }
}
