package dev.cusp.core.testing;

import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite differences of a per-row scalar function g: R^d → R at one point, all d coordinates in one batched
 * evaluation, in DOUBLE: central (g(x+he_i) − g(x−he_i))/2h and the two one-sided differences, whose
 * disagreement marks a kink (a ReLU or max-pool switching inside [x−h, x+h]).
 */
public final class FiniteDifferences {

    /** The three difference quotients per coordinate. */
    public record Differences(double[] central, double[] forward, double[] backward) {
        /** Whether coordinate i looks non-differentiable: the one-sided slopes differ by more than {@code tolerance}. */
        public boolean isKink(int i, double tolerance) {
            return Math.abs(forward[i] - backward[i]) > tolerance;
        }
    }

    /**
     * Differences of {@code g} (rows [m,d] → one value per row) at {@code x} ([1,d] or [d]) with step {@code h}.
     */
    public static Differences of(Function<INDArray, double[]> g, INDArray x, double h) {
        INDArray point = x.castTo(DataType.DOUBLE).reshape(1, x.length());
        int d = (int) point.length();
        INDArray steps = Nd4j.eye(d).castTo(DataType.DOUBLE).muli(h);
        INDArray plus = point.repeat(0, d).addi(steps);
        INDArray minus = point.repeat(0, d).subi(steps);
        double[] up = g.apply(plus);
        double[] down = g.apply(minus);
        double centre = g.apply(point)[0];
        double[] central = new double[d];
        double[] forward = new double[d];
        double[] backward = new double[d];
        for (int i = 0; i < d; i++) {
            central[i] = (up[i] - down[i]) / (2 * h);
            forward[i] = (up[i] - centre) / h;
            backward[i] = (centre - down[i]) / h;
        }
        return new Differences(central, forward, backward);
    }

    private FiniteDifferences() {
    }
}
