package dev.cusp.gateway.repository;

import dev.cusp.gateway.ModelBlob;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Model bytes by SHA-256. */
@ApplicationScoped
public class ModelBlobRepository implements PanacheRepositoryBase<ModelBlob, String> {
}
