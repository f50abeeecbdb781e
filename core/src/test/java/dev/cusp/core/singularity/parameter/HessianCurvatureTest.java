package dev.cusp.core.singularity.parameter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.diff.HessianVectorProducts;
import dev.cusp.core.singularity.TestMatrices;
import dev.cusp.core.testing.TestModels;
import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class HessianCurvatureTest {

    /** L = ½θᵀAθ with A = Q·diag(λ)·Qᵀ: the Hessian is A, with the planted eigenvalues. */
    private static HessianVectorProducts quadratic(double[] lambda, long seed) {
        int n = lambda.length;
        double[][] q = TestMatrices.orthogonal(n, seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += q[i][k] * lambda[k] * q[j][k];
                }
            }
        }
        INDArray matrix = Nd4j.createFromArray(a);
        return new HessianVectorProducts(theta -> matrix.mmul(theta.reshape(n, 1)).reshape(n),
                Nd4j.createFromArray(TestMatrices.gaussian(1, n, 1.0, seed + 1)[0]));
    }

    @Test
    void powerIterationFindsTheExactTopEigenvaluesOfAQuadraticLoss() {
        // planted spectrum with the largest magnitudes 10, −6, 3; a tight tolerance (1e-12) makes power
        // iteration converge to round-off: 1e-6 relative on each eigenvalue
        double[] lambda = {10, -6, 3, 1, 0.5, 0.1, 0, -0.2};
        HessianVectorProducts hvp = quadratic(lambda, 21);
        HessianTopEigenvalues.Result r = HessianTopEigenvalues.compute(hvp,
                new HessianTopEigenvalues.Parameters(3, 2000, 1e-12, 22));
        assertThat(r.eigenvalues()[0]).isCloseTo(10, within(1e-5));
        assertThat(r.eigenvalues()[1]).isCloseTo(-6, within(6e-6));
        assertThat(r.eigenvalues()[2]).isCloseTo(3, within(3e-6));
        for (boolean c : r.converged()) {
            assertThat(c).isTrue();
        }
    }

    @Test
    void defaultToleranceStopsEarlyWithinThatTolerance() {
        double[] lambda = {5, 1, 0.5, 0.2};
        HessianTopEigenvalues.Result r = HessianTopEigenvalues.compute(quadratic(lambda, 23),
                HessianTopEigenvalues.Parameters.defaults(24));
        assertThat(r.converged()[0]).isTrue();
        assertThat(r.iterations()[0]).isLessThan(HessianTopEigenvalues.Parameters.MAX_ITER);
        // the Rayleigh quotient approaches λ₁ from below with error ~ (λ₂/λ₁)^{2t}; 1e-3 relative stop
        assertThat(r.eigenvalues()[0]).isCloseTo(5, within(5 * 5e-3));
    }

    @Test
    void topEigenvalueOfARealNetworkLossMatchesTheFullEigendecomposition() {
        // softmax regression 5 → 3 (P = 18) in DL4J: assemble H column by column from products H·e_i, take its
        // eigenvalues with LAPACK syev, and compare power iteration (tolerance 1e-10) with the largest one
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = dev.cusp.core.testing.TestModels.mlp(
                51, org.nd4j.linalg.api.buffer.DataType.DOUBLE, org.nd4j.linalg.activations.Activation.IDENTITY, 5, 3);
        INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(30, 5, 1.0, 52));
        INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 30, 3);
        for (int i = 0; i < 30; i++) {
            y.putScalar(i, (i * 7) % 3, 1.0);
        }
        HessianVectorProducts hvp = HessianVectorProducts.ofLoss(net, x, y);
        int p = hvp.dimension();
        INDArray h = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.DOUBLE, p, p);
        for (int i = 0; i < p; i++) {
            INDArray e = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, p);
            e.putScalar(i, 1.0);
            h.putColumn(i, hvp.apply(e));
        }
        INDArray sym = h.add(h.transpose()).divi(2).dup('f');
        INDArray ev = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.DOUBLE, p);
        Nd4j.getBlasWrapper().lapack().syev('N', 'U', sym, ev);
        double top = ev.maxNumber().doubleValue();
        HessianTopEigenvalues.Result r = HessianTopEigenvalues.compute(hvp,
                new HessianTopEigenvalues.Parameters(1, 1000, 1e-10, 53));
        // softmax cross-entropy is convex in (W, b): the top eigenvalue is the largest one, positive
        assertThat(top).isPositive();
        assertThat(r.eigenvalues()[0]).isCloseTo(top, within(1e-6 * top));
    }

    @Test
    void hutchinsonIsExactForEveryRademacherSampleOfADiagonalHessian() {
        // vᵀHv = Σ H_ii v_i² = tr H when v_i = ±1: every sample equals the trace, to round-off
        double[] diagonal = {4, -1, 2.5, 0.3, 7, 0};
        int n = diagonal.length;
        INDArray d = Nd4j.createFromArray(diagonal);
        HessianVectorProducts hvp = new HessianVectorProducts(theta -> theta.mul(d), Nd4j.createFromArray(TestMatrices.gaussian(1, n, 1, 31)[0]));
        HutchinsonTrace.Result r = HutchinsonTrace.compute(hvp, new HutchinsonTrace.Parameters(10, 0, 32));
        double trace = Arrays.stream(diagonal).sum();
        assertThat(r.samples()).hasSize(10);
        for (double s : r.samples()) {
            assertThat(s).isCloseTo(trace, within(1e-8));
        }
        assertThat(r.trace()).isCloseTo(trace, within(1e-8));
        assertThat(r.standardError()).isLessThan(1e-8);
    }

    @Test
    void hutchinsonOnADenseHessianIsUnbiasedWithinItsStandardError() {
        double[] lambda = {3, 2, 1, -1, 0.5, 4, 2, 1};
        HutchinsonTrace.Result r = HutchinsonTrace.compute(quadratic(lambda, 41), new HutchinsonTrace.Parameters(400, 0, 42));
        assertThat(r.trace()).isCloseTo(Arrays.stream(lambda).sum(), within(4 * r.standardError()));
    }

    @Test
    void powerIterationOnExactProductsOfAReluNetworkFindsTheLargestEigenvalueOfItsAssembledHessian() {
        // ReLU MLP 5-6-4-3 (P = 75): assemble H from exact products H·e_i (symmetric to round-off, 1e-12), take all
        // eigenvalues with LAPACK syev, and compare power iteration (tolerance 1e-10, converging to round-off) with
        // the one largest in magnitude, which is what it finds: 1e-6 relative
        MultiLayerNetwork net = TestModels.mlp(61, DataType.DOUBLE, Activation.RELU, 5, 6, 4, 3);
        INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(40, 5, 1.0, 62));
        HessianVectorProducts hvp = HessianVectorProducts.ofLoss(net, x, oneHot(40, 3));
        assertThat(hvp.method()).isEqualTo(HessianVectorProducts.Method.EXACT);
        int p = hvp.dimension();
        INDArray h = Nd4j.create(DataType.DOUBLE, p, p);
        for (int i = 0; i < p; i++) {
            INDArray e = Nd4j.zeros(DataType.DOUBLE, p);
            e.putScalar(i, 1.0);
            h.putColumn(i, hvp.apply(e));
        }
        double scale = h.amaxNumber().doubleValue();
        assertThat(h.sub(h.transpose()).amaxNumber().doubleValue()).isLessThan(1e-12 * scale);
        INDArray ev = Nd4j.create(DataType.DOUBLE, p);
        Nd4j.getBlasWrapper().lapack().syev('N', 'U', h.dup('f'), ev);
        double max = ev.maxNumber().doubleValue();
        double min = ev.minNumber().doubleValue();
        double largest = Math.abs(max) >= Math.abs(min) ? max : min;
        HessianTopEigenvalues.Result r = HessianTopEigenvalues.compute(hvp,
                new HessianTopEigenvalues.Parameters(1, 2000, 1e-10, 63));
        assertThat(r.converged()[0]).isTrue();
        assertThat(r.eigenvalues()[0]).isCloseTo(largest, within(1e-6 * Math.abs(largest)));
        // Hutchinson on the exact products: unbiased for the trace of the assembled Hessian, within 4 standard errors
        HutchinsonTrace.Result trace = HutchinsonTrace.compute(hvp, new HutchinsonTrace.Parameters(300, 0, 64));
        assertThat(trace.trace()).isCloseTo(ev.sumNumber().doubleValue(), within(4 * trace.standardError()));
    }

    @Test
    void topEigenvalueOfASmoothNetworkByDifferencesIsStableInTheStepAndEqualsTheExactOne() {
        // tanh MLP 8-10-10-3: no kinks, so central differences converge as O(h²) for every step from 1e-3 to 1e-7
        // relative and power iteration (tolerance 1e-10) lands on the exact top eigenvalue: 1e-4 relative covers
        // the truncation at the largest step (h ≈ 1e-3·‖θ‖/‖v‖, error ~h²), the round-off ε/h ≈ 1e-9 at the smallest
        MultiLayerNetwork net = TestModels.mlp(71, DataType.DOUBLE, Activation.TANH, 8, 10, 10, 3);
        INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(50, 8, 1.0, 72));
        INDArray y = oneHot(50, 3);
        HessianTopEigenvalues.Parameters parameters = new HessianTopEigenvalues.Parameters(1, 3000, 1e-10, 73);
        double exact = HessianTopEigenvalues.compute(HessianVectorProducts.ofLoss(net, x, y), parameters).eigenvalues()[0];
        for (double step : new double[] {1e-3, 1e-4, 1e-5, 1e-6, 1e-7}) {
            double byDifferences = HessianTopEigenvalues.compute(
                    HessianVectorProducts.ofLossByDifferences(net, x, y, step), parameters).eigenvalues()[0];
            assertThat(byDifferences).as("relative step %s", step).isCloseTo(exact, within(1e-4 * Math.abs(exact)));
        }
    }

    private static INDArray oneHot(int rows, int classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, (i * 7) % classes, 1.0);
        }
        return y;
    }
}
