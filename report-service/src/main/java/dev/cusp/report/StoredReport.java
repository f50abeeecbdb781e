package dev.cusp.report;

import dev.cusp.core.job.AttackSummary;
import dev.cusp.core.job.JobReport;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A job's finished report (core's {@code JobReport} as JSON) and its verdict; built once per job. */
@Entity
@Table(name = "reports")
public class StoredReport extends PanacheEntityBase {
    @Id
    @Column(name = "job_id")
    public UUID jobId;

    @JdbcTypeCode(SqlTypes.JSON)
    public JobReport report;

    public String verdict;

    /** The attack summary (AutoAttack stages, masking verdicts, provenance); null for reports built before V2. */
    @JdbcTypeCode(SqlTypes.JSON)
    public AttackSummary attacks;

    @Column(name = "built_at")
    public Instant builtAt;
}
