package dev.cusp.gateway;

import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.JobProgress;
import dev.cusp.core.event.ReportReady;
import dev.cusp.core.event.SingularityPlan;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An analysis job: what to attack on which examples, and how far the workers have got. Status goes
 * {@code pending} (stored, tasks being published) → {@code submitted} → {@code running} → {@code done}, or
 * {@code failed}; {@code shardsDone} never decreases.
 */
@Entity
@Table(name = "jobs")
public class Job extends PanacheEntityBase {
    public static final String PENDING = "pending";
    public static final String SUBMITTED = "submitted";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    @Id
    public UUID id;

    @Column(name = "model_id")
    public UUID modelId;

    @Column(name = "model_sha256")
    public String modelSha256;

    @Column(name = "dataset_name")
    public String datasetName;

    @Column(name = "dataset_split")
    public String datasetSplit;

    public int examples;

    public long seed;

    @Column(name = "attack_plan")
    @JdbcTypeCode(SqlTypes.JSON)
    public AttackPlan attackPlan;

    @Column(name = "singularity_plan")
    @JdbcTypeCode(SqlTypes.JSON)
    public SingularityPlan singularityPlan;

    @Column(name = "shards_total")
    public int shardsTotal;

    @Column(name = "shards_done")
    public int shardsDone;

    public String status;

    public String verdict;

    @Column(name = "clean_accuracy")
    public Double cleanAccuracy;

    public String error;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    public DatasetRef dataset() {
        return new DatasetRef(datasetName, datasetSplit);
    }

    public boolean finished() {
        return DONE.equals(status) || FAILED.equals(status);
    }

    /** Every task was published; a no-op once progress has moved the job further. */
    public void submitted(Instant now) {
        if (PENDING.equals(status)) {
            status = SUBMITTED;
            updatedAt = now;
        }
    }

    /** Applies a progress event; idempotent, never moves {@code shardsDone} back nor revives a finished job. */
    public void advance(JobProgress progress, Instant now) {
        shardsDone = Math.max(shardsDone, Math.min(progress.shardsDone(), shardsTotal));
        if (!finished()) {
            if (JobProgress.DONE.equals(progress.phase())) {
                status = DONE;
                completedAt = now;
            } else if (JobProgress.FAILED.equals(progress.phase())) {
                status = FAILED;
                error = "a worker reported the job as failed";
            } else {
                status = RUNNING;
            }
        }
        updatedAt = now;
    }

    /** Records the headline of the finished report (the job is done whatever was reported before); idempotent. */
    public void reportReady(ReportReady report, Instant now) {
        verdict = report.verdict();
        cleanAccuracy = report.cleanAccuracy();
        shardsDone = shardsTotal;
        status = DONE;
        error = null;
        if (completedAt == null) {
            completedAt = now;
        }
        updatedAt = now;
    }

    /** Marks the job failed with the reason. */
    public void fail(String reason, Instant now) {
        status = FAILED;
        error = reason;
        updatedAt = now;
    }
}
