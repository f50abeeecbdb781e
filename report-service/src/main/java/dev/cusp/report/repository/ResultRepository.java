package dev.cusp.report.repository;

import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.MaskingEvidence;
import dev.cusp.core.event.Provenance;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.report.AttackOutcomeRow;
import dev.cusp.report.ExampleRow;
import dev.cusp.report.PointGeometryRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.hibernate.Session;

/**
 * Per-example rows of a job: written in JDBC batches with {@code ON CONFLICT DO NOTHING} (a redelivered shard
 * changes nothing), read back as core's event records in arrival order (shard, then place within the shard).
 */
@ApplicationScoped
public class ResultRepository {
    private final EntityManager em;

    ResultRepository(EntityManager em) {
        this.em = em;
    }

    public void insertExamples(UUID jobId, int shardNo, List<ExampleAttack> examples) {
        batch("""
                INSERT INTO report.examples (job_id, example_index, shard_no, ordinal, label, clean_prediction)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", examples.size(), (ps, i) -> {
            ExampleAttack e = examples.get(i);
            ps.setObject(1, jobId);
            ps.setInt(2, e.exampleIndex());
            ps.setInt(3, shardNo);
            ps.setInt(4, i);
            ps.setInt(5, e.label());
            ps.setInt(6, e.cleanPrediction());
        });
    }

    public void insertOutcomes(UUID jobId, List<ExampleAttack> examples) {
        record Item(int exampleIndex, int ordinal, AttackOutcome outcome) {
        }
        List<Item> items = examples.stream()
                .flatMap(e -> IntStream.range(0, e.outcomes().size())
                        .mapToObj(k -> new Item(e.exampleIndex(), k, e.outcomes().get(k))))
                .toList();
        batch("""
                INSERT INTO report.attack_outcomes (job_id, example_index, attack, norm, epsilon, ordinal, success,
                    adversarial_prediction, linf, l2, l0, iterations, gradient_evaluations, queries, l1, margin, stage,
                    seed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", items.size(),
                (ps, i) -> {
            Item item = items.get(i);
            AttackOutcome o = item.outcome();
            ps.setObject(1, jobId);
            ps.setInt(2, item.exampleIndex());
            ps.setString(3, o.attack());
            ps.setString(4, o.norm());
            ps.setDouble(5, o.epsilon());
            ps.setInt(6, item.ordinal());
            ps.setBoolean(7, o.success());
            ps.setInt(8, o.adversarialPrediction());
            ps.setDouble(9, o.linf());
            ps.setDouble(10, o.l2());
            ps.setDouble(11, o.l0());
            ps.setInt(12, o.iterations());
            ps.setInt(13, o.gradientEvaluations());
            ps.setInt(14, o.queries());
            ps.setDouble(15, o.l1());
            ps.setDouble(16, o.margin());
            ps.setString(17, o.stage());
            ps.setLong(18, o.seed());
        });
    }

    /** The shard's provenance and masking evidence (JSON), once: a redelivery changes nothing. */
    public void insertProvenance(UUID jobId, int shardNo, Provenance provenance, MaskingEvidence masking) {
        batch("""
                INSERT INTO report.shard_provenance (job_id, shard_no, provenance, masking)
                VALUES (?, ?, CAST(? AS jsonb), CAST(? AS jsonb)) ON CONFLICT DO NOTHING""", 1, (ps, i) -> {
            ps.setObject(1, jobId);
            ps.setInt(2, shardNo);
            ps.setString(3, json(provenance));
            ps.setString(4, json(masking));
        });
    }

    /** The shards' provenance, in shard order (null entries for schema-1 shards). */
    public List<Provenance> provenance(UUID jobId) {
        return shardJson(jobId, "provenance", Provenance.class);
    }

    /** The shards' masking evidence, in shard order (null entries for schema-1 shards). */
    public List<MaskingEvidence> masking(UUID jobId) {
        return shardJson(jobId, "masking", MaskingEvidence.class);
    }

    private <T> List<T> shardJson(UUID jobId, String column, Class<T> type) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("SELECT CAST(" + column + " AS text) FROM report.shard_provenance"
                + " WHERE job_id = ?1 ORDER BY shard_no").setParameter(1, jobId).getResultList();
        List<T> out = new ArrayList<>(rows.size());
        for (String row : rows) {
            try {
                out.add(row == null ? null : JSON.readValue(row, type));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("stored " + column + " of job " + jobId + " is not a " + type.getSimpleName(), e);
            }
        }
        return out;
    }

    private static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Writes ±∞/NaN as strings and reads them back (margins and norms may be non-finite). */
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.WRITE_NAN_AS_STRINGS.mappedFeature())
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());

    public void insertPoints(UUID jobId, int shardNo, List<PointGeometry> points) {
        batch("""
                INSERT INTO report.point_geometry (job_id, example_index, point, shard_no, ordinal, predicted_class,
                    singular_values, condition_number, margin)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", points.size(), (ps, i) -> {
            PointGeometry p = points.get(i);
            Double[] values = new Double[p.singularValues().length];
            for (int k = 0; k < values.length; k++) {
                values[k] = p.singularValues()[k];
            }
            ps.setObject(1, jobId);
            ps.setInt(2, p.exampleIndex());
            ps.setString(3, p.point());
            ps.setInt(4, shardNo);
            ps.setInt(5, i);
            ps.setInt(6, p.predictedClass());
            ps.setArray(7, ps.getConnection().createArrayOf("float8", values));
            ps.setDouble(8, p.conditionNumber());
            ps.setDouble(9, p.margin());
        });
    }

    /** The job's examples with their attack outcomes, in arrival order. */
    public List<ExampleAttack> examples(UUID jobId) {
        Map<Integer, List<AttackOutcome>> outcomes = new LinkedHashMap<>();
        for (AttackOutcomeRow row : outcomeRows(jobId)) {
            outcomes.computeIfAbsent(row.exampleIndex, k -> new ArrayList<>()).add(row.toEvent());
        }
        return exampleRows(jobId).stream()
                .map(row -> new ExampleAttack(row.exampleIndex, row.label, row.cleanPrediction,
                        List.copyOf(outcomes.getOrDefault(row.exampleIndex, List.of()))))
                .toList();
    }

    public List<ExampleRow> exampleRows(UUID jobId) {
        return em.createQuery("from ExampleRow where jobId = ?1 order by shardNo, ordinal", ExampleRow.class)
                .setParameter(1, jobId).getResultList();
    }

    /** The job's analysed points, in arrival order. */
    public List<PointGeometry> points(UUID jobId) {
        return pointRows(jobId).stream().map(PointGeometryRow::toEvent).toList();
    }

    public List<AttackOutcomeRow> outcomeRows(UUID jobId) {
        return em.createQuery("from AttackOutcomeRow where jobId = ?1 order by exampleIndex, ordinal",
                AttackOutcomeRow.class).setParameter(1, jobId).getResultList();
    }

    public List<PointGeometryRow> pointRows(UUID jobId) {
        return em.createQuery("from PointGeometryRow where jobId = ?1 order by shardNo, ordinal",
                PointGeometryRow.class).setParameter(1, jobId).getResultList();
    }

    /** Binds row {@code i} of a batch. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps, int i) throws java.sql.SQLException;
    }

    private void batch(String sql, int rows, Binder binder) {
        if (rows == 0) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (int i = 0; i < rows; i++) {
                    binder.bind(ps, i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }
}
