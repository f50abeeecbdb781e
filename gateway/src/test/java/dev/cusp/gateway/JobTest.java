package dev.cusp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.event.JobProgress;
import dev.cusp.core.event.ReportReady;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void shardsDoneNeverGoesBackwards() {
        Job job = job(Job.SUBMITTED);
        job.advance(progress(job, 3, JobProgress.RUNNING), T0);
        job.advance(progress(job, 1, JobProgress.RUNNING), T0);
        assertThat(job.shardsDone).isEqualTo(3);
        assertThat(job.status).isEqualTo(Job.RUNNING);
    }

    @Test
    void progressNeverCountsMoreShardsThanTheJobHas() {
        Job job = job(Job.SUBMITTED);
        job.advance(progress(job, 9, JobProgress.RUNNING), T0);
        assertThat(job.shardsDone).isEqualTo(4);
    }

    @Test
    void aFinishedJobIsNotRevivedByLateProgress() {
        Job job = job(Job.SUBMITTED);
        job.advance(progress(job, 4, JobProgress.DONE), T0);
        job.advance(progress(job, 2, JobProgress.RUNNING), T0.plusSeconds(1));
        assertThat(job.status).isEqualTo(Job.DONE);
        assertThat(job.shardsDone).isEqualTo(4);
        assertThat(job.completedAt).isEqualTo(T0);
    }

    @Test
    void submittedDoesNotOverwriteProgressThatCameFirst() {
        Job job = job(Job.PENDING);
        job.advance(progress(job, 1, JobProgress.RUNNING), T0);
        job.submitted(T0);
        assertThat(job.status).isEqualTo(Job.RUNNING);
    }

    @Test
    void aReadyReportFinishesTheJobWithItsHeadlineOnce() {
        Job job = job(Job.RUNNING);
        ReportReady ready = new ReportReady(1, job.id, "m", "s", 64, 0.8, Map.of("fgsm/linf/0.1", 0.3), "fragile", T0);
        job.reportReady(ready, T0);
        job.reportReady(ready, T0.plusSeconds(5));
        assertThat(job.status).isEqualTo(Job.DONE);
        assertThat(job.shardsDone).isEqualTo(job.shardsTotal);
        assertThat(job.verdict).isEqualTo("fragile");
        assertThat(job.cleanAccuracy).isEqualTo(0.8);
        assertThat(job.completedAt).isEqualTo(T0);
    }

    private static Job job(String status) {
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.shardsTotal = 4;
        job.status = status;
        return job;
    }

    private static JobProgress progress(Job job, int done, String phase) {
        return new JobProgress(JobProgress.SCHEMA_VERSION, job.id, done, job.shardsTotal, phase, T0);
    }
}
