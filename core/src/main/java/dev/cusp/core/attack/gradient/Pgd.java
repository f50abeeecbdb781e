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
 * Projected gradient descent on the cross-entropy (Madry et al. 2018) in L∞ or L2, with a uniform random start
 * in the ε-ball; restarts through {@code Repeated}. Step size is relative to ε.
 */
public final class Pgd implements Attack {

    /**
     * Steps, step size as a fraction of ε, random start. Defaults: L∞ 40 steps of ε/30 (Madry et al.'s MNIST
     * setting, 0.01 at ε = 0.3, as Foolbox's LinfPGD); L2 50 steps of 0.025·ε (Foolbox's L2PGD).
     */
    public record Params(Norm norm, int steps, double relativeStepSize, boolean randomStart) {
        public Params {
            if (norm != Norm.LINF && norm != Norm.L2) {
                throw new IllegalArgumentException("PGD supports linf and l2, got " + norm);
            }
            if (steps < 1) {
                throw new IllegalArgumentException("PGD needs at least one step, got " + steps);
            }
            if (!(relativeStepSize > 0)) {
                throw new IllegalArgumentException("PGD step size must be > 0, got " + relativeStepSize);
            }
        }

        public static Params defaults(Norm norm) {
            return norm == Norm.L2 ? new Params(Norm.L2, 50, 0.025, true) : new Params(Norm.LINF, 40, 1.0 / 30, true);
        }

        public Params withSteps(int newSteps) {
            return new Params(norm, newSteps, relativeStepSize, randomStart);
        }
    }

    private final Params params;

    public Pgd(Params params) {
        this.params = params;
    }

    public static Pgd linf() {
        return new Pgd(Params.defaults(Norm.LINF));
    }

    public static Pgd l2() {
        return new Pgd(Params.defaults(Norm.L2));
    }

    @Override
    public String name() {
        return "pgd";
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
        double[] alpha = Arrays.stream(request.epsilons()).map(e -> e * params.relativeStepSize()).toArray();
        CountingModel counting = new CountingModel(model, request.size());
        SteepestAscent.Run run = SteepestAscent.run(counting, request, new SteepestAscent.Plan(
                CrossEntropy.INSTANCE, params.norm(), steps, alpha, params.randomStart(), 0.0));
        return Outcomes.of(name(), params.norm(), model, request, run.adversarial(), run.iterations(), counting);
    }
}
