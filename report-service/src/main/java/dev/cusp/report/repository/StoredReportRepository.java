package dev.cusp.report.repository;

import dev.cusp.report.StoredReport;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Finished reports by job id. */
@ApplicationScoped
public class StoredReportRepository implements PanacheRepositoryBase<StoredReport, UUID> {
}
