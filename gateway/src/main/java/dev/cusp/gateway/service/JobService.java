package dev.cusp.gateway.service;

import dev.cusp.core.event.JobProgress;
import dev.cusp.core.event.ReportReady;
import dev.cusp.gateway.Job;
import dev.cusp.gateway.repository.JobRepository;
import dev.cusp.gateway.rest.JobView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Stores jobs and moves them through their states; every update locks the job row. */
@ApplicationScoped
@Transactional
public class JobService {
    /** Most jobs {@code GET /api/jobs} returns. */
    public static final int LIST_LIMIT = 200;

    private final JobRepository jobs;

    JobService(JobRepository jobs) {
        this.jobs = jobs;
    }

    /** Stores a new job in state {@code pending}. */
    public JobView create(UUID id, ValidJob valid, int shards) {
        Instant now = now();
        Job job = new Job();
        job.id = id;
        job.modelId = valid.model().id;
        job.modelSha256 = valid.model().sha256;
        job.datasetName = valid.dataset().ref().name();
        job.datasetSplit = valid.dataset().ref().split();
        job.examples = valid.examples();
        job.seed = valid.seed();
        job.attackPlan = valid.plan();
        job.singularityPlan = valid.singularityPlan();
        job.shardsTotal = shards;
        job.status = Job.PENDING;
        job.createdAt = now;
        job.updatedAt = now;
        jobs.persist(job);
        return JobView.of(job);
    }

    public JobView submitted(UUID id) {
        Job job = locked(id);
        job.submitted(now());
        return JobView.of(job);
    }

    public JobView fail(UUID id, String reason) {
        Job job = locked(id);
        job.fail(reason, now());
        return JobView.of(job);
    }

    /** Applies a progress event; the job's resulting state, or empty when the job is not ours. */
    public Optional<JobProgress> applyProgress(JobProgress progress) {
        return jobs.findForUpdate(progress.jobId()).map(job -> {
            job.advance(progress, now());
            return state(job);
        });
    }

    /** Applies a finished report's headline; the job's resulting state, or empty when the job is not ours. */
    public Optional<JobProgress> applyReport(ReportReady report) {
        return jobs.findForUpdate(report.jobId()).map(job -> {
            job.reportReady(report, now());
            return state(job);
        });
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public JobView get(UUID id) {
        return JobView.of(find(id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<JobView> list() {
        return jobs.listNewestFirst(LIST_LIMIT).stream().map(JobView::of).toList();
    }

    /** The job's stored state as a progress event (its phase is the job's status). */
    public JobProgress progress(UUID id) {
        return state(find(id));
    }

    private Job find(UUID id) {
        return jobs.findByIdOptional(id).orElseThrow(() -> new NotFoundException("no job with id " + id));
    }

    private Job locked(UUID id) {
        return jobs.findForUpdate(id).orElseThrow(() -> new NotFoundException("no job with id " + id));
    }

    /** Now, at the database's timestamp precision, so that a stored state equals the one broadcast. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static JobProgress state(Job job) {
        return new JobProgress(JobProgress.SCHEMA_VERSION, job.id, job.shardsDone, job.shardsTotal, job.status,
                job.updatedAt);
    }
}
