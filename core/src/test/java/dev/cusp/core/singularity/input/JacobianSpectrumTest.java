package dev.cusp.core.singularity.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.singularity.TestMatrices;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class JacobianSpectrumTest {

    @Test
    void linearMapHasTheConditionNumberOfItsWeights() {
        // J = W everywhere for f = Wx + b; planted σ = (4, 2, 1, 0.5): κ(W) = 8 exactly.
        double[][] w = TestMatrices.withSingularValues(4, 12, new double[] {4, 2, 1, 0.5}, 21);
        JacobianSpectrum spectrum = JacobianSpectrum.of(batchOf(w, 3)).get(2);
        // gesvd is exact to a few ε·σ₁: 1e-12 relative on κ leaves ample room.
        assertThat(spectrum.conditionNumber()).isCloseTo(8.0, within(8e-12));
        assertThat(spectrum.rank()).isEqualTo(4);
        assertThat(spectrum.corank()).isZero();
        assertThat(spectrum.boardmanIndex()).isEqualTo(12 - 4);
        assertThat(spectrum.boardmanClass()).isEqualTo("Σ^8");
    }

    @Test
    void corankIsClassesMinusRankOfTheWeights() {
        // c = 5 classes, rank W = 2: corank 3, kernel dimension d − 2 = 8, κ infinite or astronomically large.
        double[][] w = TestMatrices.withSingularValues(5, 10, new double[] {3, 1, 0, 0, 0}, 22);
        JacobianSpectrum spectrum = JacobianSpectrum.of(batchOf(w, 1)).get(0);
        assertThat(spectrum.rank()).isEqualTo(2);
        assertThat(spectrum.corank()).isEqualTo(5 - 2);
        assertThat(spectrum.boardmanIndex()).isEqualTo(10 - 2);
        assertThat(spectrum.rankDeficient()).isTrue();
        assertThat(spectrum.tolerance()).isCloseTo(3 * 10 * Math.ulp(1.0), within(1e-28));
        assertThat(spectrum.conditionNumber()).isGreaterThan(1e14);
    }

    @Test
    void rejectsAMismatchedNumberOfSingularValues() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JacobianSpectrum.of(new double[] {1, 2}, 3, 5, 1e-16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3x5");
    }

    static INDArray batchOf(double[][] w, int n) {
        INDArray one = Nd4j.createFromArray(w);
        return Nd4j.stack(0, java.util.Collections.nCopies(n, one).toArray(new INDArray[0]));
    }

}
