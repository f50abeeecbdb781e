package dev.cusp.report.service;

import dev.cusp.core.event.ModelAnalysis;
import dev.cusp.report.repository.ModelAnalysisRepository;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Stores a model's parameter-space analysis the first time it arrives. */
@ApplicationScoped
@Transactional
public class ModelAnalysisRecorder {
    private final ModelAnalysisRepository analyses;

    ModelAnalysisRecorder(ModelAnalysisRepository analyses) {
        this.analyses = analyses;
    }

    public void record(ModelAnalysis event) {
        SingularityChecks.check(event);
        if (analyses.insert(event)) {
            Log.infof("analysis of model %s stored: %d layers, labels %s", event.modelId(), event.layers().size(),
                    event.labels());
        }
    }
}
