package dev.cusp.singularity.messaging;

import dev.cusp.core.event.ModelAnalysis;
import dev.cusp.core.event.ModelRegistered;
import dev.cusp.core.event.Topics;
import dev.cusp.core.model.ModelRejectedException;
import dev.cusp.core.worker.MessageSizeGuard;
import dev.cusp.singularity.service.ModelAnalysisWorker;
import dev.cusp.singularity.service.ShardMetrics;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * Consumes {@code model.registered} one model at a time on a worker thread and publishes its parameter-space analysis
 * on {@code model.analysis} keyed by model id. A model it cannot analyse (unknown or rejected bytes, no matching data
 * set, result too large) is nacked: the connector sends it to {@code model.registered.dlq} with the reason.
 */
@ApplicationScoped
public class ModelRegisteredConsumer {
    private static final String DLQ = Topics.MODEL_REGISTERED + Topics.DLQ_SUFFIX;

    private final ModelAnalysisWorker worker;
    private final MessageSizeGuard sizeGuard;
    private final ShardMetrics metrics;

    public ModelRegisteredConsumer(ModelAnalysisWorker worker, MessageSizeGuard sizeGuard, ShardMetrics metrics) {
        this.worker = worker;
        this.sizeGuard = sizeGuard;
        this.metrics = metrics;
    }

    @Incoming("model-registered")
    @Outgoing("model-analysis")
    @Blocking(ordered = true)
    public Record<String, ModelAnalysis> process(ModelRegistered event) throws ModelRejectedException {
        long start = System.nanoTime();
        String what = event == null ? "an empty model.registered record" : "model " + event.modelId();
        try {
            ModelAnalysis analysis = worker.run(event);
            sizeGuard.requireFits(analysis, Topics.MODEL_ANALYSIS, what);
            metrics.modelAnalysed(System.nanoTime() - start);
            Log.infof("model analysis done: model=%s layers=%d labels=%s ms=%d", event.modelId(),
                    analysis.layers().size(), analysis.labels(), analysis.millis());
            return Record.of(event.modelId(), analysis);
        } catch (RuntimeException | ModelRejectedException e) {
            metrics.modelRejected(System.nanoTime() - start);
            Log.warnf("model analysis rejected (to %s): %s: %s", DLQ, what, e.getMessage());
            throw e;
        }
    }
}
