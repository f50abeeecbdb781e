package dev.cusp.core.attack.gradient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.attack.Bounds;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The one-pass L∞ step against the ND4J ops it replaces, and the two constraints it must keep. */
class SignStepTest {

    @Test
    void onePassEqualsTheOpsToFloatRoundingAndStaysInTheBallAndTheDataRange() {
        Nd4j.getRandom().setSeed(17);
        int n = 40;
        int d = 50;
        INDArray origin = Nd4j.rand(DataType.FLOAT, n, d);
        // starts anywhere in a ball of 0.1, some coordinates on the data range's edges, some gradients exactly 0
        INDArray x = origin.add(Nd4j.rand(DataType.FLOAT, n, d).subi(0.5).muli(0.2));
        Bounds.UNIT.clipi(x);
        INDArray gradient = Nd4j.randn(DataType.FLOAT, n, d);
        for (int i = 0; i < n; i++) {
            gradient.putScalar(i, i % d, 0);
            x.putScalar(i, (i + 1) % d, 1);
            x.putScalar(i, (i + 2) % d, 0);
        }
        INDArray alpha = Nd4j.rand(DataType.FLOAT, n, 1).muli(0.05);
        INDArray epsilon = Nd4j.rand(DataType.FLOAT, n, 1).muli(0.1);
        epsilon.putScalar(3, 0, 0); // ε = 0: the step must stay at the origin
        INDArray fast = SignStep.apply(x, gradient, alpha, origin, epsilon, Bounds.UNIT);
        INDArray reference = SignStep.byOps(x.dup(), gradient, alpha, origin, epsilon, Bounds.UNIT);
        // the ops round after every one of ~8 FLOAT operations on values ≤ 1, the pass once: a few ulps of 1
        assertThat(fast.sub(reference).amaxNumber().doubleValue()).isLessThan(5e-7);
        assertThat(fast.minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(fast.maxNumber().doubleValue()).isLessThanOrEqualTo(1);
        INDArray excess = Nd4j.math().abs(fast.sub(origin)).subiColumnVector(epsilon);
        assertThat(excess.maxNumber().doubleValue()).isLessThan(1.2e-7); // one rounding of values ≤ 1
        assertThat(fast.getRow(3)).isEqualTo(origin.getRow(3));
        // a zero gradient leaves the coordinate where it was (clipped into the ball)
        double o = origin.getDouble(5, 5);
        double e = epsilon.getDouble(5, 0);
        double stays = o + Math.min(Math.max(x.getDouble(5, 5) - o, -e), e);
        assertThat(fast.getDouble(5, 5)).isCloseTo(stays, org.assertj.core.api.Assertions.within(1.2e-7));
        // the inputs are not modified
        assertThat(SignStep.apply(x, gradient, alpha, origin, epsilon, Bounds.UNIT)).isEqualTo(fast);
    }

    @Test
    void viewsAndDoublesTakeTheOpsAndGiveTheSamePoint() {
        Nd4j.getRandom().setSeed(18);
        INDArray origin = Nd4j.rand(DataType.DOUBLE, 6, 9);
        INDArray x = origin.add(0.01);
        INDArray gradient = Nd4j.randn(DataType.DOUBLE, 6, 9);
        INDArray alpha = Nd4j.valueArrayOf(new long[] {6, 1}, 0.02, DataType.DOUBLE);
        INDArray epsilon = Nd4j.valueArrayOf(new long[] {6, 1}, 0.03, DataType.DOUBLE);
        INDArray doubles = SignStep.apply(x, gradient, alpha, origin, epsilon, Bounds.UNIT);
        assertThat(doubles.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(doubles).isEqualTo(SignStep.byOps(x.dup(), gradient, alpha, origin, epsilon, Bounds.UNIT));
        INDArray floats = SignStep.apply(x.castTo(DataType.FLOAT), gradient.castTo(DataType.FLOAT).dup('f'),
                alpha.castTo(DataType.FLOAT), origin.castTo(DataType.FLOAT), epsilon.castTo(DataType.FLOAT), Bounds.UNIT);
        assertThat(floats.castTo(DataType.DOUBLE).sub(doubles).amaxNumber().doubleValue()).isLessThan(1e-6);
    }
}
