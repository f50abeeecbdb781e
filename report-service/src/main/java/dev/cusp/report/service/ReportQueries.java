package dev.cusp.report.service;

import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.report.ReportJob;
import dev.cusp.report.StoredReport;
import dev.cusp.report.repository.AnalysisRepository;
import dev.cusp.report.repository.ReportJobRepository;
import dev.cusp.report.repository.ResultRepository;
import dev.cusp.report.repository.StoredReportRepository;
import dev.cusp.report.rest.ExampleView;
import dev.cusp.report.rest.ReportView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads reports and per-example rows for the REST API. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ReportQueries {
    private final ReportJobRepository jobs;
    private final StoredReportRepository reports;
    private final ResultRepository results;
    private final AnalysisRepository analyses;

    ReportQueries(ReportJobRepository jobs, StoredReportRepository reports, ResultRepository results,
            AnalysisRepository analyses) {
        this.jobs = jobs;
        this.reports = reports;
        this.results = results;
        this.analyses = analyses;
    }

    public ReportView report(UUID jobId) {
        ReportJob job = job(jobId);
        Optional<StoredReport> report = reports.findByIdOptional(jobId);
        return new ReportView(job.jobId, job.modelId, job.modelSha256, job.dataset(), job.status, job.shardsDone,
                job.shardCount, report.map(r -> r.verdict).orElse(null), report.map(r -> r.report).orElse(null),
                report.map(r -> r.attacks).orElse(null), analyses.report(jobId).orElse(null), job.completedAt);
    }

    /** The job's examples in arrival order, each with its outcomes and its analysed points (all fields). */
    public List<ExampleView> examples(UUID jobId) {
        job(jobId);
        Map<Integer, List<AttackOutcome>> outcomes = new HashMap<>();
        results.outcomeRows(jobId)
                .forEach(row -> outcomes.computeIfAbsent(row.exampleIndex, k -> new ArrayList<>()).add(row.toEvent()));
        Map<Integer, List<PointGeometry>> geometry = new HashMap<>();
        analyses.points(jobId)
                .forEach(point -> geometry.computeIfAbsent(point.exampleIndex(), k -> new ArrayList<>()).add(point));
        return results.exampleRows(jobId).stream()
                .map(row -> new ExampleView(row.exampleIndex, row.shardNo, row.label, row.cleanPrediction,
                        outcomes.getOrDefault(row.exampleIndex, List.of()),
                        geometry.getOrDefault(row.exampleIndex, List.of())))
                .toList();
    }

    private ReportJob job(UUID jobId) {
        return jobs.findByIdOptional(jobId)
                .orElseThrow(() -> new NotFoundException("no results for job " + jobId + " have arrived"));
    }
}
