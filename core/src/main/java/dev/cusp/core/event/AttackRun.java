package dev.cusp.core.event;

import java.util.List;
import java.util.Map;

/**
 * One attack of a plan as it was run: its kind ({@code fixed}: one run per ε; {@code minimal}: one minimal-norm
 * run for every ε; {@code cascade}: AutoAttack per ε), the full parameter record (defaults included, nested
 * records as maps), the reference it follows, and the seed of each run (per ε, or one for a minimal-norm run).
 */
public record AttackRun(
        String attack,
        String norm,
        String kind,
        List<Double> epsilons,
        Map<String, Object> parameters,
        String reference,
        List<Long> seeds) {
}
