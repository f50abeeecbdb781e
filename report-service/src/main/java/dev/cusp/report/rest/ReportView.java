package dev.cusp.report.rest;

import dev.cusp.core.job.AttackSummary;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.job.JobReport;
import dev.cusp.core.job.SingularityReport;
import java.time.Instant;
import java.util.UUID;

/**
 * A job's report as {@code GET /api/reports/{jobId}} shows it; {@code report} is null until every shard is in;
 * {@code attacks} holds AutoAttack's per-stage counts, the masking verdicts and the provenance (null with it);
 * {@code singularity} the label counts, distributions at clean, adversarial and crossing points and the forecast (null
 * until every shard is in).
 */
public record ReportView(
        UUID jobId,
        String modelId,
        String modelSha256,
        DatasetRef dataset,
        String status,
        int shardsDone,
        int shardsTotal,
        String verdict,
        JobReport report,
        AttackSummary attacks,
        SingularityReport singularity,
        Instant completedAt) {
}
