package dev.cusp.gateway.messaging;

import dev.cusp.core.event.ModelRegistered;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes {@code model.registered}, keyed by model id; the returned Uni completes when the broker acknowledges. */
@ApplicationScoped
public class ModelEvents {
    private final MutinyEmitter<ModelRegistered> registered;

    ModelEvents(@Channel("model-registered") MutinyEmitter<ModelRegistered> registered) {
        this.registered = registered;
    }

    public Uni<Void> registered(ModelRegistered event) {
        return registered.sendMessage(Keyed.message(event, event.modelId()));
    }
}
