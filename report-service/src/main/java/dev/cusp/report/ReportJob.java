package dev.cusp.report;

import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.DatasetRef;
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
 * A job as the report-service knows it: created by the first of its events to arrive, described once
 * {@code analysis.requested} is in ({@link #known()}), {@code done} once its report is built.
 */
@Entity
@Table(name = "jobs")
public class ReportJob extends PanacheEntityBase {
    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String DONE = "done";

    @Id
    @Column(name = "job_id")
    public UUID jobId;

    @Column(name = "shard_count")
    public int shardCount;

    @Column(name = "shards_done")
    public int shardsDone;

    public String status;

    @Column(name = "model_id")
    public String modelId;

    @Column(name = "model_sha256")
    public String modelSha256;

    @Column(name = "dataset_name")
    public String datasetName;

    @Column(name = "dataset_split")
    public String datasetSplit;

    @Column(name = "example_count")
    public Integer exampleCount;

    public Long seed;

    @Column(name = "attack_plan")
    @JdbcTypeCode(SqlTypes.JSON)
    public AttackPlan attackPlan;

    @Column(name = "requested_at")
    public Instant requestedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    /** Whether {@code analysis.requested} has arrived. */
    public boolean known() {
        return requestedAt != null;
    }

    public DatasetRef dataset() {
        return datasetName == null ? null : new DatasetRef(datasetName, datasetSplit);
    }
}
