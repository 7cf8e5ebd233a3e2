-- +goose Up
-- The record's chain: every revision carries the SHA-256 of its canonical
-- content, the chain hash of the revision before it, and its own chain hash
-- SHA-256(prev || content). One chain per database, in id order. The hashes
-- are computed in Go (internal/postgres/chain.go defines the encoding); rows
-- written before this migration are hashed, in id order, when the chain is
-- sealed (annals migrate, or the first revision written after it).
ALTER TABLE revisions
  ADD COLUMN content_sha256 bytea CHECK (length(content_sha256) = 32),
  ADD COLUMN prev_sha256 bytea CHECK (length(prev_sha256) = 32),
  ADD COLUMN chain_sha256 bytea CHECK (length(chain_sha256) = 32);

-- The chain's head: one row, locked FOR UPDATE by every revision writer, so
-- concurrent writers append one after the other and the chain stays linear.
CREATE TABLE revision_chain_head (
  one           boolean PRIMARY KEY DEFAULT true CHECK (one),
  revision_id   bigint NOT NULL DEFAULT 0,
  chain_sha256  bytea NOT NULL DEFAULT decode(repeat('00', 32), 'hex') CHECK (length(chain_sha256) = 32),
  revisions     bigint NOT NULL DEFAULT 0,
  sealed_at     timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
INSERT INTO revision_chain_head DEFAULT VALUES;

-- Each walk of the chain (annals verify, the admin page): when, by whom,
-- what head it reached and what it found. Only added to.
CREATE TABLE chain_verifications (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  verified_at   timestamptz NOT NULL DEFAULT now(),
  verified_by   text NOT NULL,
  ok            boolean NOT NULL,
  revisions     bigint NOT NULL,
  head_id       bigint NOT NULL,
  head_sha256   bytea NOT NULL,
  problem       text NOT NULL DEFAULT '',
  seconds       double precision NOT NULL
);

-- Timelines, categories, actors, places, settings and API tokens have
-- revisions too.
ALTER TABLE revisions DROP CONSTRAINT revisions_entity_check;
ALTER TABLE revisions ADD CONSTRAINT revisions_entity_check
  CHECK (entity IN ('event', 'source', 'figure', 'timeline', 'user', 'event_translation', 'timeline_translation',
                    'category', 'actor', 'place', 'setting', 'api_token'));

-- +goose Down
DELETE FROM revisions WHERE entity IN ('category', 'actor', 'place', 'setting', 'api_token');
ALTER TABLE revisions DROP CONSTRAINT revisions_entity_check;
ALTER TABLE revisions ADD CONSTRAINT revisions_entity_check
  CHECK (entity IN ('event', 'source', 'figure', 'timeline', 'user', 'event_translation', 'timeline_translation'));
DROP TABLE chain_verifications, revision_chain_head;
ALTER TABLE revisions DROP COLUMN content_sha256, DROP COLUMN prev_sha256, DROP COLUMN chain_sha256;
