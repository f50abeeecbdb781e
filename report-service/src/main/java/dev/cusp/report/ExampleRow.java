package dev.cusp.report;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** One analysed example of a job: its label and the model's clean prediction; {@code ordinal} is its place in the shard. */
@Entity
@Table(name = "examples")
@IdClass(ExampleRow.Key.class)
public class ExampleRow extends PanacheEntityBase {
    @Id
    @Column(name = "job_id")
    public UUID jobId;

    @Id
    @Column(name = "example_index")
    public int exampleIndex;

    @Column(name = "shard_no")
    public int shardNo;

    public int ordinal;

    public int label;

    @Column(name = "clean_prediction")
    public int cleanPrediction;

    /** Primary key: job and example index. */
    public static class Key implements Serializable {
        public UUID jobId;
        public int exampleIndex;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(jobId, k.jobId) && exampleIndex == k.exampleIndex;
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, exampleIndex);
        }
    }
}
