-- +goose Up
-- Sign-in limits live here, not in each instance's memory, so they hold
-- however many instances run. A limit is a leaky bucket per key: each
-- attempt adds one to level, which drains at one per interval; an attempt
-- that would take level past the burst is refused. Keys are hashed (an
-- email, an address, a device token): the table names nobody.
CREATE TABLE signin_limits (
  scope       text NOT NULL CHECK (scope IN ('account', 'address', 'device')),
  key_hash    bytea NOT NULL CHECK (length(key_hash) = 32),
  level       double precision NOT NULL CHECK (level >= 0),
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (scope, key_hash)
);
CREATE INDEX signin_limits_updated ON signin_limits (updated_at);

-- Devices that signed in to an account before: the browser keeps a random
-- token in a cookie, only its SHA-256 is kept here. Attempts from a known
-- device count against that device, not the account, so an attacker
-- guessing an account's password cannot lock its owner out.
CREATE TABLE signin_devices (
  token_hash    bytea PRIMARY KEY CHECK (length(token_hash) = 32),
  user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX signin_devices_user ON signin_devices (user_id);

-- What happened to accounts: sign-ins, failures, limits reached. The admin
-- security page reads it; it is never changed, only added to.
CREATE TABLE security_events (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  kind      text NOT NULL CHECK (kind ~ '^[a-z][a-z_]{0,39}$'),
  user_id   bigint REFERENCES users (id) ON DELETE SET NULL,
  email     text NOT NULL DEFAULT '' CHECK (length(email) <= 320),
  address   text NOT NULL DEFAULT '' CHECK (length(address) <= 64),
  detail    text NOT NULL DEFAULT '' CHECK (length(detail) <= 500)
);
CREATE INDEX security_events_at ON security_events (at DESC, id DESC);
CREATE INDEX security_events_user ON security_events (user_id, at DESC) WHERE user_id IS NOT NULL;

-- +goose Down
DROP TABLE security_events;
DROP TABLE signin_devices;
DROP TABLE signin_limits;
