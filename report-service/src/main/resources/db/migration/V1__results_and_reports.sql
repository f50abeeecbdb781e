-- Per-job results as they arrive from the workers, and the finished reports. Every table has a natural key and is
-- written with INSERT ... ON CONFLICT, so a redelivered message changes nothing.

-- One row per job, created by whichever event of the job arrives first (every event carries the shard count);
-- requested_at is set once analysis.requested has arrived. Consumers lock this row, so one job's events are
-- processed one at a time.
CREATE TABLE jobs (
    job_id        UUID        PRIMARY KEY,
    shard_count   INTEGER     NOT NULL CHECK (shard_count > 0),
    shards_done   INTEGER     NOT NULL DEFAULT 0,
    status        VARCHAR(20) NOT NULL,
    model_id      VARCHAR(64),
    model_sha256  VARCHAR(64),
    dataset_name  VARCHAR(60),
    dataset_split VARCHAR(20),
    example_count INTEGER,
    seed          BIGINT,
    attack_plan   JSONB,
    requested_at  TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL,
    completed_at  TIMESTAMPTZ
);

CREATE TABLE shards (
    job_id            UUID        NOT NULL,
    shard_no          INTEGER     NOT NULL CHECK (shard_no >= 0),
    attack_results_at TIMESTAMPTZ,
    geometry_at       TIMESTAMPTZ,
    PRIMARY KEY (job_id, shard_no)
);

CREATE TABLE examples (
    job_id           UUID    NOT NULL,
    example_index    INTEGER NOT NULL,
    shard_no         INTEGER NOT NULL,
    ordinal          INTEGER NOT NULL,
    label            INTEGER NOT NULL,
    clean_prediction INTEGER NOT NULL,
    PRIMARY KEY (job_id, example_index)
);

CREATE TABLE attack_outcomes (
    job_id                 UUID             NOT NULL,
    example_index          INTEGER          NOT NULL,
    attack                 VARCHAR(40)      NOT NULL,
    norm                   VARCHAR(10)      NOT NULL,
    epsilon                DOUBLE PRECISION NOT NULL,
    ordinal                INTEGER          NOT NULL,
    success                BOOLEAN          NOT NULL,
    adversarial_prediction INTEGER          NOT NULL,
    linf                   DOUBLE PRECISION NOT NULL,
    l2                     DOUBLE PRECISION NOT NULL,
    l0                     DOUBLE PRECISION NOT NULL,
    iterations             INTEGER          NOT NULL,
    gradient_evaluations   INTEGER          NOT NULL,
    queries                INTEGER          NOT NULL,
    PRIMARY KEY (job_id, example_index, attack, norm, epsilon)
);

CREATE TABLE point_geometry (
    job_id           UUID               NOT NULL,
    example_index    INTEGER            NOT NULL,
    point            VARCHAR(20)        NOT NULL,
    shard_no         INTEGER            NOT NULL,
    ordinal          INTEGER            NOT NULL,
    predicted_class  INTEGER            NOT NULL,
    singular_values  DOUBLE PRECISION[] NOT NULL,
    condition_number DOUBLE PRECISION   NOT NULL,
    margin           DOUBLE PRECISION   NOT NULL,
    PRIMARY KEY (job_id, example_index, point)
);

CREATE TABLE reports (
    job_id   UUID        PRIMARY KEY,
    report   JSONB       NOT NULL,
    verdict  VARCHAR(40) NOT NULL,
    built_at TIMESTAMPTZ NOT NULL
);
