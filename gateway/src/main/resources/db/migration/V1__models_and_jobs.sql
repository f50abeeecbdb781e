-- Models, their bytes (content-addressed by SHA-256) and analysis jobs.

CREATE TABLE model_blobs (
    sha256     VARCHAR(64) PRIMARY KEY,
    size_bytes BIGINT   NOT NULL CHECK (size_bytes > 0),
    content    BYTEA    NOT NULL
);

CREATE TABLE models (
    id          UUID         PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    version     VARCHAR(100) NOT NULL,
    format      VARCHAR(40)  NOT NULL,
    sha256      VARCHAR(64)     NOT NULL UNIQUE REFERENCES model_blobs (sha256),
    size_bytes  BIGINT       NOT NULL,
    input_shape INTEGER[]    NOT NULL,
    classes     INTEGER      NOT NULL CHECK (classes > 0),
    parameters  BIGINT       NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL
);

CREATE TABLE jobs (
    id             UUID         PRIMARY KEY,
    model_id       UUID         NOT NULL REFERENCES models (id),
    model_sha256   VARCHAR(64)     NOT NULL,
    dataset_name   VARCHAR(60)  NOT NULL,
    dataset_split  VARCHAR(20)  NOT NULL,
    examples       INTEGER      NOT NULL CHECK (examples > 0),
    seed           BIGINT       NOT NULL,
    attack_plan    JSONB        NOT NULL,
    shards_total   INTEGER      NOT NULL CHECK (shards_total > 0),
    shards_done    INTEGER      NOT NULL DEFAULT 0 CHECK (shards_done >= 0),
    status         VARCHAR(20)  NOT NULL,
    verdict        VARCHAR(40),
    clean_accuracy DOUBLE PRECISION,
    error          TEXT,
    created_at     TIMESTAMPTZ  NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL,
    completed_at   TIMESTAMPTZ
);

CREATE INDEX jobs_created_at ON jobs (created_at DESC);
CREATE INDEX jobs_model_id ON jobs (model_id);
