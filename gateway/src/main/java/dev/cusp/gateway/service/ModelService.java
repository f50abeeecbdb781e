package dev.cusp.gateway.service;

import dev.cusp.core.event.ModelRegistered;
import dev.cusp.core.model.Classifier;
import dev.cusp.gateway.Model;
import dev.cusp.gateway.ModelBlob;
import dev.cusp.gateway.config.GatewayConfig;
import dev.cusp.gateway.messaging.ModelEvents;
import dev.cusp.gateway.repository.ModelBlobRepository;
import dev.cusp.gateway.repository.ModelRepository;
import dev.cusp.gateway.rest.ModelView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ServiceUnavailableException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Stores models and their bytes (content-addressed by SHA-256). A new model is announced on {@code model.registered}
 * inside the storing transaction: if the broker does not acknowledge, nothing is stored.
 */
@ApplicationScoped
@Transactional
public class ModelService {
    private final ModelRepository models;
    private final ModelBlobRepository blobs;
    private final ModelEvents events;
    private final GatewayConfig config;

    ModelService(ModelRepository models, ModelBlobRepository blobs, ModelEvents events, GatewayConfig config) {
        this.models = models;
        this.blobs = blobs;
        this.events = events;
        this.config = config;
    }

    /** Stores a validated model file and announces it. */
    public ModelView create(byte[] bytes, String sha256, String name, String version, Classifier classifier) {
        ModelBlob blob = new ModelBlob();
        blob.sha256 = sha256;
        blob.sizeBytes = bytes.length;
        blob.content = bytes;
        blobs.persist(blob);
        Model model = new Model();
        model.id = UUID.randomUUID();
        model.name = name;
        model.version = version;
        model.format = Model.DL4J_ZIP;
        model.sha256 = sha256;
        model.sizeBytes = bytes.length;
        model.inputShape = classifier.inputShape();
        model.classes = classifier.classes();
        model.parameters = classifier.parameterCount();
        model.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        models.persist(model);
        models.flush();
        try {
            events.registered(new ModelRegistered(ModelRegistered.SCHEMA_VERSION, model.id.toString(), model.name,
                            model.version, model.format, model.sha256, model.inputShape, model.classes,
                            model.parameters, model.createdAt))
                    .await().atMost(config.publishTimeout());
        } catch (RuntimeException e) {
            throw new ServiceUnavailableException("the broker did not take model.registered, so nothing was stored: "
                    + e.getMessage());
        }
        return ModelView.of(model);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ModelView> findBySha256(String sha256) {
        return models.findBySha256(sha256).map(ModelView::of);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ModelView get(UUID id) {
        return models.findByIdOptional(id).map(ModelView::of)
                .orElseThrow(() -> new NotFoundException("no model with id " + id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ModelView> list() {
        return models.listNewestFirst().stream().map(ModelView::of).toList();
    }

    /** The bytes of the model file with this SHA-256. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public byte[] artifact(String sha256) {
        return blobs.findByIdOptional(sha256).map(blob -> blob.content)
                .orElseThrow(() -> new NotFoundException("no model file with SHA-256 " + sha256));
    }
}
