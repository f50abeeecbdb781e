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
 * Fast gradient method (Goodfellow et al. 2015; L2/L1 variants as in Foolbox and ART): one step
 * x' = clip(x + ε·u(∇ₓCE)), u = sign for L∞ (FGSM), g/‖g‖₂ for L2, g/‖g‖₁ for L1.
 */
public final class Fgm implements Attack {

    /** The norm of the step; the method has no other parameter (one step of length ε on the cross-entropy). */
    public record Params(Norm norm) {
        public Params {
            if (norm == null) {
                throw new IllegalArgumentException("FGM needs a norm");
            }
        }
    }

    private final Params params;

    public Fgm(Params params) {
        this.params = params;
    }

    /** FGSM: the L∞ fast gradient sign method. */
    public static Fgm linf() {
        return new Fgm(new Params(Norm.LINF));
    }

    public static Fgm l2() {
        return new Fgm(new Params(Norm.L2));
    }

    public static Fgm l1() {
        return new Fgm(new Params(Norm.L1));
    }

    @Override
    public String name() {
        return params.norm() == Norm.LINF ? "fgsm" : "fgm";
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
        Arrays.fill(steps, 1);
        CountingModel counting = new CountingModel(model, request.size());
        SteepestAscent.Run run = SteepestAscent.run(counting, request, new SteepestAscent.Plan(
                CrossEntropy.INSTANCE, params.norm(), steps, request.epsilons(), false, 0.0));
        return Outcomes.of(name(), params.norm(), model, request, run.adversarial(), run.iterations(), counting);
    }
}
