package dev.cusp.core.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Singular values against matrices built with a known spectrum and against an independent LAPACK route. */
class SpectraTest {
    private static final long SEED = 5;

    /** A random orthogonal matrix as a product of Householder reflections I − 2vvᵀ/‖v‖². */
    private static INDArray orthogonal(int size, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray q = Nd4j.eye(size).castTo(DataType.DOUBLE);
        for (int r = 0; r < size; r++) {
            INDArray v = Nd4j.randn(DataType.DOUBLE, size, 1);
            INDArray reflection = Nd4j.eye(size).castTo(DataType.DOUBLE)
                    .subi(v.mmul(v.transpose()).muli(2 / v.norm2Number().doubleValue() / v.norm2Number().doubleValue()));
            q = q.mmul(reflection);
        }
        return q;
    }

    /** U·[diag(σ) 0]·Vᵀ with random orthogonal U (c×c) and V (d×d). */
    private static INDArray withSpectrum(double[] sigma, int d, long seed) {
        int c = sigma.length;
        INDArray middle = Nd4j.zeros(DataType.DOUBLE, c, d);
        for (int i = 0; i < c; i++) {
            middle.putScalar(i, i, sigma[i]);
        }
        return orthogonal(c, seed).mmul(middle).mmul(orthogonal(d, seed + 1).transpose());
    }

    @Test
    void recoversAKnownSpectrumIncludingTinyAndZeroValues() {
        double[] sigma = {3, 1e-9, 5, 0, 1};
        INDArray jacobians = Nd4j.stack(0, withSpectrum(sigma, 20, SEED), withSpectrum(new double[] {2, 2, 2, 2, 2}, 20, SEED + 7));
        double[][] values = Spectra.singularValues(jacobians);
        // gesvd is backward stable: absolute error ~ ε·σ₁·(matrix size) ≈ 1e-14; 1e-13 allows the
        // construction's own round-off. σ = 1e-9 survives, which eigenvalues of J·Jᵀ (error ε·σ₁² ≈ 5e-15 in
        // σ², i.e. ~7e-8 in σ) would not resolve.
        assertThat(values[0]).containsExactly(new double[] {5, 3, 1, 1e-9, 0}, within(1e-13));
        assertThat(values[1]).containsExactly(new double[] {2, 2, 2, 2, 2}, within(1e-13));
    }

    @Test
    void agreesWithEigenvaluesOfTheGramMatrix() {
        Nd4j.getRandom().setSeed(SEED);
        INDArray jacobians = Nd4j.randn(DataType.DOUBLE, 6, 4, 30);
        double[][] values = Spectra.singularValues(jacobians);
        for (int n = 0; n < 6; n++) {
            INDArray j = jacobians.slice(n);
            INDArray gram = j.mmul(j.transpose()).dup('f');
            INDArray eigen = Nd4j.create(DataType.DOUBLE, 4);
            Nd4j.getBlasWrapper().lapack().syev('N', 'U', gram, eigen);
            double[] expected = Arrays.stream(eigen.toDoubleVector()).map(Math::sqrt).toArray();
            double[] descending = new double[4];
            for (int i = 0; i < 4; i++) {
                descending[i] = expected[3 - i];
            }
            // Well-conditioned Gaussian matrices (σ ≈ 5 ± 2): both routes accurate to ~1e-14 relative.
            assertThat(values[n]).containsExactly(descending, within(1e-10));
        }
    }

    @Test
    void rankOneMatrixHasOneNonZeroValueEqualToTheProductOfNorms() {
        INDArray u = Nd4j.createFromArray(1.0, -2.0, 2.0).reshape(3, 1);
        INDArray v = Nd4j.createFromArray(0.0, 3.0, 4.0, 0.0).reshape(1, 4);
        double[] values = Spectra.singularValues(u.mmul(v).reshape(1, 3, 4))[0];
        assertThat(values).containsExactly(new double[] {3 * 5, 0, 0}, within(1e-13));
    }

    @Test
    void tallJacobiansHaveAsManyValuesAsInputs() {
        INDArray tall = Nd4j.createFromArray(new double[][] {{3, 0}, {0, 4}, {0, 0}}).reshape(1, 3, 2);
        assertThat(Spectra.singularValues(tall)[0]).containsExactly(4, 3);
    }

    @Test
    void readsFloatBatchesStridedViewsAndColumnMajorCopiesAsTheirValues() {
        Nd4j.getRandom().setSeed(SEED + 3);
        INDArray batch = Nd4j.randn(DataType.DOUBLE, 4, 3, 7);
        double[][] reference = new double[4][];
        for (int n = 0; n < 4; n++) {
            // the independent route: ND4J's LAPACK wrapper on each matrix
            INDArray matrix = batch.slice(n).dup('f');
            INDArray s = Nd4j.create(DataType.DOUBLE, 3);
            Nd4j.getBlasWrapper().lapack().gesvd(matrix, s, null, null);
            reference[n] = s.toDoubleVector();
        }
        double[][] direct = Spectra.singularValues(batch);
        for (int n = 0; n < 4; n++) {
            // the same LAPACK routine on Jᵀ instead of J: both backward stable, ~1e-15 apart
            assertThat(direct[n]).containsExactly(reference[n], within(1e-13));
        }
        assertThat(Spectra.singularValues(batch.dup('f'))).isDeepEqualTo(direct);
        // every second example of a larger batch, and a permuted view with the same values
        INDArray wider = Nd4j.concat(0, batch, batch).reshape(2, 4, 3, 7).permute(1, 0, 2, 3).dup('c').reshape(8, 3, 7);
        INDArray everySecond = wider.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, 8),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertThat(everySecond.isView()).isTrue();
        assertThat(Spectra.singularValues(everySecond)).isDeepEqualTo(direct);
        INDArray transposedTwice = batch.permute(0, 2, 1).dup('c').permute(0, 2, 1);
        assertThat(Spectra.singularValues(transposedTwice)).isDeepEqualTo(direct);
        // FLOAT Jacobians are decomposed in DOUBLE: the same values as their exact DOUBLE copy
        INDArray asFloat = batch.castTo(DataType.FLOAT);
        assertThat(Spectra.singularValues(asFloat))
                .isDeepEqualTo(Spectra.singularValues(asFloat.castTo(DataType.DOUBLE)));
    }

    @Test
    void rejectsNonFiniteOrMisshapenInput() {
        INDArray nan = Nd4j.zeros(DataType.DOUBLE, 1, 2, 2);
        nan.putScalar(new long[] {0, 1, 1}, Double.NaN);
        assertThatThrownBy(() -> Spectra.singularValues(nan)).hasMessageContaining("NaN");
        INDArray infinite = Nd4j.zeros(DataType.FLOAT, 3, 2, 2);
        infinite.putScalar(new long[] {2, 0, 1}, Float.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> Spectra.singularValues(infinite)).hasMessageContaining("infinite")
                .hasMessageContaining("example 2");
        assertThatThrownBy(() -> Spectra.singularValues(Nd4j.zeros(DataType.DOUBLE, 2, 2)))
                .hasMessageContaining("[n, c, d]").hasMessageContaining("[2, 2]");
    }
}
