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
 * Momentum iterative FGSM (Dong et al. 2018, Algorithm 1): g ← μ·g + ∇/‖∇‖₁, x ← clip(x + α·u(g)) with
 * α = ε/T, in L∞ (sign) or L2 (g/‖g‖₂).
 */
public final class MiFgsm implements Attack {

    /** Iterations T and decay μ; the paper's defaults are T = 10, μ = 1.0 (α = ε/T). */
    public record Params(Norm norm, int steps, double decay) {
        public Params {
            if (norm != Norm.LINF && norm != Norm.L2) {
                throw new IllegalArgumentException("MI-FGSM supports linf and l2, got " + norm);
            }
            if (steps < 1 || !(decay >= 0)) {
                throw new IllegalArgumentException(
                        "MI-FGSM needs steps >= 1 and decay >= 0, got " + steps + ", " + decay);
            }
        }

        public static Params defaults(Norm norm) {
            return new Params(norm, 10, 1.0);
        }
    }

    private final Params params;

    public MiFgsm(Params params) {
        this.params = params;
    }

    public static MiFgsm linf() {
        return new MiFgsm(Params.defaults(Norm.LINF));
    }

    @Override
    public String name() {
        return "mi-fgsm";
    }

    @Override
    public Norm norm() {
        return params.norm();
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
        int[] steps = new int[request.size()];
        Arrays.fill(steps, params.steps());
        double[] alpha = Arrays.stream(request.epsilons()).map(e -> e / params.steps()).toArray();
        CountingModel counting = new CountingModel(model, request.size());
        // μ = 0 reduces to iterative FGSM with α = ε/T; the engine treats momentum 0 as "no velocity", identical.
        SteepestAscent.Run run = SteepestAscent.run(counting, request, new SteepestAscent.Plan(
                CrossEntropy.INSTANCE, params.norm(), steps, alpha, false, params.decay()));
        return Outcomes.of(name(), params.norm(), model, request, run.adversarial(), run.iterations(), counting);
    }
}
