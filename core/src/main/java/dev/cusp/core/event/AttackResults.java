package dev.cusp.core.event;

import java.util.List;
import java.util.UUID;

/**
 * Topic {@code attack.results}: everything attack-service computed for one shard.
 *
 * <p>Schema 2 adds {@code provenance} (how every outcome was computed) and {@code masking} (the shard's
 * gradient-masking evidence); outcomes gained l1, margin, stage and seed (see {@link AttackOutcome}).
 */
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
        SingularityPlan singularityPlan,
        Provenance provenance,
        MaskingEvidence masking) {
    public static final int SCHEMA_VERSION = 2;
}
