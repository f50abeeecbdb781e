package dev.cusp.report;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One shard of a job: when its attack results and its geometry arrived; complete when both have. */
@Entity
@Table(name = "shards")
@IdClass(Shard.Key.class)
public class Shard extends PanacheEntityBase {
    @Id
    @Column(name = "job_id")
    public UUID jobId;

    @Id
    @Column(name = "shard_no")
    public int shardNo;

    @Column(name = "attack_results_at")
    public Instant attackResultsAt;

    @Column(name = "geometry_at")
    public Instant geometryAt;

    public boolean complete() {
        return attackResultsAt != null && geometryAt != null;
    }

    /** Primary key: job and shard number. */
    public static class Key implements Serializable {
        public UUID jobId;
        public int shardNo;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(jobId, k.jobId) && shardNo == k.shardNo;
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, shardNo);
        }
    }
}
