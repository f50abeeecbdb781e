package dev.cusp.core.event;

import java.time.Instant;
import java.util.UUID;

/** Topic {@code job.progress}: how many of a job's shards are complete, and the job's phase. */
public record JobProgress(int schemaVersion, UUID jobId, int shardsDone, int shardsTotal, String phase, Instant at) {
    public static final int SCHEMA_VERSION = 1;
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
}
