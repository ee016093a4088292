-- Periodic reports (báo cáo định kỳ): obligations say who reports to whom, how
-- often and by when (chế độ báo cáo); a report is one unit's report of one
-- period, created ahead, with its draft, frozen figures and workflow.
CREATE TABLE report_obligations (
    id {{.ID}},
    area_id BIGINT NOT NULL REFERENCES areas (id),
    plan_id BIGINT REFERENCES plans (id),
    name TEXT NOT NULL,
    reporter_unit_id BIGINT REFERENCES units (id),
    reporter_kind TEXT NOT NULL DEFAULT '',
    frequency TEXT NOT NULL,
    due_kind TEXT NOT NULL,
    due_days INTEGER NOT NULL DEFAULT 0,
    due_day INTEGER NOT NULL DEFAULT 0,
    due_months_after INTEGER NOT NULL DEFAULT 0,
    window_kind TEXT NOT NULL DEFAULT 'calendar',
    valid_from DATE NOT NULL,
    valid_to DATE,
    archived_at {{.Time}},
    version INTEGER NOT NULL DEFAULT 1,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX report_obligations_area_idx ON report_obligations (area_id);
--bun:split
CREATE TABLE report_recipients (
    obligation_id BIGINT NOT NULL REFERENCES report_obligations (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    PRIMARY KEY (obligation_id, unit_id)
);
--bun:split
CREATE INDEX report_recipients_unit_idx ON report_recipients (unit_id);
--bun:split
CREATE TABLE reports (
    id {{.ID}},
    obligation_id BIGINT NOT NULL REFERENCES report_obligations (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    period TEXT NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    window_from DATE NOT NULL,
    window_to DATE NOT NULL,
    due_on DATE NOT NULL,
    status TEXT NOT NULL DEFAULT 'not_started',
    results TEXT NOT NULL DEFAULT '',
    difficulties TEXT NOT NULL DEFAULT '',
    causes TEXT NOT NULL DEFAULT '',
    proposals TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    -- The figures as they were when the report was submitted (JSON), frozen.
    figures TEXT NOT NULL DEFAULT '',
    submitted_at {{.Time}},
    on_time {{.Bool}},
    approved_at {{.Time}},
    version INTEGER NOT NULL DEFAULT 1,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
--bun:split
CREATE UNIQUE INDEX reports_key ON reports (obligation_id, unit_id, period);
--bun:split
CREATE INDEX reports_unit_due_idx ON reports (unit_id, due_on);
--bun:split
CREATE INDEX reports_status_due_idx ON reports (status, due_on);
--bun:split
CREATE TABLE report_events (
    id {{.ID}},
    report_id BIGINT NOT NULL REFERENCES reports (id),
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    user_id BIGINT REFERENCES users (id),
    at {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX report_events_report_idx ON report_events (report_id, id);
