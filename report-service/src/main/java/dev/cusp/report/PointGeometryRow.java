package dev.cusp.report;

import dev.cusp.core.event.PointGeometry;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Geometry of the logit map at one point ({@code clean}, {@code adversarial}) of one example of a job. */
@Entity
@Table(name = "point_geometry")
@IdClass(PointGeometryRow.Key.class)
public class PointGeometryRow extends PanacheEntityBase {
    @Id
    @Column(name = "job_id")
    public UUID jobId;

    @Id
    @Column(name = "example_index")
    public int exampleIndex;

    @Id
    public String point;

    @Column(name = "shard_no")
    public int shardNo;

    public int ordinal;

    @Column(name = "predicted_class")
    public int predictedClass;

    @Column(name = "singular_values")
    @JdbcTypeCode(SqlTypes.ARRAY)
    public double[] singularValues;

    @Column(name = "condition_number")
    public double conditionNumber;

    public double margin;

    public PointGeometry toEvent() {
        return new PointGeometry(exampleIndex, point, predictedClass, singularValues, conditionNumber, margin);
    }

    /** Primary key: job, example and point. */
    public static class Key implements Serializable {
        public UUID jobId;
        public int exampleIndex;
        public String point;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(jobId, k.jobId) && exampleIndex == k.exampleIndex
                    && Objects.equals(point, k.point);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, exampleIndex, point);
        }
    }
}
