package dev.cusp.attack;

import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.SingularityPlan;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Attack tasks as the gateway would publish them, for tests. */
final class Tasks {
    static final List<Double> EPSILONS = List.of(0.01, 0.05, 0.1);

    private Tasks() {
    }

    static AttackTask fgsm(String modelSha256, int[] exampleIndices) {
        return of(modelSha256, DatasetRef.fashionMnistTest(), exampleIndices, AttackSpec.fgsm(EPSILONS));
    }

    static AttackTask of(String modelSha256, DatasetRef dataset, int[] exampleIndices, AttackSpec... attacks) {
        return new AttackTask(AttackTask.SCHEMA_VERSION, UUID.randomUUID(), 1, 3, modelSha256, dataset, 0,
                exampleIndices, new AttackPlan(List.of(attacks)), SingularityPlan.basic(), 42L);
    }

    /** One attack of each kind with small budgets: fixed-ε with restarts, minimal-norm, score-based, the cascade. */
    static AttackTask catalogue(String modelSha256, int[] exampleIndices) {
        return of(modelSha256, DatasetRef.fashionMnistTest(), exampleIndices,
                AttackSpec.fgsm(EPSILONS),
                new AttackSpec("pgd", "linf", EPSILONS, Map.of("steps", 10, "restarts", 2)),
                new AttackSpec("deepfool", "l2", List.of(0.1, 0.5, 1.0), Map.of()),
                new AttackSpec("square", "l2", List.of(1.0), Map.of("queries", 50)),
                new AttackSpec("autoattack", "linf", List.of(0.05), Map.of("steps", 10, "targets", 2,
                        "squareQueries", 50)));
    }

    static AttackSpec unknownAttack() {
        return new AttackSpec("no-such-attack", "linf", EPSILONS, Map.of());
    }
}
