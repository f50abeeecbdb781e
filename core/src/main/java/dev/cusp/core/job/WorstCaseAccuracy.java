package dev.cusp.core.job;

import java.util.List;

/**
 * Robust accuracy against the whole attack plan at one (norm, ε): an example counts as robust only if no attack of
 * the plan with this norm broke it at this ε (per-example worst case over {@code attacks}, as AutoAttack reports its
 * own cascade); {@code accuracy} = 1 − broken/examples, never above any single attack's robust accuracy there.
 */
public record WorstCaseAccuracy(String norm, double epsilon, List<String> attacks, int examples, int broken,
        double accuracy) {
    /** The pseudo-attack name a worst-case row goes by next to the per-attack rows. */
    public static final String ANY_ATTACK = "worst case over the plan";
}
