package dev.cusp.core.attack.gradient;

import dev.cusp.core.attack.Attack;
import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.CountingModel;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.Outcomes;
import dev.cusp.core.attack.loss.CrossEntropy;
import java.util.Arrays;

/**
 * Basic iterative method (Kurakin et al. 2017, "Adversarial examples in the physical world"): L∞ steps of
 * α from the clean input (no random start), clipped to the ε-ball and the data range after every step.
 */
public final class Bim implements Attack {

    /**
     * Step α as a fraction of the data range and the step rule ⌈min(ε/α + extraSteps, stepFactor·ε/α)⌉.
     * Defaults are the paper's: α = 1/255 (one intensity level), min(ε + 4, 1.25·ε) steps in intensity levels.
     */
    public record Params(double stepSize, int extraSteps, double stepFactor) {
        public static final Params DEFAULTS = new Params(1.0 / 255, 4, 1.25);

        public Params {
            if (!(stepSize > 0) || extraSteps < 0 || !(stepFactor > 0)) {
                throw new IllegalArgumentException("BIM needs step size > 0, extra steps >= 0 and step factor > 0,"
                        + " got " + stepSize + ", " + extraSteps + ", " + stepFactor);
            }
        }

        /** Steps for budget ε and data-range width w. */
        public int steps(double epsilon, double width) {
            double levels = epsilon / (stepSize * width);
            return (int) Math.ceil(Math.min(levels + extraSteps, stepFactor * levels) - 1e-9);
        }
    }

    private final Params params;

    public Bim(Params params) {
        this.params = params;
    }

    public static Bim defaults() {
        return new Bim(Params.DEFAULTS);
    }

    @Override
    public String name() {
        return "bim";
    }

    @Override
    public Norm norm() {
        return Norm.LINF;
    }

    @Override
    public boolean minimizesNorm() {
        return false;
    }

    @Override
    public Params parameters() {
        return params;
    }

    @Override
    public AttackResult run(AttackModel model, AttackRequest request) {
        request.requireFiniteEpsilons(name());
        double width = request.bounds().width();
        int[] steps = Arrays.stream(request.epsilons()).mapToInt(e -> params.steps(e, width)).toArray();
        double[] alpha = new double[request.size()];
        Arrays.fill(alpha, params.stepSize() * width);
        CountingModel counting = new CountingModel(model, request.size());
        SteepestAscent.Run run = SteepestAscent.run(counting, request, new SteepestAscent.Plan(
                CrossEntropy.INSTANCE, Norm.LINF, steps, alpha, false, 0.0));
        return Outcomes.of(name(), Norm.LINF, model, request, run.adversarial(), run.iterations(), counting);
    }
}
