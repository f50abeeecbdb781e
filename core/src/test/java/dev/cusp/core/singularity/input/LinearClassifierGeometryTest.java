package dev.cusp.core.singularity.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.SingularValues;
import dev.cusp.core.singularity.TestMatrices;
import dev.cusp.core.diff.Jacobians;
import dev.cusp.core.testing.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Item 1 on f(x) = Wx + b through the real DL4J path (Classifier.vectorJacobian), where J = W everywhere. */
class LinearClassifierGeometryTest {

    private static final int CLASSES = 4;
    private static final int INPUTS = 9;

    @Test
    void jacobianConditionNumberEqualsThatOfTheWeights() {
        double[] planted = {5.0, 2.5, 1.0, 0.2};
        double[][] w = TestMatrices.withSingularValues(CLASSES, INPUTS, planted, 71);
        Classifier model = Classifier.of(TestModels.linear(w, new double[] {0.1, -0.2, 0.3, 0.0}));
        INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(3, INPUTS, 1.0, 72));
        INDArray jac = Jacobians.logits(model, x);
        // the backward pass of a linear layer returns W exactly up to one rounding per entry
        assertThat(jac.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).sub(Nd4j.createFromArray(w))
                .amaxNumber().doubleValue()).isLessThan(1e-14);
        for (JacobianSpectrum s : JacobianSpectrum.of(jac)) {
            // κ(W) = 5/0.2 = 25 exactly by construction; relative 1e-12 covers LAPACK round-off
            assertThat(s.conditionNumber()).isCloseTo(25.0, within(25e-12));
            assertThat(s.corank()).isZero();
            assertThat(s.boardmanIndex()).isEqualTo(INPUTS - CLASSES);
        }
    }

    @Test
    void corankEqualsClassesMinusRankOfTheWeights() {
        double[][] w = TestMatrices.withSingularValues(CLASSES, INPUTS, new double[] {3.0, 1.0, 0.0, 0.0}, 73);
        Classifier model = Classifier.of(TestModels.linear(w, new double[4]));
        INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(2, INPUTS, 1.0, 74));
        int rankW = dev.cusp.core.singularity.NumericalRank.rank(SingularValues.of(Nd4j.createFromArray(w)), CLASSES, INPUTS);
        assertThat(rankW).isEqualTo(2);
        for (JacobianSpectrum s : JacobianSpectrum.of(Jacobians.logits(model, x))) {
            assertThat(s.rank()).isEqualTo(rankW);
            assertThat(s.corank()).isEqualTo(CLASSES - rankW);
            assertThat(s.boardmanClass()).isEqualTo("Σ^" + (INPUTS - rankW));
        }
    }

    @Test
    void firstOrderDistanceIsTheExactBoundaryDistanceOfALinearModel() {
        double[][] w = TestMatrices.gaussian(CLASSES, INPUTS, 1.0, 75);
        double[] b = {0.5, -0.1, 0.2, 0.0};
        Classifier model = Classifier.of(TestModels.linear(w, b));
        INDArray x = Nd4j.createFromArray(TestMatrices.gaussian(5, INPUTS, 1.0, 76));
        INDArray logits = model.logits(x);
        int[] labels = model.predict(x);
        List<MarginGeometry> byVjp = MarginGeometry.of(logits,
                model.vectorJacobian(x, MarginGeometry.seeds(logits, labels)), labels);
        List<MarginGeometry> byJacobian = MarginGeometry.fromJacobians(logits, Jacobians.logits(model, x), labels);
        for (int i = 0; i < labels.length; i++) {
            MarginGeometry g = byVjp.get(i);
            int y = labels[i];
            int k = g.runnerUp();
            double[] diff = new double[INPUTS];
            double n2 = 0;
            double n1 = 0;
            double margin = b[y] - b[k];
            for (int j = 0; j < INPUTS; j++) {
                diff[j] = w[y][j] - w[k][j];
                n2 += diff[j] * diff[j];
                n1 += Math.abs(diff[j]);
                margin += diff[j] * x.getDouble(i, j);
            }
            n2 = Math.sqrt(n2);
            // closed forms (f_y − f_k)/‖w_y − w_k‖₂ and /‖w_y − w_k‖₁, to round-off
            assertThat(g.margin()).isCloseTo(margin, within(1e-12));
            assertThat(g.firstOrderDistanceL2()).isCloseTo(margin / n2, within(1e-12));
            assertThat(g.firstOrderDistanceLinf()).isCloseTo(margin / n1, within(1e-12));
            assertThat(byJacobian.get(i).firstOrderDistanceL2()).isCloseTo(g.firstOrderDistanceL2(), within(1e-12));
            // stepping that far along −∇m lands on the y/k boundary: the two logits tie
            INDArray step = Nd4j.createFromArray(new double[][] {diff}).muli(-g.firstOrderDistanceL2() / n2);
            INDArray onBoundary = model.logits(x.getRow(i, true).add(step));
            assertThat(onBoundary.getDouble(0, y) - onBoundary.getDouble(0, k)).isCloseTo(0.0, within(1e-12));
            // the L∞ step sign(∇m)·r∞ also ends on that boundary
            INDArray linfStep = Nd4j.createFromArray(new double[][] {diff}).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            linfStep = org.nd4j.linalg.ops.transforms.Transforms.sign(linfStep).muli(-g.firstOrderDistanceLinf());
            INDArray onLinf = model.logits(x.getRow(i, true).add(linfStep));
            assertThat(onLinf.getDouble(0, y) - onLinf.getDouble(0, k)).isCloseTo(0.0, within(1e-12));
            assertThat(g.curvatureRatio(2 * g.firstOrderDistanceL2(), false)).isCloseTo(2.0, within(1e-12));
        }
    }
}
