package dev.cusp.core.event;

/**
 * What one attack at one budget did to one example; norms are of the perturbation x' − x, in double.
 *
 * <p>Since schema 2: {@code l1}, {@code margin} (the model's margin f_y − max_{j≠y} f_j at x', negative =
 * misclassified), {@code stage} (AutoAttack: the stage that broke the example, {@code clean} when the model already
 * got it wrong, null when nothing broke it; null for other attacks) and {@code seed} (the seed of the run that
 * produced this outcome). For minimal-norm attacks (DeepFool, C&amp;W, FAB, HopSkipJump) one run serves every ε:
 * the norms, prediction and margin are those of the smallest adversarial found, and {@code success} says whether
 * it is adversarial within ε. Costs are per example and run (a minimal-norm run's cost repeats on every ε).
 */
public record AttackOutcome(
        String attack,
        String norm,
        double epsilon,
        boolean success,
        int adversarialPrediction,
        double linf,
        double l2,
        double l0,
        int iterations,
        int gradientEvaluations,
        int queries,
        double l1,
        double margin,
        String stage,
        long seed) {
}
