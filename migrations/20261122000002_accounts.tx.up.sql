-- Accounts, scoped access and the audit trail.

CREATE TABLE users (
    id {{.ID}},
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT 'vi',
    active {{.Bool}} NOT NULL DEFAULT TRUE,
    -- argon2id in PHC form; empty until an invitation is accepted.
    password_hash TEXT NOT NULL DEFAULT '',
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until {{.Time}},
    last_login_at {{.Time}},
    version INTEGER NOT NULL DEFAULT 1,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
--bun:split
CREATE UNIQUE INDEX users_email_key ON users (email);
--bun:split

-- A role on an area's subtree; area_id NULL is the whole country.
CREATE TABLE grants (
    id {{.ID}},
    user_id BIGINT NOT NULL REFERENCES users (id),
    area_id BIGINT REFERENCES areas (id),
    role TEXT NOT NULL,
    created_at {{.Time}} NOT NULL,
    revoked_at {{.Time}}
);
--bun:split
CREATE INDEX grants_user_idx ON grants (user_id);
--bun:split

-- Membership of a responsible unit, as its leader or a member.
CREATE TABLE memberships (
    id {{.ID}},
    user_id BIGINT NOT NULL REFERENCES users (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    role TEXT NOT NULL,
    created_at {{.Time}} NOT NULL,
    ended_at {{.Time}}
);
--bun:split
CREATE INDEX memberships_user_idx ON memberships (user_id);
--bun:split
CREATE INDEX memberships_unit_idx ON memberships (unit_id);
--bun:split

-- Dated assignment of a household to a unit or to a person (phân công).
CREATE TABLE household_assignments (
    id {{.ID}},
    household_id BIGINT NOT NULL REFERENCES households (id),
    unit_id BIGINT REFERENCES units (id),
    user_id BIGINT REFERENCES users (id),
    is_primary {{.Bool}} NOT NULL DEFAULT TRUE,
    valid_from DATE NOT NULL,
    valid_to DATE,
    reason TEXT NOT NULL DEFAULT '',
    created_at {{.Time}} NOT NULL,
    CHECK ((unit_id IS NULL) <> (user_id IS NULL))
);
--bun:split
CREATE INDEX household_assignments_household_idx ON household_assignments (household_id);
--bun:split
CREATE INDEX household_assignments_unit_idx ON household_assignments (unit_id, valid_to);
--bun:split
CREATE INDEX household_assignments_user_idx ON household_assignments (user_id, valid_to);
--bun:split

CREATE TABLE sessions (
    id {{.ID}},
    user_id BIGINT NOT NULL REFERENCES users (id),
    -- SHA-256 of the cookie's secret; the secret itself is never stored.
    token_hash TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at {{.Time}} NOT NULL,
    last_seen_at {{.Time}} NOT NULL,
    expires_at {{.Time}} NOT NULL,
    user_agent TEXT NOT NULL DEFAULT '',
    client_ip TEXT NOT NULL DEFAULT ''
);
--bun:split
CREATE UNIQUE INDEX sessions_token_key ON sessions (token_hash);
--bun:split
CREATE INDEX sessions_user_idx ON sessions (user_id);
--bun:split

-- Personal API tokens for scripts: shown once, stored hashed, revocable.
CREATE TABLE api_tokens (
    id {{.ID}},
    user_id BIGINT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at {{.Time}} NOT NULL,
    last_used_at {{.Time}},
    expires_at {{.Time}},
    revoked_at {{.Time}}
);
--bun:split
CREATE UNIQUE INDEX api_tokens_hash_key ON api_tokens (token_hash);
--bun:split

-- Single-use, expiring links: invitations and password resets.
CREATE TABLE user_links (
    id {{.ID}},
    user_id BIGINT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at {{.Time}} NOT NULL,
    expires_at {{.Time}} NOT NULL,
    used_at {{.Time}}
);
--bun:split
CREATE UNIQUE INDEX user_links_hash_key ON user_links (token_hash);
--bun:split

-- Failed sign-ins, by a key (a hash of the email, or the client address),
-- for rate limiting across every instance.
CREATE TABLE login_failures (
    id {{.ID}},
    key TEXT NOT NULL,
    at {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX login_failures_key_idx ON login_failures (key, at);
--bun:split

-- Append-only: every write, sign-in and export.
CREATE TABLE audit_log (
    id {{.ID}},
    at {{.Time}} NOT NULL,
    actor_id BIGINT,
    actor_name TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    -- path of the area the entity belongs to, so the log is scoped like everything else
    area_path TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '',
    after_json TEXT NOT NULL DEFAULT '',
    request_id TEXT NOT NULL DEFAULT '',
    client_ip TEXT NOT NULL DEFAULT ''
);
--bun:split
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
--bun:split
CREATE INDEX audit_log_at_idx ON audit_log (at);
--bun:split
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);
--bun:split
{{if .PG}}
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
--bun:split
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
{{else}}
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--bun:split
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
{{end}}
