package dev.cusp.core.event;

/** What one attack at one budget did to one example; norms are of the perturbation x' − x. */
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
        int queries) {
}
