package dev.cusp.gateway.repository;

import dev.cusp.gateway.Model;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Models by id and by the SHA-256 of their bytes. */
@ApplicationScoped
public class ModelRepository implements PanacheRepositoryBase<Model, UUID> {

    public Optional<Model> findBySha256(String sha256) {
        return find("sha256", sha256).firstResultOptional();
    }

    public List<Model> listNewestFirst() {
        return listAll(Sort.descending("createdAt"));
    }
}
