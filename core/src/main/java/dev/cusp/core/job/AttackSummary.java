package dev.cusp.core.job;

import dev.cusp.core.event.AttackRun;
import dev.cusp.core.event.MaskingEvidence;
import java.util.List;

/**
 * The attack part of a job's report beyond the robust-accuracy table: AutoAttack's per-stage counts, the
 * gradient-masking verdicts with the summed evidence, and the provenance (Cusp version, job seed, every attack's
 * full parameter record).
 */
public record AttackSummary(
        List<StageCount> stages,
        List<MaskingVerdict> masking,
        MaskingEvidence evidence,
        String cuspVersion,
        long jobSeed,
        List<AttackRun> attacks) {
}
