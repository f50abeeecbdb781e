package dev.cusp.gateway.repository;

import dev.cusp.gateway.Job;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Jobs by id, newest first, and locked for an update by a consumer. */
@ApplicationScoped
public class JobRepository implements PanacheRepositoryBase<Job, UUID> {

    public List<Job> listNewestFirst(int limit) {
        return findAll(Sort.descending("createdAt")).page(Page.ofSize(limit)).list();
    }

    /** The job with its row locked until the transaction ends, so that concurrent consumers never lose an update. */
    public Optional<Job> findForUpdate(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }
}
