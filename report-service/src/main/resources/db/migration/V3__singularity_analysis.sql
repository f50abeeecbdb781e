-- Schema version 2 of singularity.results and the model.analysis topic: the per-point analysis next to point_geometry
-- (same key; the crossing point is a third point kind there), the per-shard figures, slice pictures, the parameter-space
-- analysis of every registered model, and each job's singularity report. Written with INSERT ... ON CONFLICT DO NOTHING
-- like every other table: a redelivered message changes nothing. Doubles may be NaN or ±Infinity (parts that do not
-- apply, infinite first-order distances); a NULL column group means the part was not computed (see PointGeometry).

CREATE TABLE point_analysis (
    job_id                  UUID             NOT NULL,
    example_index           INTEGER          NOT NULL,
    point                   VARCHAR(20)      NOT NULL,
    -- spectrum (NULL when the Jacobian was not finite)
    rank                    INTEGER,
    corank                  INTEGER,
    boardman_index          INTEGER,
    rank_tolerance          DOUBLE PRECISION,
    jacobian_norm           DOUBLE PRECISION,
    -- margin and first-order boundary distances
    reference_class         INTEGER,
    runner_up               INTEGER,
    margin_gradient_norm    DOUBLE PRECISION,
    margin_gradient_norm_l1 DOUBLE PRECISION,
    first_order_l2          DOUBLE PRECISION,
    first_order_linf        DOUBLE PRECISION,
    needed_l2               DOUBLE PRECISION,
    needed_linf             DOUBLE PRECISION,
    ratio_l2                DOUBLE PRECISION,
    ratio_linf              DOUBLE PRECISION,
    -- DeepFool facets (three or more classes)
    facet_nearest_class     INTEGER,
    facet_nearest           DOUBLE PRECISION,
    facet_second_class      INTEGER,
    facet_second            DOUBLE PRECISION,
    facet_ratio             DOUBLE PRECISION,
    facet_cosine            DOUBLE PRECISION,
    -- ReLU networks: kink distance and region rank certificate
    kink_l2                 DOUBLE PRECISION,
    kink_linf               DOUBLE PRECISION,
    kink_layer              INTEGER,
    kink_unit               INTEGER,
    smallest_pre_activation DOUBLE PRECISION,
    rank_bound              INTEGER,
    certified_corank        INTEGER,
    -- loss-gradient health
    gradient_health         VARCHAR(12),
    loss_gradient_norm      DOUBLE PRECISION,
    -- the clean -> adversarial segment (adversarial point)
    segment_l2              DOUBLE PRECISION,
    segment_linf            DOUBLE PRECISION,
    crossed                 BOOLEAN,
    t_low                   DOUBLE PRECISION,
    t_high                  DOUBLE PRECISION,
    from_class              INTEGER,
    to_class                INTEGER,
    hamming                 INTEGER,
    regions                 INTEGER,
    regions_truncated       BOOLEAN,
    -- ties at the crossing (crossing point)
    tied_classes            INTEGER[],
    third_distance          DOUBLE PRECISION,
    tie_radius              DOUBLE PRECISION,
    -- CLEVER (costly tier, clean point)
    clever_l2               DOUBLE PRECISION,
    clever_linf             DOUBLE PRECISION,
    clever_l2_spread        DOUBLE PRECISION,
    clever_linf_spread      DOUBLE PRECISION,
    clever_seeds            INTEGER,
    clever_batches          INTEGER,
    clever_batch_size       INTEGER,
    -- slice through the example (costly tier, clean point)
    fold_distance           DOUBLE PRECISION,
    cusp_distance           DOUBLE PRECISION,
    slice_attack_distance   DOUBLE PRECISION,
    cusps                   INTEGER,
    fold_points             INTEGER,
    sigma2_points           INTEGER,
    rank_deficient_fraction DOUBLE PRECISION,
    slice_smooth            BOOLEAN,
    -- labels in priority order, the primary one first, and one reason line each (see the shard's label rules)
    labels                  TEXT[]           NOT NULL,
    primary_label           VARCHAR(20)      NOT NULL,
    reasons                 TEXT[]           NOT NULL,
    PRIMARY KEY (job_id, example_index, point)
);

CREATE INDEX point_analysis_primary_label ON point_analysis (job_id, point, primary_label);

-- Per shard of a schema-version-2 result: the label thresholds of its points, the loss curvature (Hessian tier, shard 0)
-- and how long each tier took.
CREATE TABLE shard_analysis (
    job_id         UUID    NOT NULL,
    shard_no       INTEGER NOT NULL,
    schema_version INTEGER NOT NULL,
    rules          JSONB,
    curvature      JSONB,
    tier_millis    JSONB   NOT NULL,
    PRIMARY KEY (job_id, shard_no)
);

-- Slice pictures (slices tier), PNG bytes decoded from the results' base64.
CREATE TABLE slice_pictures (
    job_id        UUID             NOT NULL,
    example_index INTEGER          NOT NULL,
    point         VARCHAR(20)      NOT NULL,
    s_min         DOUBLE PRECISION NOT NULL,
    s_max         DOUBLE PRECISION NOT NULL,
    t_min         DOUBLE PRECISION NOT NULL,
    t_max         DOUBLE PRECISION NOT NULL,
    width         INTEGER          NOT NULL,
    height        INTEGER          NOT NULL,
    png           BYTEA            NOT NULL,
    PRIMARY KEY (job_id, example_index, point)
);

-- model.analysis: one parameter-space analysis per model (the first to arrive), the event as JSON.
CREATE TABLE model_analyses (
    model_id     VARCHAR(64) PRIMARY KEY,
    model_sha256 VARCHAR(64) NOT NULL,
    labels       TEXT[]      NOT NULL,
    analysis     JSONB       NOT NULL,
    analysed_at  TIMESTAMPTZ,
    received_at  TIMESTAMPTZ NOT NULL
);

-- The job's singularity report (core's SingularityReport as JSON), built with its JobReport.
CREATE TABLE singularity_reports (
    job_id UUID  PRIMARY KEY,
    report JSONB NOT NULL
);
