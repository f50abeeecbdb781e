package dev.cusp.core.event;

import java.util.List;

/** Per-example part of {@code attack.results}: the label, the clean prediction and every attack outcome. */
public record ExampleAttack(int exampleIndex, int label, int cleanPrediction, List<AttackOutcome> outcomes) {
}
