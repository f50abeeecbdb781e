package dev.cusp.report.service;

import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.JobProgress;
import dev.cusp.core.event.ReportReady;
import dev.cusp.core.job.AttackSummaryAggregator;
import dev.cusp.core.job.JobReport;
import dev.cusp.core.job.ReportAggregator;
import dev.cusp.report.ReportJob;
import dev.cusp.report.StoredReport;
import dev.cusp.report.config.ReportConfig;
import dev.cusp.report.messaging.ReportEvents;
import dev.cusp.report.repository.ResultRepository;
import dev.cusp.report.repository.ShardRepository;
import dev.cusp.report.repository.StoredReportRepository;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Publishes {@code job.progress} when a shard completes and, once every shard of a known job is complete, builds the
 * report with core's {@code ReportAggregator} over the stored rows and its singularity report
 * ({@link SingularityReports}), stores both and publishes {@code report.ready}.
 * Called with the job's row locked, so a report is built once.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class JobCompletion {
    private final ShardRepository shards;
    private final ResultRepository results;
    private final StoredReportRepository reports;
    private final ReportEvents events;
    private final ReportConfig config;
    private final SingularityReports singularity;

    JobCompletion(ShardRepository shards, ResultRepository results, StoredReportRepository reports,
            ReportEvents events, ReportConfig config, SingularityReports singularity) {
        this.shards = shards;
        this.results = results;
        this.reports = reports;
        this.events = events;
        this.config = config;
        this.singularity = singularity;
    }

    /** One part of a shard (attack results or geometry) arrived for the first time. */
    public void partArrived(ReportJob job, int shardNo) {
        if (!shards.complete(job.jobId, shardNo)) {
            return;
        }
        job.shardsDone = shards.countComplete(job.jobId);
        if (!ReportJob.DONE.equals(job.status)) {
            job.status = ReportJob.RUNNING;
        }
        events.progress(progress(job, JobProgress.RUNNING), config.publishTimeout());
        finishIfComplete(job);
    }

    /** Builds, stores and announces the report if the job is known, complete and not yet reported. */
    public void finishIfComplete(ReportJob job) {
        if (!job.known() || job.shardsDone < job.shardCount || ReportJob.DONE.equals(job.status)
                || reports.findByIdOptional(job.jobId).isPresent()) {
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<ExampleAttack> examples = results.examples(job.jobId);
        JobReport report = ReportAggregator.aggregate(examples, SingularityReports.spectral(results.points(job.jobId)));
        singularity.build(job.jobId, examples);
        StoredReport stored = new StoredReport();
        stored.jobId = job.jobId;
        stored.report = report;
        stored.verdict = Headline.verdict(report);
        stored.attacks = AttackSummaryAggregator.aggregate(examples, results.masking(job.jobId),
                results.provenance(job.jobId), report);
        stored.builtAt = now;
        reports.persist(stored);
        job.status = ReportJob.DONE;
        job.completedAt = now;
        events.ready(new ReportReady(ReportReady.SCHEMA_VERSION, job.jobId, job.modelId, job.modelSha256,
                report.examples(), report.cleanAccuracy(), Headline.robustAccuracy(report), stored.verdict, now),
                config.publishTimeout());
        events.progress(progress(job, JobProgress.DONE), config.publishTimeout());
        Log.infof("report of job %s built: %d examples, clean accuracy %.4f, %s", job.jobId, report.examples(),
                report.cleanAccuracy(), stored.verdict);
    }

    private static JobProgress progress(ReportJob job, String phase) {
        return new JobProgress(JobProgress.SCHEMA_VERSION, job.jobId, job.shardsDone, job.shardCount, phase,
                Instant.now());
    }
}
