package dev.cusp.core.singularity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SingularValuesTest {

    // Planted singular values of U·diag(s)·Vᵀ; gesvd is backward stable, so each value is exact to a few
    // ε·σ₁ (σ₁ = 7 here): 1e-13 absolute is ~100 ε·σ₁ of slack, and a zero stays below σ₁·max(m,n)·ε.
    private static final double TOL = 1e-13;

    @Test
    void recoversPlantedSingularValuesOfWideAndTallMatrices() {
        double[] s = {7.0, 3.0, 0.25, 1e-3};
        INDArray wide = Nd4j.createFromArray(TestMatrices.withSingularValues(4, 9, s, 11));
        INDArray tall = Nd4j.createFromArray(TestMatrices.withSingularValues(9, 4, s, 12));
        assertThat(SingularValues.of(wide)).containsExactly(s, within(TOL));
        assertThat(SingularValues.of(tall)).containsExactly(s, within(TOL));
    }

    @Test
    void plantedRankIsTheNumericalRank() {
        double[] s = {2.0, 1.0, 0.5, 0.0, 0.0};
        double[][] a = TestMatrices.withSingularValues(5, 8, s, 3);
        double[] sigma = SingularValues.of(Nd4j.createFromArray(a));
        assertThat(NumericalRank.rank(sigma, 5, 8)).isEqualTo(3);
        assertThat(sigma[3]).isLessThan(NumericalRank.tolerance(sigma, 5, 8, NumericalRank.EPS_DOUBLE));
    }

    @Test
    void decompositionReconstructsTheMatrix() {
        double[][] a = TestMatrices.gaussian(3, 6, 1.0, 5);
        SingularValues.Decomposition d = SingularValues.decompose(Nd4j.createFromArray(a));
        INDArray us = d.u().mmul(Nd4j.diag(Nd4j.createFromArray(d.s())));
        INDArray back = us.mmul(d.vt().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3),
                org.nd4j.linalg.indexing.NDArrayIndex.all()));
        // Reconstruction error of a backward-stable SVD: a few ε·‖A‖ (‖A‖ ≈ 3 here).
        assertThat(back.sub(Nd4j.createFromArray(a)).amaxNumber().doubleValue()).isLessThan(1e-14);
    }
}
