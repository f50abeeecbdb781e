package dev.cusp.report.repository;

import dev.cusp.report.Shard;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Which parts of each shard have arrived. */
@ApplicationScoped
public class ShardRepository implements PanacheRepositoryBase<Shard, Shard.Key> {

    /** Records that the shard's attack results arrived; {@code true} only the first time. */
    public boolean markAttackResults(UUID jobId, int shardNo) {
        return mark(jobId, shardNo, "attack_results_at");
    }

    /** Records that the shard's geometry arrived; {@code true} only the first time. */
    public boolean markGeometry(UUID jobId, int shardNo) {
        return mark(jobId, shardNo, "geometry_at");
    }

    public boolean complete(UUID jobId, int shardNo) {
        return count("jobId = ?1 and shardNo = ?2 and attackResultsAt is not null and geometryAt is not null",
                jobId, shardNo) == 1;
    }

    public int countComplete(UUID jobId) {
        return (int) count("jobId = ?1 and attackResultsAt is not null and geometryAt is not null", jobId);
    }

    private boolean mark(UUID jobId, int shardNo, String column) {
        return getEntityManager().createNativeQuery("""
                        INSERT INTO report.shards (job_id, shard_no, %1$s) VALUES (?1, ?2, now())
                        ON CONFLICT (job_id, shard_no) DO UPDATE SET %1$s = now()
                        WHERE report.shards.%1$s IS NULL""".formatted(column))
                .setParameter(1, jobId)
                .setParameter(2, shardNo)
                .executeUpdate() == 1;
    }
}
