package dev.cusp.report.repository;

import dev.cusp.report.ReportJob;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.UUID;

/** Jobs; {@link #lockOrCreate} serialises the processing of one job's events. */
@ApplicationScoped
public class ReportJobRepository implements PanacheRepositoryBase<ReportJob, UUID> {

    /**
     * The job's row, created in state {@code pending} if this is the first event of the job, and locked until the
     * transaction ends: concurrent consumers of the same job wait here, then see each other's committed rows.
     */
    public ReportJob lockOrCreate(UUID jobId, int shardCount) {
        getEntityManager().createNativeQuery("""
                        INSERT INTO report.jobs (job_id, shard_count, status, created_at)
                        VALUES (?1, ?2, 'pending', now())
                        ON CONFLICT (job_id) DO NOTHING""")
                .setParameter(1, jobId)
                .setParameter(2, shardCount)
                .executeUpdate();
        return findById(jobId, LockModeType.PESSIMISTIC_WRITE);
    }
}
