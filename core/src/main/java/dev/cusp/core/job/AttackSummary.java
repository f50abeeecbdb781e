package dev.cusp.core.job;

import dev.cusp.core.event.AttackRun;
import dev.cusp.core.event.MaskingEvidence;
import java.util.List;

/**
 * The attack part of a job's report beyond the per-attack robust-accuracy table: the robust accuracy against the
 * whole plan per (norm, ε) (per-example worst case over the attacks, {@link PlanWorstCase}), AutoAttack's per-stage
 * counts, the gradient-masking verdicts with the summed evidence, and the provenance (Cusp version, job seed, every
 * attack's full parameter record). {@code worstCase} is null in reports stored before it existed.
 */
public record AttackSummary(
        List<WorstCaseAccuracy> worstCase,
        List<StageCount> stages,
        List<MaskingVerdict> masking,
        MaskingEvidence evidence,
        String cuspVersion,
        long jobSeed,
        List<AttackRun> attacks) {
}
