package dev.cusp.report.service;

import dev.cusp.core.event.ModelAnalysis;
import dev.cusp.report.repository.AnalysisRepository;
import dev.cusp.report.repository.AnalysisRepository.SliceInfo;
import dev.cusp.report.repository.ModelAnalysisRepository;
import dev.cusp.report.repository.ReportJobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.UUID;

/** Reads model analyses and slice pictures for the REST API; 404 with the reason when there is none. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class SingularityQueries {
    private final ModelAnalysisRepository models;
    private final AnalysisRepository analyses;
    private final ReportJobRepository jobs;

    SingularityQueries(ModelAnalysisRepository models, AnalysisRepository analyses, ReportJobRepository jobs) {
        this.models = models;
        this.analyses = analyses;
        this.jobs = jobs;
    }

    public ModelAnalysis modelAnalysis(String modelId) {
        return models.find(modelId)
                .orElseThrow(() -> new NotFoundException("no analysis of model '" + modelId + "' has arrived"));
    }

    public List<SliceInfo> slices(UUID jobId) {
        requireJob(jobId);
        return analyses.slices(jobId);
    }

    public byte[] slicePng(UUID jobId, int exampleIndex) {
        requireJob(jobId);
        return analyses.slicePng(jobId, exampleIndex).orElseThrow(() -> new NotFoundException(
                "job " + jobId + " has no slice through example " + exampleIndex));
    }

    private void requireJob(UUID jobId) {
        if (jobs.findByIdOptional(jobId).isEmpty()) {
            throw new NotFoundException("no results for job " + jobId + " have arrived");
        }
    }
}
