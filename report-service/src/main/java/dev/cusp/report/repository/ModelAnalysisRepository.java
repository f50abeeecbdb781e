package dev.cusp.report.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cusp.core.event.ModelAnalysis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Optional;
import org.hibernate.Session;

/** {@code model.analysis} events by model id, as JSON (table {@code model_analyses}); the first to arrive is kept. */
@ApplicationScoped
public class ModelAnalysisRepository {
    private final EntityManager em;
    private final ObjectMapper json;

    ModelAnalysisRepository(EntityManager em, ObjectMapper json) {
        this.em = em;
        this.json = json;
    }

    /** Stores the analysis; {@code true} only the first time its model's analysis arrives. */
    public boolean insert(ModelAnalysis analysis) {
        String text;
        try {
            text = json.writeValueAsString(analysis);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the analysis of model " + analysis.modelId(), e);
        }
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("""
                    INSERT INTO report.model_analyses (model_id, model_sha256, labels, analysis, analysed_at, received_at)
                    VALUES (?, ?, ?, ?::jsonb, ?, now()) ON CONFLICT DO NOTHING""")) {
                ps.setString(1, analysis.modelId());
                ps.setString(2, analysis.modelSha256());
                ps.setArray(3, connection.createArrayOf("text", analysis.labels().toArray()));
                ps.setString(4, text);
                ps.setTimestamp(5, analysis.analysedAt() == null ? null : Timestamp.from(analysis.analysedAt()));
                return ps.executeUpdate() == 1;
            }
        });
    }

    public Optional<ModelAnalysis> find(String modelId) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT analysis::text FROM report.model_analyses WHERE model_id = ?")) {
                ps.setString(1, modelId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<ModelAnalysis>empty();
                    }
                    try {
                        return Optional.of(json.readValue(rs.getString(1), ModelAnalysis.class));
                    } catch (JsonProcessingException e) {
                        throw new UncheckedIOException("the stored analysis of model " + modelId + " is not valid JSON", e);
                    }
                }
            }
        });
    }

    public long count() {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM report.model_analyses").getSingleResult())
                .longValue();
    }
}
