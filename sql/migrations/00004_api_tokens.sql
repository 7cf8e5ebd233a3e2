-- +goose Up
-- Per-user API tokens for writing through /api/v1. A token is
-- "annals_" + 43 base64url characters (32 random bytes); only the SHA-256 of
-- those 32 bytes is kept, so a copy of the database gives no working token.
-- The prefix (the first characters of the token) lets people tell their
-- tokens apart. A token acts as its account: it stops working when it is
-- revoked, when it expires, or when the account is disabled, and it can do
-- what the account's role allows at the moment it is used.
CREATE TABLE api_tokens (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name          text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 100),
  token_hash    bytea NOT NULL CHECK (length(token_hash) = 32),
  prefix        text NOT NULL CHECK (length(prefix) BETWEEN 8 AND 20),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  expires_at    timestamptz,
  revoked_at    timestamptz,
  revoked_by    bigint REFERENCES users (id)
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);
CREATE INDEX api_tokens_user ON api_tokens (user_id, id);

-- +goose Down
DROP TABLE api_tokens;
