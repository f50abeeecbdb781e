package dev.cusp.core.event;

import java.util.List;
import java.util.UUID;

/** Topic {@code attack.results}: everything attack-service computed for one shard. */
public record AttackResults(
        int schemaVersion,
        UUID jobId,
        int shardNo,
        int shardCount,
        String modelSha256,
        DatasetRef dataset,
        int[] exampleIndices,
        List<ExampleAttack> examples,
        AdversarialBatch adversarial,
        SingularityPlan singularityPlan) {
    public static final int SCHEMA_VERSION = 1;
}
