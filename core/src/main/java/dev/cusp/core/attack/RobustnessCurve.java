package dev.cusp.core.attack;

import java.util.ArrayList;
import java.util.List;

/**
 * Robust accuracy at any list of budgets from one minimal-norm run (Foolbox 3's minimisation-attack trick):
 * an example is broken at ε when its returned input is adversarial and ‖δ‖ ≤ ε in the attack's norm.
 */
public final class RobustnessCurve {

    /** Robust accuracy at one budget. */
    public record Point(double epsilon, int examples, int successes, double robustAccuracy) {
    }

    private RobustnessCurve() {
    }

    /** True when a minimal-norm run's example counts as broken at budget {@code epsilon} (measured in {@code norm}). */
    public static boolean broken(ExampleResult example, Norm norm, double epsilon) {
        return example.adversarial() && Outcomes.withinBudget(example.distance(norm), epsilon);
    }

    /** The curve of {@code result} at the given budgets, in the attack's norm. */
    public static List<Point> of(AttackResult result, double... epsilons) {
        List<Point> points = new ArrayList<>(epsilons.length);
        for (double eps : epsilons) {
            if (Double.isNaN(eps) || eps < 0) {
                throw new IllegalArgumentException("epsilon must be >= 0, got " + eps);
            }
            int successes = 0;
            for (ExampleResult e : result.examples()) {
                if (broken(e, result.norm(), eps)) {
                    successes++;
                }
            }
            points.add(new Point(eps, result.size(), successes, 1.0 - (double) successes / result.size()));
        }
        return points;
    }
}
