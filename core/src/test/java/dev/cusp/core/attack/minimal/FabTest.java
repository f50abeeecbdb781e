package dev.cusp.core.attack.minimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.attack.AttackFixtures;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.LinearBoundary;
import dev.cusp.core.attack.LinearModel;
import dev.cusp.core.attack.Misclassification;
import dev.cusp.core.attack.Norm;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * FAB and FAB-T on a binary linear classifier (20 features, inputs built at L2 distances 0.15–0.5 from the
 * boundary, inside [0,1]), where the linearisation is exact and FAB's path is one-dimensional. In units of the
 * exact distance d* (L2: m/‖w_y − w_l‖₂, L∞: m/‖w_y − w_l‖₁), a point at s < 1 projects to d₁ = 1 − s, the
 * original to d₂ = 1, so α = min((1 − s)/(2 − s), α_max) and the step lands at
 * x = (s + η(1 − s))(1 − α) + ηα; an adversarial x (x > 1) is kept if smallest and pulled back to s = βx.
 * The test runs that scalar recursion independently and demands FAB's distance be d* times its smallest
 * adversarial x (1.005213 for η = 1.05, β = 0.9: reached at the second step, 1.05 then 1.005213, then the
 * recursion settles at 1.00846).
 */
class FabTest {

    private static final double[] DISTANCES = {0.15, 0.2, 0.25, 0.3, 0.4, 0.5};
    /** DOUBLE model; the 30 projection bisections and the exact solve leave ~1e-12 relative. */
    private static final double RELATIVE = 1e-8;
    private static final int STEPS = 20;

    private final LinearModel model = LinearModel.centred(2, 20, 0.5, 21);
    private final INDArray x = LinearBoundary.atDistances(model, 0.5, 0.15, DISTANCES, 22);
    private final int[] labels = AttackFixtures.predictions(model, x);

    @Test
    void fabSettlesAtItsFixedPointAboveTheExactL2Distance() {
        assertFixedPoint(new Fab(Fab.Params.untargeted(Norm.L2).withSteps(STEPS)), Norm.L2);
    }

    @Test
    void fabTSettlesAtItsFixedPointAboveTheExactLinfDistance() {
        assertFixedPoint(new Fab(Fab.Params.targeted(Norm.LINF).withSteps(STEPS)), Norm.LINF);
    }

    @Test
    void defaultsEndHalfAPercentAboveTheBoundary() {
        assertThat(scalarFab(1.05, 0.9, 0.1, STEPS)).isCloseTo(1.005213, within(1e-6));
    }

    private void assertFixedPoint(Fab fab, Norm norm) {
        double[] expected = LinearBoundary.distances(model, x, norm);
        var p = fab.parameters();
        double factor = scalarFab(p.eta(), p.beta(), p.alphaMax(), p.steps());
        AttackResult result = fab.run(model, AttackRequest.unbounded(x, new Misclassification(labels)));
        for (int i = 0; i < DISTANCES.length; i++) {
            var e = result.example(i);
            assertThat(e.success()).as("example %d", i).isTrue();
            assertThat(e.distance(norm)).as("example %d", i)
                    .isCloseTo(expected[i] * factor, within(RELATIVE * expected[i]));
        }
    }

    /** FAB's path along the normal in units of d*: the smallest adversarial point of {@code steps} steps. */
    private static double scalarFab(double eta, double beta, double alphaMax, int steps) {
        double s = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < steps; k++) {
            double alpha = Math.min((1 - s) / (2 - s), alphaMax);
            double x = (s + eta * (1 - s)) * (1 - alpha) + eta * alpha;
            if (x > 1) {
                best = Math.min(best, x);
                s = beta * x;
            } else {
                s = x;
            }
        }
        return best;
    }
}
