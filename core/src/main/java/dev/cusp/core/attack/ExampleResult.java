package dev.cusp.core.attack;

/**
 * What an attack did to one example. {@code adversarial}: the returned input meets the criterion;
 * {@code success}: it does so within the example's ε (an example the model already gets wrong is a success with a
 * zero perturbation). {@code margin} is the criterion's margin at the returned input (negative = adversarial);
 * the norms are of the perturbation x' − x; the costs are forward queries and input-gradient evaluations.
 */
public record ExampleResult(
        double epsilon,
        boolean success,
        boolean adversarial,
        int adversarialClass,
        double margin,
        double l0,
        double l1,
        double l2,
        double linf,
        int iterations,
        long gradientEvaluations,
        long queries) {

    /** The perturbation's size in the given norm. */
    public double distance(Norm norm) {
        return switch (norm) {
            case L1 -> l1;
            case L2 -> l2;
            case LINF -> linf;
        };
    }

    /** The same outcome with other costs (wrappers that add up several runs). */
    public ExampleResult withCosts(int newIterations, long newGradientEvaluations, long newQueries) {
        return new ExampleResult(epsilon, success, adversarial, adversarialClass, margin, l0, l1, l2, linf,
                newIterations, newGradientEvaluations, newQueries);
    }
}
