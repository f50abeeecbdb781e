-- The attack catalogue (events v2): outcome fields beyond FGSM's, each shard's provenance and masking evidence,
-- and the report's attack summary (AutoAttack stages, masking verdicts, provenance). Columns added to
-- attack_outcomes are nullable: rows of schema-1 events have none.

ALTER TABLE attack_outcomes
    ADD COLUMN l1     DOUBLE PRECISION,
    ADD COLUMN margin DOUBLE PRECISION,
    ADD COLUMN stage  VARCHAR(20),
    ADD COLUMN seed   BIGINT;

-- One row per shard, written with its attack.results (ON CONFLICT DO NOTHING, as the outcomes).
CREATE TABLE shard_provenance (
    job_id     UUID    NOT NULL,
    shard_no   INTEGER NOT NULL CHECK (shard_no >= 0),
    provenance JSONB,
    masking    JSONB,
    PRIMARY KEY (job_id, shard_no)
);

ALTER TABLE reports ADD COLUMN attacks JSONB;
