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

    static AttackTask of(String modelSha256, DatasetRef dataset, int[] exampleIndices, AttackSpec attack) {
        return new AttackTask(AttackTask.SCHEMA_VERSION, UUID.randomUUID(), 0, 1, modelSha256, dataset, 0,
                exampleIndices, new AttackPlan(List.of(attack)), SingularityPlan.basic());
    }

    static AttackSpec unknownAttack() {
        return new AttackSpec("no-such-attack", "linf", EPSILONS, Map.of());
    }
}
