-- One row per run of a scheduled job, claimed before the job starts: the
-- unique (job, slot) lets only one of several instances run a given slot, and
-- tells a starting instance whether the last slot was missed while it was down.
CREATE TABLE job_runs (
    id {{.ID}},
    job TEXT NOT NULL,
    slot {{.Time}} NOT NULL,
    instance TEXT NOT NULL,
    started_at {{.Time}} NOT NULL,
    finished_at {{.Time}},
    outcome TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    UNIQUE (job, slot)
);
--bun:split
CREATE INDEX job_runs_started_idx ON job_runs (started_at);
