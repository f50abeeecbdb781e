package dev.cusp.gateway.rest;

import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.gateway.Job;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A job as the API shows it, with its plans and links to its report, progress stream and slice pictures. */
public record JobView(
        UUID id,
        UUID modelId,
        DatasetRef dataset,
        int examples,
        long seed,
        List<AttackSpec> attacks,
        SingularityPlan singularityPlan,
        String status,
        int shardsDone,
        int shardsTotal,
        String verdict,
        Double cleanAccuracy,
        String error,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        Map<String, String> links) {

    public static JobView of(Job job) {
        String self = "/api/jobs/" + job.id;
        return new JobView(job.id, job.modelId, job.dataset(), job.examples, job.seed, job.attackPlan.attacks(),
                job.singularityPlan == null ? SingularityPlan.cheap() : job.singularityPlan, job.status,
                job.shardsDone, job.shardsTotal, job.verdict, job.cleanAccuracy, job.error, job.createdAt,
                job.updatedAt, job.completedAt,
                Map.of("self", self, "report", self + "/report", "progress", self + "/progress", "slices",
                        self + "/slices"));
    }
}
