package dev.cusp.core.event;

import java.util.List;
import java.util.Map;

/**
 * One attack of a plan: its name ({@code fgsm}, ...), the norm of its budget ({@code linf}, {@code l2}),
 * the budgets to evaluate, and parameters that override the attack's documented defaults.
 */
public record AttackSpec(String attack, String norm, List<Double> epsilons, Map<String, Object> params) {
    public static AttackSpec fgsm(List<Double> epsilons) {
        return new AttackSpec("fgsm", "linf", List.copyOf(epsilons), Map.of());
    }
}
