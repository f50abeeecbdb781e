package dev.cusp.report.service;

import dev.cusp.core.event.AnalysisRequested;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.SingularityResults;
import java.util.UUID;

/** Rejects events that cannot be stored, with what is wrong; the consumer's failure strategy sends them to the DLQ. */
final class EventChecks {
    private EventChecks() {
    }

    static void check(AnalysisRequested event) {
        require(event != null, "empty analysis.requested event");
        shard(event.jobId(), 0, event.shardCount(), "analysis.requested");
        require(event.modelSha256() != null && event.dataset() != null && event.attackPlan() != null,
                "analysis.requested of job " + event.jobId() + " lacks its model, data set or attack plan");
    }

    static void check(AttackResults event) {
        require(event != null, "empty attack.results event");
        shard(event.jobId(), event.shardNo(), event.shardCount(), "attack.results");
        require(event.examples() != null, "attack.results of job " + event.jobId() + " has no examples list");
        for (ExampleAttack example : event.examples()) {
            require(example != null && example.outcomes() != null && example.outcomes().stream()
                            .allMatch(o -> o != null && o.attack() != null && o.norm() != null),
                    "attack.results of job " + event.jobId() + " shard " + event.shardNo()
                            + " has an example without outcomes, or an outcome without attack and norm: " + example);
        }
    }

    static void check(SingularityResults event) {
        require(event != null, "empty singularity.results event");
        shard(event.jobId(), event.shardNo(), event.shardCount(), "singularity.results");
        require(event.points() != null, "singularity.results of job " + event.jobId() + " has no points list");
        for (PointGeometry point : event.points()) {
            require(point != null && point.point() != null && point.singularValues() != null,
                    "singularity.results of job " + event.jobId() + " shard " + event.shardNo()
                            + " has a point without a name or singular values: " + point);
        }
        SingularityChecks.check(event);
    }

    private static void shard(UUID jobId, int shardNo, int shardCount, String topic) {
        require(jobId != null, topic + " event without a jobId");
        require(shardCount > 0, topic + " of job " + jobId + ": shardCount must be > 0, got " + shardCount);
        require(shardNo >= 0 && shardNo < shardCount,
                topic + " of job " + jobId + ": shardNo " + shardNo + " is not in [0, " + shardCount + ")");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
