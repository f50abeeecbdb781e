package dev.cusp.report.service;

import dev.cusp.core.event.AnalysisRequested;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.report.ReportJob;
import dev.cusp.report.repository.AnalysisRepository;
import dev.cusp.report.repository.ReportJobRepository;
import dev.cusp.report.repository.ResultRepository;
import dev.cusp.report.repository.ShardRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * Stores what each event of a job brings, idempotently and with the job's row locked, then lets
 * {@link JobCompletion} publish progress and build the report when the last piece is in. Events may arrive in any
 * order across topics: each carries the job's shard count.
 */
@ApplicationScoped
@Transactional
public class ResultRecorder {
    private final ReportJobRepository jobs;
    private final ShardRepository shards;
    private final ResultRepository results;
    private final AnalysisRepository analyses;
    private final JobCompletion completion;

    ResultRecorder(ReportJobRepository jobs, ShardRepository shards, ResultRepository results,
            AnalysisRepository analyses, JobCompletion completion) {
        this.jobs = jobs;
        this.shards = shards;
        this.results = results;
        this.analyses = analyses;
        this.completion = completion;
    }

    public void record(AnalysisRequested event) {
        EventChecks.check(event);
        ReportJob job = lock(event.jobId(), event.shardCount(), "analysis.requested");
        if (!job.known()) {
            job.modelId = event.modelId();
            job.modelSha256 = event.modelSha256();
            job.datasetName = event.dataset().name();
            job.datasetSplit = event.dataset().split();
            job.exampleCount = event.exampleCount();
            job.seed = event.seed();
            job.attackPlan = event.attackPlan();
            job.requestedAt = event.requestedAt() != null ? event.requestedAt() : Instant.now();
            completion.finishIfComplete(job);
        }
    }

    public void record(AttackResults event) {
        EventChecks.check(event);
        ReportJob job = lock(event.jobId(), event.shardCount(), "attack.results");
        if (shards.markAttackResults(job.jobId, event.shardNo())) {
            results.insertExamples(job.jobId, event.shardNo(), event.examples());
            results.insertOutcomes(job.jobId, event.examples());
            results.insertProvenance(job.jobId, event.shardNo(), event.provenance(), event.masking());
            completion.partArrived(job, event.shardNo());
        }
    }

    public void record(SingularityResults event) {
        EventChecks.check(event);
        ReportJob job = lock(event.jobId(), event.shardCount(), "singularity.results");
        if (shards.markGeometry(job.jobId, event.shardNo())) {
            results.insertPoints(job.jobId, event.shardNo(), event.points());
            analyses.insert(job.jobId, event);
            completion.partArrived(job, event.shardNo());
        }
    }

    private ReportJob lock(UUID jobId, int shardCount, String topic) {
        ReportJob job = jobs.lockOrCreate(jobId, shardCount);
        if (job.shardCount != shardCount) {
            throw new IllegalArgumentException(topic + " of job " + jobId + " says " + shardCount
                    + " shards but the job has " + job.shardCount);
        }
        return job;
    }
}
