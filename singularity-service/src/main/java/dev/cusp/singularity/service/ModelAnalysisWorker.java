package dev.cusp.singularity.service;

import dev.cusp.core.data.DatasetLoader;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.ModelAnalysis;
import dev.cusp.core.event.ModelRegistered;
import dev.cusp.core.job.ModelAnalysisRunner;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.model.ModelCache;
import dev.cusp.core.model.ModelRejectedException;
import dev.cusp.core.worker.GatewayUnavailableException;
import dev.cusp.core.worker.ModelFetchException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Analyses a registered model in parameter space: the model by its SHA-256, the data set that matches its input
 * ({@link ModelAnalysisRunner#datasetFor}), core's {@link ModelAnalysisRunner}.
 */
@ApplicationScoped
public class ModelAnalysisWorker {
    private final ModelCache models;
    private final DatasetLoader datasets;

    public ModelAnalysisWorker(ModelCache models, DatasetLoader datasets) {
        this.models = models;
        this.datasets = datasets;
    }

    /**
     * Runs one record's work. The gateway unreachable or answering 5xx is transient: retried with exponential back-off
     * while the retry budget lasts (application.properties, "Fault tolerance"); any other failure propagates at once.
     */
    @Retry(maxRetries = 4, delay = 1000, maxDuration = 20000, retryOn = GatewayUnavailableException.class,
            abortOn = {ModelFetchException.class, ModelRejectedException.class, IllegalArgumentException.class})
    @ExponentialBackoff(maxDelay = 8000)
    public ModelAnalysis run(ModelRegistered event) throws ModelRejectedException {
        requireComplete(event);
        Classifier model = models.get(event.sha256());
        DatasetRef dataset = ModelAnalysisRunner.datasetFor(model.inputSize(), model.classes())
                .orElseThrow(() -> new IllegalArgumentException("model " + event.modelId() + " takes input "
                        + Arrays.toString(model.inputShape()) + " with " + model.classes() + " classes: no data set"
                        + " matches (fashion-mnist: 784 inputs, 10 classes; two-moons: 2 inputs, 2 classes)"));
        return ModelAnalysisRunner.run(event.modelId(), event.sha256(), model, dataset, datasets.load(dataset));
    }

    private static void requireComplete(ModelRegistered event) {
        if (event == null) {
            throw new IllegalArgumentException("model.registered has no payload (a record without a value)");
        }
        if (event.schemaVersion() != ModelRegistered.SCHEMA_VERSION) {
            throw new IllegalArgumentException("model.registered schemaVersion " + event.schemaVersion()
                    + " is not supported (expected " + ModelRegistered.SCHEMA_VERSION + ")");
        }
        if (event.modelId() == null || event.sha256() == null) {
            throw new IllegalArgumentException("model.registered of model " + event.modelId()
                    + " lacks its model id or SHA-256");
        }
    }
}
