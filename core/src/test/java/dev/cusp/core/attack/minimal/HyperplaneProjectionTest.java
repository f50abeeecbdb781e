package dev.cusp.core.attack.minimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.attack.AttackFixtures;
import dev.cusp.core.attack.Bounds;
import dev.cusp.core.attack.Norm;
import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The box-constrained hyperplane projection against an independent per-row solver written with plain loops:
 * L2 walks the sorted breakpoints of λ ↦ w·clip(λw), L∞ fills the coordinates of smallest room first (DOUBLE,
 * 40 random rows of 15 features, seed 31; offsets chosen so that some rows need the box and some are infeasible).
 */
class HyperplaneProjectionTest {

    /** The ND4J solver brackets the scalar to 2⁻³⁰ and then solves exactly; DOUBLE rounding leaves ~1e-12. */
    private static final double TOLERANCE = 1e-9;

    private final INDArray t = AttackFixtures.uniform(40, 15, 0.0, 1.0, 31);
    private final INDArray w = AttackFixtures.uniform(40, 15, -1.0, 1.0, 32);
    private final INDArray b = offsets();

    @Test
    void l2ProjectionMatchesTheBreakpointSolver() {
        INDArray delta = HyperplaneProjection.project(Norm.L2, t, w, b, Bounds.UNIT);
        for (int i = 0; i < t.rows(); i++) {
            assertThat(delta.getRow(i).toDoubleVector()).as("row %d", i)
                    .containsExactly(referenceL2(i), within(TOLERANCE));
        }
    }

    @Test
    void linfProjectionMatchesTheGreedySolver() {
        INDArray delta = HyperplaneProjection.project(Norm.LINF, t, w, b, Bounds.UNIT);
        for (int i = 0; i < t.rows(); i++) {
            double[] expected = referenceLinf(i);
            double[] actual = delta.getRow(i).toDoubleVector();
            assertThat(Arrays.stream(actual).map(Math::abs).max().orElseThrow()).as("row %d", i)
                    .isCloseTo(Arrays.stream(expected).map(Math::abs).max().orElseThrow(), within(TOLERANCE));
            assertThat(actual).as("row %d", i).containsExactly(expected, within(TOLERANCE));
        }
    }

    @Test
    void feasibleProjectionsLandOnTheHyperplaneInsideTheBox() {
        for (Norm norm : new Norm[] {Norm.L2, Norm.LINF}) {
            INDArray moved = t.add(HyperplaneProjection.project(norm, t, w, b, Bounds.UNIT));
            assertThat(moved.minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
            assertThat(moved.maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
            int feasible = 0;
            for (int i = 0; i < t.rows(); i++) {
                if (reachable(i)) {
                    feasible++;
                    assertThat(moved.getRow(i).mul(w.getRow(i)).sumNumber().doubleValue()).as("%s row %d", norm, i)
                            .isCloseTo(b.getDouble(i, 0), within(TOLERANCE));
                }
            }
            assertThat(feasible).isBetween(20, 39);
        }
    }

    /** b = w·t + r with r spread so that the box binds for some rows and the plane is out of reach for a few. */
    private INDArray offsets() {
        double[] out = new double[40];
        for (int i = 0; i < 40; i++) {
            double wt = t.getRow(i).mul(w.getRow(i)).sumNumber().doubleValue();
            out[i] = wt + (i % 2 == 0 ? 1 : -1) * 0.3 * (i % 20);
        }
        return Nd4j.createFromArray(out).reshape(40, 1);
    }

    private boolean reachable(int i) {
        double r = b.getDouble(i, 0) - t.getRow(i).mul(w.getRow(i)).sumNumber().doubleValue();
        double max = 0;
        for (int j = 0; j < t.columns(); j++) {
            double wj = w.getDouble(i, j) * Math.signum(r);
            max += wj > 0 ? wj * (1 - t.getDouble(i, j)) : wj * (0 - t.getDouble(i, j));
        }
        return max >= Math.abs(r) - 1e-12;
    }

    /** Breakpoint walk: g(λ) = Σ v_j clip(λ v_j) is piecewise linear; find the piece where it reaches r. */
    private double[] referenceL2(int i) {
        int d = (int) t.columns();
        double r = b.getDouble(i, 0) - t.getRow(i).mul(w.getRow(i)).sumNumber().doubleValue();
        double s = r >= 0 ? 1 : -1;
        double[] v = new double[d];
        double[] lo = new double[d];
        double[] hi = new double[d];
        Double[] breaks = new Double[d];
        for (int j = 0; j < d; j++) {
            v[j] = s * w.getDouble(i, j);
            lo[j] = -t.getDouble(i, j);
            hi[j] = 1 - t.getDouble(i, j);
            breaks[j] = v[j] > 0 ? hi[j] / v[j] : v[j] < 0 ? lo[j] / v[j] : 0.0;
        }
        double need = Math.abs(r);
        Arrays.sort(breaks, Comparator.naturalOrder());
        double lambda = breaks[d - 1];
        double previous = 0;
        for (double bp : breaks) {
            if (g(v, lo, hi, bp) >= need) {
                // linear on [previous, bp]: interpolate exactly
                double g0 = g(v, lo, hi, previous);
                double g1 = g(v, lo, hi, bp);
                lambda = g1 == g0 ? bp : previous + (need - g0) * (bp - previous) / (g1 - g0);
                break;
            }
            previous = bp;
        }
        double[] delta = new double[d];
        for (int j = 0; j < d; j++) {
            delta[j] = Math.max(lo[j], Math.min(hi[j], lambda * v[j]));
        }
        return delta;
    }

    private static double g(double[] v, double[] lo, double[] hi, double lambda) {
        double sum = 0;
        for (int j = 0; j < v.length; j++) {
            sum += v[j] * Math.max(lo[j], Math.min(hi[j], lambda * v[j]));
        }
        return sum;
    }

    /** Greedy L∞: raise ρ through the sorted rooms; the amount reached grows linearly between them. */
    private double[] referenceLinf(int i) {
        int d = (int) t.columns();
        double r = b.getDouble(i, 0) - t.getRow(i).mul(w.getRow(i)).sumNumber().doubleValue();
        double s = r >= 0 ? 1 : -1;
        double[] v = new double[d];
        double[] room = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = s * w.getDouble(i, j);
            room[j] = v[j] > 0 ? 1 - t.getDouble(i, j) : v[j] < 0 ? t.getDouble(i, j) : 0;
        }
        double need = Math.abs(r);
        double[] sorted = room.clone();
        Arrays.sort(sorted);
        double rho = sorted[d - 1];
        double previous = 0;
        for (double cap : sorted) {
            if (reach(v, room, cap) >= need) {
                double g0 = reach(v, room, previous);
                double g1 = reach(v, room, cap);
                rho = g1 == g0 ? cap : previous + (need - g0) * (cap - previous) / (g1 - g0);
                break;
            }
            previous = cap;
        }
        double[] delta = new double[d];
        for (int j = 0; j < d; j++) {
            delta[j] = Math.signum(v[j]) * Math.min(rho, room[j]);
        }
        return delta;
    }

    private static double reach(double[] v, double[] room, double rho) {
        double sum = 0;
        for (int j = 0; j < v.length; j++) {
            sum += Math.abs(v[j]) * Math.min(rho, room[j]);
        }
        return sum;
    }
}
