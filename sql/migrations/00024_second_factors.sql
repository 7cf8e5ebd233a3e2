-- +goose Up
-- Second factors and the sessions an account can see and end. None of these
-- tables is read by a public page, and none is backed up: TOTP secrets,
-- recovery codes and passkeys are secrets (people enrol again after a
-- restore), sessions belong to the server they were made on.

-- One TOTP secret per account. confirmed_at is NULL while the account is
-- enrolling (the secret is shown, no code has been typed yet); last_step is
-- the last time step a code was accepted for, so a code cannot be replayed,
-- on any instance.
CREATE TABLE user_totp (
  user_id       bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  secret        text NOT NULL CHECK (secret ~ '^[A-Z2-7]{16,128}$'),
  confirmed_at  timestamptz,
  last_step     bigint NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- One-time recovery codes, stored as argon2id hashes like passwords.
CREATE TABLE user_recovery_codes (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash   text NOT NULL,
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_recovery_codes_user ON user_recovery_codes (user_id) WHERE used_at IS NULL;

-- Passkeys (WebAuthn credentials): the credential as go-webauthn keeps it
-- (public key, sign count, flags), under a name its owner chose.
CREATE TABLE user_passkeys (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  credential_id  bytea NOT NULL UNIQUE CHECK (length(credential_id) BETWEEN 1 AND 1023),
  name           text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 100),
  credential     jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_used_at   timestamptz
);
CREATE INDEX user_passkeys_user ON user_passkeys (user_id);

-- The random user handle passkeys are made for (WebAuthn's user.id): never
-- the account's id or email.
ALTER TABLE users ADD COLUMN webauthn_handle bytea UNIQUE CHECK (length(webauthn_handle) = 32);

-- The signed-in sessions of each account, for "your sessions" and "sign out
-- everywhere": the session keeps a random id whose SHA-256 is kept here; a
-- session whose row is gone is signed out at its next request.
CREATE TABLE user_sessions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sid_hash      bytea NOT NULL UNIQUE CHECK (length(sid_hash) = 32),
  user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  user_agent    text NOT NULL DEFAULT '' CHECK (length(user_agent) <= 300),
  address       text NOT NULL DEFAULT '' CHECK (length(address) <= 64),
  method        text NOT NULL DEFAULT '' CHECK (length(method) <= 40),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX user_sessions_user ON user_sessions (user_id, last_seen_at DESC);
CREATE INDEX user_sessions_expires ON user_sessions (expires_at);

-- +goose Down
DROP TABLE user_sessions, user_passkeys, user_recovery_codes, user_totp;
ALTER TABLE users DROP COLUMN webauthn_handle;
