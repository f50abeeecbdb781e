package dev.cusp.core.attack;

/**
 * One adversarial attack, with one call shape for all (Foolbox 3's): a batch of inputs, a criterion, a budget
 * per example, bounds and a seed in; per-example results out. Fixed-ε attacks stay inside the ε-ball;
 * minimal-norm attacks ({@link #minimizesNorm()}) return the smallest perturbation they find, so one run gives
 * robust accuracy at every ε ({@link RobustnessCurve}).
 */
public interface Attack {

    /** Stable short name used in plans and reports, e.g. {@code pgd}, {@code apgd-ce}. */
    String name();

    /** The norm the budget (or the minimised distance) is measured in. */
    Norm norm();

    /** True when the attack minimises the perturbation instead of working inside a fixed ε-ball. */
    boolean minimizesNorm();

    /** The attack's parameter record, defaults included, so that a report says how it was computed. */
    Record parameters();

    /** Runs the attack; the same request (seed included) gives the same result. */
    AttackResult run(AttackModel model, AttackRequest request);
}
