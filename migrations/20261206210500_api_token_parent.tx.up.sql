-- The token that created a token, if a token did: a token may create tokens
-- ending no later than itself, and revoking it revokes them (account/tokens.go).
ALTER TABLE api_tokens ADD COLUMN parent_id BIGINT REFERENCES api_tokens (id);
--bun:split
CREATE INDEX api_tokens_parent_idx ON api_tokens (parent_id);
