-- Plans and their targets and duties; duties expand into tasks; support
-- delivered and visits.

-- A resolution (nghị quyết) or plan (kế hoạch) of a body for an area and a year.
CREATE TABLE plans (
    id {{.ID}},
    area_id BIGINT NOT NULL REFERENCES areas (id),
    kind TEXT NOT NULL,
    issuer TEXT NOT NULL,
    issuer_unit_id BIGINT REFERENCES units (id),
    number TEXT NOT NULL DEFAULT '',
    issued_on DATE,
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    archived_at {{.Time}},
    version INTEGER NOT NULL DEFAULT 1,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX plans_area_idx ON plans (area_id, year);
--bun:split

-- A target (chỉ tiêu) of a plan for an area (the plan's, or a child's share).
-- Counts are households; rates and coverage are basis points (0,41% = 41; 90% = 9000).
CREATE TABLE plan_targets (
    id {{.ID}},
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    area_id BIGINT NOT NULL REFERENCES areas (id),
    kind TEXT NOT NULL,
    indicator TEXT NOT NULL DEFAULT '',
    households INTEGER,
    basis_points INTEGER,
    note TEXT NOT NULL DEFAULT ''
);
--bun:split
CREATE INDEX plan_targets_plan_idx ON plan_targets (plan_id);
--bun:split

-- A duty (nhiệm vụ) handed out by a plan: who, what, for which households, how often.
CREATE TABLE duties (
    id {{.ID}},
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- who: one unit, or every unit of a kind within an area
    unit_id BIGINT REFERENCES units (id),
    unit_kind TEXT NOT NULL DEFAULT '',
    scope_area_id BIGINT REFERENCES areas (id),
    -- per household or per unit
    target TEXT NOT NULL,
    -- which households: JSON {"classes":[…],"deprivation":"…","flag":"…","area_id":…,"assigned_to_unit":true}
    selector TEXT NOT NULL DEFAULT '{}',
    frequency TEXT NOT NULL,
    -- when due: days before the end of each period (0 = its last day); for "once", due_on
    due_days_before_end INTEGER NOT NULL DEFAULT 0,
    due_on DATE,
    valid_from DATE NOT NULL,
    valid_to DATE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX duties_plan_idx ON duties (plan_id);
--bun:split

-- A dated task with an owner, from a duty, per household or per unit and period.
CREATE TABLE tasks (
    id {{.ID}},
    duty_id BIGINT NOT NULL REFERENCES duties (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    user_id BIGINT REFERENCES users (id),
    household_id BIGINT REFERENCES households (id),
    period TEXT NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    due_on DATE NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    closed_reason TEXT NOT NULL DEFAULT '',
    done_at {{.Time}},
    version INTEGER NOT NULL DEFAULT 1,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
--bun:split
-- Expansion is idempotent: one task per duty, unit, household (0 for unit tasks) and period.
CREATE UNIQUE INDEX tasks_expansion_key ON tasks (duty_id, unit_id, COALESCE(household_id, 0), period);
--bun:split
CREATE INDEX tasks_unit_idx ON tasks (unit_id, status, due_on);
--bun:split
CREATE INDEX tasks_user_idx ON tasks (user_id, status, due_on);
--bun:split
CREATE INDEX tasks_household_idx ON tasks (household_id);
--bun:split

-- A visit to a household (thăm hỏi).
CREATE TABLE visits (
    id {{.ID}},
    household_id BIGINT NOT NULL REFERENCES households (id),
    unit_id BIGINT REFERENCES units (id),
    user_id BIGINT REFERENCES users (id),
    visited_on DATE NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    task_id BIGINT REFERENCES tasks (id),
    created_at {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX visits_household_idx ON visits (household_id, visited_on);
--bun:split

-- Support delivered to a household (hỗ trợ). Money is VND.
CREATE TABLE support_records (
    id {{.ID}},
    household_id BIGINT NOT NULL REFERENCES households (id),
    unit_id BIGINT REFERENCES units (id),
    user_id BIGINT REFERENCES users (id),
    delivered_on DATE NOT NULL,
    type TEXT NOT NULL,
    value_vnd BIGINT NOT NULL DEFAULT 0,
    funding_source TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    task_id BIGINT REFERENCES tasks (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX support_records_household_idx ON support_records (household_id, delivered_on);
--bun:split
CREATE INDEX support_records_unit_idx ON support_records (unit_id, delivered_on);
--bun:split

-- Evidence files of a support record (a receipt, a photo of the repaired roof).
CREATE TABLE evidence_files (
    id {{.ID}},
    support_id BIGINT NOT NULL REFERENCES support_records (id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content {{if .PG}}BYTEA{{else}}BLOB{{end}} NOT NULL,
    created_at {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX evidence_files_support_idx ON evidence_files (support_id);
