package dev.cusp.report.service;

import dev.cusp.core.event.Curvature;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.job.SingularityAggregator;
import dev.cusp.core.job.SingularityReport;
import dev.cusp.core.singularity.LabelRules;
import dev.cusp.report.repository.AnalysisRepository;
import dev.cusp.report.repository.AnalysisRepository.ShardFigures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds and stores a job's {@link SingularityReport} with core's {@link SingularityAggregator} over the stored
 * points (all kinds, with their analyses), the label thresholds of its first version-2 shard, the Hessian tier's
 * curvature (shard 0), the number of slice pictures and every shard's tier times.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class SingularityReports {
    private final AnalysisRepository analyses;

    SingularityReports(AnalysisRepository analyses) {
        this.analyses = analyses;
    }

    public SingularityReport build(UUID jobId, List<ExampleAttack> examples) {
        List<ShardFigures> figures = analyses.shardFigures(jobId);
        LabelRules rules = figures.stream().map(ShardFigures::rules).filter(Objects::nonNull).findFirst().orElse(null);
        Curvature curvature = figures.stream().map(ShardFigures::curvature).filter(Objects::nonNull).findFirst()
                .orElse(null);
        SingularityReport report = SingularityAggregator.aggregate(examples, analyses.points(jobId), rules, curvature,
                analyses.slices(jobId).size(), figures.stream().map(ShardFigures::tierMillis).toList());
        analyses.insertReport(jobId, report);
        return report;
    }

    /**
     * The points whose spectrum and margin are finite numbers, as {@code ReportAggregator} summarises them: a point
     * whose Jacobian was not finite (MASKED, NaN singular values) is counted by the singularity report instead.
     */
    public static List<PointGeometry> spectral(List<PointGeometry> points) {
        return points.stream()
                .filter(p -> Arrays.stream(p.singularValues()).allMatch(v -> !Double.isNaN(v)) && !Double.isNaN(p.margin())
                        && !Double.isNaN(p.conditionNumber()))
                .toList();
    }
}
