-- A personal calendar feed of deadlines (reports to submit or approve, tasks
-- due), read by a phone's calendar without a session: the secret in its
-- address is the only key. Resetting it ends the old address.
CREATE TABLE calendar_feeds (
    id {{.ID}},
    user_id BIGINT NOT NULL REFERENCES users (id),
    secret TEXT NOT NULL,
    created_at {{.Time}} NOT NULL,
    revoked_at {{.Time}}
);
--bun:split
CREATE UNIQUE INDEX calendar_feeds_secret_key ON calendar_feeds (secret);
--bun:split
CREATE INDEX calendar_feeds_user_idx ON calendar_feeds (user_id, revoked_at);
