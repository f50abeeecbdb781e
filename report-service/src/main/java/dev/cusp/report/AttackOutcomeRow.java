package dev.cusp.report;

import dev.cusp.core.event.AttackOutcome;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** What one attack at one budget did to one example of a job; {@code ordinal} is its place in the example's list. */
@Entity
@Table(name = "attack_outcomes")
@IdClass(AttackOutcomeRow.Key.class)
public class AttackOutcomeRow extends PanacheEntityBase {
    @Id
    @Column(name = "job_id")
    public UUID jobId;

    @Id
    @Column(name = "example_index")
    public int exampleIndex;

    @Id
    public String attack;

    @Id
    public String norm;

    @Id
    public double epsilon;

    public int ordinal;

    public boolean success;

    @Column(name = "adversarial_prediction")
    public int adversarialPrediction;

    public double linf;

    public double l2;

    public double l0;

    public int iterations;

    @Column(name = "gradient_evaluations")
    public int gradientEvaluations;

    public int queries;

    /** Null for rows of schema-1 events (FGSM only): read back as NaN. */
    public Double l1;

    public Double margin;

    /** AutoAttack's stage that broke the example ({@code clean}: already misclassified); null otherwise. */
    public String stage;

    public Long seed;

    public AttackOutcome toEvent() {
        return new AttackOutcome(attack, norm, epsilon, success, adversarialPrediction, linf, l2, l0, iterations,
                gradientEvaluations, queries, l1 == null ? Double.NaN : l1, margin == null ? Double.NaN : margin,
                stage, seed == null ? 0L : seed);
    }

    /** Primary key: job, example, attack, norm and budget. */
    public static class Key implements Serializable {
        public UUID jobId;
        public int exampleIndex;
        public String attack;
        public String norm;
        public double epsilon;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(jobId, k.jobId) && exampleIndex == k.exampleIndex
                    && Objects.equals(attack, k.attack) && Objects.equals(norm, k.norm)
                    && Double.compare(epsilon, k.epsilon) == 0;
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, exampleIndex, attack, norm, epsilon);
        }
    }
}
