package dev.cusp.core.singularity.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.TestMatrices;
import dev.cusp.core.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CleverTest {

    private static final double[][] W = TestMatrices.gaussian(4, 6, 1.0, 101);
    private static final double[] B = {0.3, -0.2, 0.1, 0.0};

    @Test
    void linearClassifierCleverIsMarginOverDualNormWithTheDegenerateFallback() {
        // ∇g = w_ĉ − w_t everywhere: every batch maximum is the same, the Weibull fit is degenerate and the
        // reference falls back to the largest sample, so CLEVER_t = (f_ĉ − f_t)/‖w_ĉ − w_t‖_q exactly (q = 2
        // for L2, q = 1 for L∞), capped at R
        Classifier model = Classifier.of(TestModels.linear(W, B));
        INDArray x = Nd4j.createFromArray(new double[][] {{0.2, 0.5, 0.1, 0.9, 0.4, 0.6}});
        double[] f = model.logits(x).toDoubleVector();
        for (Clever.Norm norm : Clever.Norm.values()) {
            Clever.Parameters p = new Clever.Parameters(norm, 10, 16, 100.0, Double.NEGATIVE_INFINITY,
                    Double.POSITIVE_INFINITY, 5);
            Clever.Result r = Clever.compute(model, x, p, true);
            int top = r.predictedClass();
            for (Clever.Score s : r.perTarget()) {
                double dual = 0;
                for (int j = 0; j < 6; j++) {
                    double diff = W[top][j] - W[s.target()][j];
                    dual += norm == Clever.Norm.L2 ? diff * diff : Math.abs(diff);
                }
                dual = norm == Clever.Norm.L2 ? Math.sqrt(dual) : dual;
                assertThat(s.fit().fallback()).isTrue();
                assertThat(s.margin()).isCloseTo(f[top] - f[s.target()], within(1e-12));
                // one backward pass per row of a linear layer: the gradient is W's difference to round-off
                assertThat(s.score()).isCloseTo((f[top] - f[s.target()]) / dual, within(1e-12));
            }
            assertThat(r.untargeted().score()).isEqualTo(r.perTarget().stream().mapToDouble(Clever.Score::score).min().orElseThrow());
            assertThat(r.top2().target()).isEqualTo(MarginGeometry.runnerUp(f, top));
        }
    }

    @Test
    void scoreIsCappedAtTheSamplingRadius() {
        Classifier model = Classifier.of(TestModels.linear(W, B));
        INDArray x = Nd4j.createFromArray(new double[][] {{0.2, 0.5, 0.1, 0.9, 0.4, 0.6}});
        Clever.Parameters p = new Clever.Parameters(Clever.Norm.L2, 4, 4, 1e-4, 0, 1, 6);
        Clever.Result r = Clever.compute(model, x, p, false);
        assertThat(r.top2().bound()).isGreaterThan(1e-4);
        assertThat(r.top2().score()).isEqualTo(1e-4);
    }

    @Test
    void cleverOfASmoothNetworkNeverExceedsTheTrueBoundaryDistanceAlongTheGradient() {
        // On a tanh MLP: L̂ ≥ ‖∇g(x₀)‖ (x₀'s neighbourhood is sampled), so CLEVER ≤ the first-order distance
        // g/‖∇g(x₀)‖ up to sampling noise; and the fit is a proper (non-fallback) reverse Weibull.
        Classifier model = Classifier.of(TestModels.mlp(7, DataType.DOUBLE, Activation.TANH, 6, 12, 4));
        INDArray x = Nd4j.createFromArray(new double[][] {{0.2, 0.5, 0.1, 0.9, 0.4, 0.6}});
        Clever.Parameters p = new Clever.Parameters(Clever.Norm.L2, 60, 64, 0.5, 0, 1, 8);
        Clever.Result r = Clever.compute(model, x, p, false);
        INDArray logits = model.logits(x);
        int[] top = model.predict(x);
        MarginGeometry g = MarginGeometry.of(logits, model.vectorJacobian(x, MarginGeometry.seeds(logits, top)), top).get(0);
        assertThat(r.top2().target()).isEqualTo(g.runnerUp());
        assertThat(r.top2().score()).isLessThanOrEqualTo(g.firstOrderDistanceL2() * 1.0001);
        assertThat(r.top2().fit().fallback()).isFalse();
        // three seeds: the scores scatter (a sampled estimate) but stay within the same bound
        Clever.Spread spread = Clever.spread(model, x, p.withSampling(30, 32), 3);
        assertThat(spread.scores()).hasSize(3);
        assertThat(spread.max()).isLessThanOrEqualTo(g.firstOrderDistanceL2() * 1.0001);
        assertThat(spread.standardDeviation()).isPositive();
        assertThat(spread.min()).isLessThanOrEqualTo(spread.mean()).isLessThanOrEqualTo(spread.max());
    }
}
