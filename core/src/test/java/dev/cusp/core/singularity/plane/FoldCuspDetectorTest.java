package dev.cusp.core.singularity.plane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.singularity.plane.FoldCuspDetector.CriticalSet;
import dev.cusp.core.singularity.plane.FoldCuspDetector.Cusp;
import dev.cusp.core.singularity.plane.FoldCuspDetector.Window;
import org.junit.jupiter.api.Test;

class FoldCuspDetectorTest {

    private static final Window SQUARE = new Window(-1, 1, -1, 1);
    // grid spacing of the default 101-node grid on [−1, 1]
    private static final double SPACING = 0.02;

    @Test
    void foldGermIsAllFoldsAndNoCusp() {
        CriticalSet set = new FoldCuspDetector().detect(WhitneyGerms.fold(), SQUARE);
        assertThat(set.curves()).hasSize(1);
        double[][] pts = set.curves().get(0).points();
        assertThat(pts.length).isGreaterThan(50);
        for (double[] p : pts) {
            // S = {y = 0}; λ = 2y is linear, so marching squares puts the crossings exactly on it
            assertThat(p[1]).isCloseTo(0.0, within(1e-12));
        }
        for (double tau : set.curves().get(0).transversality()) {
            // η = e_y and ∇λ = (0, 2): the kernel is perpendicular to S, |τ| = 1 up to central-difference round-off
            assertThat(Math.abs(tau)).isCloseTo(1.0, within(1e-9));
        }
        assertThat(set.foldPoints()).isEqualTo(pts.length);
        assertThat(set.cusps()).isEmpty();
        assertThat(set.sigma2Points()).isZero();
    }

    @Test
    void foldGermOffTheGridNodesIsStillAllFolds() {
        CriticalSet set = new FoldCuspDetector().detect(WhitneyGerms.fold(), new Window(-0.9, 1.1, -0.713, 0.95));
        assertThat(set.curves()).hasSize(1);
        assertThat(set.cusps()).isEmpty();
        assertThat(set.foldPoints()).isEqualTo(set.curves().get(0).points().length);
    }

    @Test
    void cuspGermHasExactlyOneCuspAtTheOrigin() {
        CriticalSet set = new FoldCuspDetector().detect(WhitneyGerms.cusp(), SQUARE);
        assertThat(set.cusps()).hasSize(1);
        Cusp cusp = set.cusps().get(0);
        // location within grid tolerance (one spacing); bisection with projection does far better
        assertThat(Math.hypot(cusp.s(), cusp.t())).isLessThan(SPACING);
        // ηλ = 6y along S and τ = 6y/‖(1, 6y)‖: slope 6 per unit of arc near the cusp (first-order contact)
        assertThat(cusp.transversalitySlope()).isCloseTo(6.0, within(0.5));
        // the curve is x = −3y² (linear interpolation of λ = x + 3y² along grid edges: error ≤ 3·spacing²)
        for (FoldCuspDetector.CriticalCurve c : set.curves()) {
            for (double[] p : c.points()) {
                assertThat(p[0] + 3 * p[1] * p[1]).isCloseTo(0.0, within(3 * SPACING * SPACING));
            }
        }
        assertThat(set.foldPoints()).isGreaterThan(50);
    }

    @Test
    void cuspOffTheGridNodesIsLocatedByBisectionFarBelowTheGridSpacing() {
        // No grid node on the cusp: 30 bisection halvings of a ~0.02 bracket with Newton projection onto
        // S leave ~2e-11; 1e-9 is the stated tolerance.
        CriticalSet set = new FoldCuspDetector().detect(WhitneyGerms.cusp(), new Window(-1, 1.03, -0.97, 1.01));
        assertThat(set.cusps()).hasSize(1);
        assertThat(Math.hypot(set.cusps().get(0).s(), set.cusps().get(0).t())).isLessThan(1e-9);
    }

    @Test
    void rotatedAndShiftedCuspGermHasItsCuspAtThePreimageOfTheOrigin() {
        // g(p) = cusp(R·p + c): the cusp sits where R·p + c = 0, i.e. p* = −Rᵀc.
        double angle = Math.toRadians(30);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double[] c = {0.13, -0.21};
        PlaneMap germ = WhitneyGerms.cusp();
        PlaneMap moved = new PlaneMap() {
            double[][] move(double[][] p) {
                double[][] q = new double[p.length][];
                for (int i = 0; i < p.length; i++) {
                    q[i] = new double[] {cos * p[i][0] - sin * p[i][1] + c[0], sin * p[i][0] + cos * p[i][1] + c[1]};
                }
                return q;
            }

            @Override
            public double[][] values(double[][] p) {
                return germ.values(move(p));
            }

            @Override
            public double[][][] jacobians(double[][] p) {
                double[][][] j = germ.jacobians(move(p));
                double[][][] out = new double[p.length][2][2];
                for (int i = 0; i < p.length; i++) {
                    for (int r = 0; r < 2; r++) {
                        out[i][r][0] = j[i][r][0] * cos + j[i][r][1] * sin;
                        out[i][r][1] = -j[i][r][0] * sin + j[i][r][1] * cos;
                    }
                }
                return out;
            }
        };
        CriticalSet set = new FoldCuspDetector().detect(moved, SQUARE);
        assertThat(set.cusps()).hasSize(1);
        double sx = -(cos * c[0] + sin * c[1]);
        double sy = -(-sin * c[0] + cos * c[1]);
        assertThat(Math.hypot(set.cusps().get(0).s() - sx, set.cusps().get(0).t() - sy)).isLessThan(SPACING);
    }

    @Test
    void lipsHaveTwoCuspsOnAClosedCriticalCurve() {
        // g(x, y) = (x, y³ + (x² − a)·y): λ = 3y² + x² − a, an ellipse; kernel e_y, ηλ = 6y: cusps at (±√a, 0).
        double a = 0.36;
        PlaneMap lips = new PlaneMap() {
            @Override
            public double[][] values(double[][] p) {
                double[][] v = new double[p.length][];
                for (int i = 0; i < p.length; i++) {
                    double x = p[i][0];
                    double y = p[i][1];
                    v[i] = new double[] {x, y * y * y + (x * x - a) * y};
                }
                return v;
            }

            @Override
            public double[][][] jacobians(double[][] p) {
                double[][][] j = new double[p.length][][];
                for (int i = 0; i < p.length; i++) {
                    double x = p[i][0];
                    double y = p[i][1];
                    j[i] = new double[][] {{1, 0}, {2 * x * y, 3 * y * y + x * x - a}};
                }
                return j;
            }
        };
        CriticalSet set = new FoldCuspDetector().detect(lips, new Window(-1, 1.03, -1, 1.07));
        assertThat(set.curves()).hasSize(1);
        assertThat(set.curves().get(0).closed()).isTrue();
        assertThat(set.cusps()).hasSize(2);
        double[] xs = set.cusps().stream().mapToDouble(Cusp::s).sorted().toArray();
        assertThat(xs[0]).isCloseTo(-0.6, within(SPACING));
        assertThat(xs[1]).isCloseTo(0.6, within(SPACING));
        for (Cusp cusp : set.cusps()) {
            assertThat(cusp.t()).isCloseTo(0.0, within(SPACING));
        }
    }
}
