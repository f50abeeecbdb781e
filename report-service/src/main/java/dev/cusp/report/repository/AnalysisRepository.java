package dev.cusp.report.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cusp.core.event.Curvature;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.event.SlicePicture;
import dev.cusp.core.job.SingularityReport;
import dev.cusp.core.singularity.LabelRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;

/**
 * The schema-version-2 part of {@code singularity.results} (tables {@code point_analysis}, {@code shard_analysis},
 * {@code slice_pictures}) and the jobs' singularity reports, in plain JDBC with {@code ON CONFLICT DO NOTHING}:
 * written the first time a shard arrives, read back as core's event records in arrival order.
 */
@ApplicationScoped
public class AnalysisRepository {
    private static final String POINT_INSERT = "INSERT INTO report.point_analysis (job_id, example_index, point, "
            + String.join(", ", PointAnalysisColumns.COLUMNS) + ") VALUES (?, ?, ?"
            + ", ?".repeat(PointAnalysisColumns.COLUMNS.size()) + ") ON CONFLICT DO NOTHING";

    private final EntityManager em;
    private final ObjectMapper json;

    AnalysisRepository(EntityManager em, ObjectMapper json) {
        this.em = em;
        this.json = json;
    }

    /** Stores a shard's per-point analyses, its figures and its slice pictures (nothing for a version-1 shard). */
    public void insert(UUID jobId, SingularityResults event) {
        List<PointGeometry> analysed = event.points().stream().filter(p -> p.primaryLabel() != null).toList();
        List<SlicePicture> slices = event.slices() == null ? List.of() : event.slices();
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(POINT_INSERT)) {
                for (PointGeometry p : analysed) {
                    ps.setObject(1, jobId);
                    ps.setInt(2, p.exampleIndex());
                    ps.setString(3, p.point());
                    PointAnalysisColumns.bind(ps, 4, p);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            if (event.schemaVersion() >= 2) {
                try (PreparedStatement ps = connection.prepareStatement("""
                        INSERT INTO report.shard_analysis (job_id, shard_no, schema_version, rules, curvature, tier_millis)
                        VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb) ON CONFLICT DO NOTHING""")) {
                    ps.setObject(1, jobId);
                    ps.setInt(2, event.shardNo());
                    ps.setInt(3, event.schemaVersion());
                    setJson(ps, 4, event.rules());
                    setJson(ps, 5, event.curvature());
                    ps.setString(6, write(event.tierMillis() == null ? Map.of() : event.tierMillis()));
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = connection.prepareStatement("""
                    INSERT INTO report.slice_pictures (job_id, example_index, point, s_min, s_max, t_min, t_max, width,
                        height, png) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
                for (SlicePicture s : slices) {
                    ps.setObject(1, jobId);
                    ps.setInt(2, s.exampleIndex());
                    ps.setString(3, s.point());
                    ps.setDouble(4, s.sMin());
                    ps.setDouble(5, s.sMax());
                    ps.setDouble(6, s.tMin());
                    ps.setDouble(7, s.tMax());
                    ps.setInt(8, s.width());
                    ps.setInt(9, s.height());
                    ps.setBytes(10, Base64.getDecoder().decode(s.data()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    /** Every analysed point of the job (version 1 or 2) in arrival order: shard, then place within the shard. */
    public List<PointGeometry> points(UUID jobId) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("""
                    SELECT g.example_index, g.point, g.predicted_class, g.singular_values, g.condition_number,
                        g.margin, a.*
                    FROM report.point_geometry g LEFT JOIN report.point_analysis a
                        ON a.job_id = g.job_id AND a.example_index = g.example_index AND a.point = g.point
                    WHERE g.job_id = ? ORDER BY g.shard_no, g.ordinal""")) {
                ps.setObject(1, jobId);
                List<PointGeometry> points = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        points.add(PointAnalysisColumns.read(rs));
                    }
                }
                return points;
            }
        });
    }

    /** A shard's label thresholds, curvature and tier times. */
    public record ShardFigures(int shardNo, LabelRules rules, Curvature curvature, Map<String, Long> tierMillis) {
    }

    /** The figures of the job's version-2 shards, by shard number. */
    public List<ShardFigures> shardFigures(UUID jobId) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("""
                    SELECT shard_no, rules::text, curvature::text, tier_millis::text FROM report.shard_analysis
                    WHERE job_id = ? ORDER BY shard_no""")) {
                ps.setObject(1, jobId);
                List<ShardFigures> figures = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        figures.add(new ShardFigures(rs.getInt(1), read(rs.getString(2), LabelRules.class),
                                read(rs.getString(3), Curvature.class),
                                rs.getString(4) == null ? Map.of() : readMap(rs.getString(4))));
                    }
                }
                return figures;
            }
        });
    }

    /** A stored slice picture's place and size. */
    public record SliceInfo(int exampleIndex, String point, double sMin, double sMax, double tMin, double tMax,
            int width, int height, int bytes) {
    }

    public List<SliceInfo> slices(UUID jobId) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("""
                    SELECT example_index, point, s_min, s_max, t_min, t_max, width, height, length(png)
                    FROM report.slice_pictures WHERE job_id = ? ORDER BY example_index, point""")) {
                ps.setObject(1, jobId);
                List<SliceInfo> slices = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        slices.add(new SliceInfo(rs.getInt(1), rs.getString(2), rs.getDouble(3), rs.getDouble(4),
                                rs.getDouble(5), rs.getDouble(6), rs.getInt(7), rs.getInt(8), rs.getInt(9)));
                    }
                }
                return slices;
            }
        });
    }

    /** The PNG of the slice through an example (its clean point). */
    public Optional<byte[]> slicePng(UUID jobId, int exampleIndex) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("""
                    SELECT png FROM report.slice_pictures WHERE job_id = ? AND example_index = ?
                    ORDER BY point LIMIT 1""")) {
                ps.setObject(1, jobId);
                ps.setInt(2, exampleIndex);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }

    public void insertReport(UUID jobId, SingularityReport report) {
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO report.singularity_reports (job_id, report) VALUES (?, ?::jsonb) ON CONFLICT DO NOTHING")) {
                ps.setObject(1, jobId);
                ps.setString(2, write(report));
                ps.executeUpdate();
            }
        });
    }

    public Optional<SingularityReport> report(UUID jobId) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT report::text FROM report.singularity_reports WHERE job_id = ?")) {
                ps.setObject(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs.getString(1), SingularityReport.class))
                            : Optional.<SingularityReport>empty();
                }
            }
        });
    }

    private void setJson(PreparedStatement ps, int index, Object value) throws java.sql.SQLException {
        if (value == null) {
            ps.setNull(index, Types.OTHER);
        } else {
            ps.setString(index, write(value));
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored " + type.getSimpleName() + " is not valid JSON", e);
        }
    }

    private Map<String, Long> readMap(String text) {
        try {
            return Collections.unmodifiableMap(json.readValue(text, new TypeReference<java.util.LinkedHashMap<String, Long>>() {
            }));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored tier times are not valid JSON", e);
        }
    }
}
