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

    /** The curve of {@code result} at the given budgets, in the attack's norm. */
    public static List<Point> of(AttackResult result, double... epsilons) {
        List<Point> points = new ArrayList<>(epsilons.length);
        for (double eps : epsilons) {
            if (Double.isNaN(eps) || eps < 0) {
                throw new IllegalArgumentException("epsilon must be >= 0, got " + eps);
            }
            int successes = 0;
            for (ExampleResult e : result.examples()) {
                if (e.adversarial() && Outcomes.withinBudget(e.distance(result.norm()), eps)) {
                    successes++;
                }
            }
            points.add(new Point(eps, result.size(), successes, 1.0 - (double) successes / result.size()));
        }
        return points;
    }
}
