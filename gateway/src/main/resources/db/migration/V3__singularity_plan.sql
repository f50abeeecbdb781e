-- The singularity plan of a job (tiers and costly-tier budgets, core's SingularityPlan as JSON); NULL for jobs stored
-- before it existed, which ran the cheap tier.
ALTER TABLE jobs ADD COLUMN singularity_plan JSONB;
