-- +goose Up
-- Staff: accounts, sessions, pending edits of published events, review
-- comments and settings. Every change is still written to revisions, now with
-- the account that made it.

CREATE TABLE users (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email            text NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+$' AND length(email) <= 254),
  name             text NOT NULL DEFAULT '' CHECK (length(name) <= 200),
  role             text NOT NULL CHECK (role IN ('contributor', 'reviewer', 'editor', 'admin')),
  password_hash    text NOT NULL,
  disabled         boolean NOT NULL DEFAULT false,
  -- Bumped when the account is disabled, its role changes or its password is
  -- reset: every session made before then stops working at its next request.
  session_version  integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at  timestamptz
);
CREATE UNIQUE INDEX users_email ON users (email);

-- Sessions as github.com/alexedwards/scs/pgxstore keeps them (the token is
-- stored hashed: HashTokenInStore).
CREATE TABLE sessions (
  token   text PRIMARY KEY,
  data    bytea NOT NULL,
  expiry  timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- Who created and last changed an event and a source.
ALTER TABLE events ADD COLUMN created_by bigint REFERENCES users (id),
                   ADD COLUMN updated_by bigint REFERENCES users (id);
ALTER TABLE sources ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version > 0),
                    ADD COLUMN updated_by bigint REFERENCES users (id);

-- The account behind a revision (author keeps the display name as it was,
-- and the names of imports and command-line tools).
ALTER TABLE revisions ADD COLUMN author_id bigint REFERENCES users (id);
ALTER TABLE revisions DROP CONSTRAINT revisions_entity_check;
ALTER TABLE revisions ADD CONSTRAINT revisions_entity_check
  CHECK (entity IN ('event', 'source', 'figure', 'timeline', 'user'));

-- A pending edit of a published (or retracted) event: the proposed record,
-- kept apart from the live rows so the public sees nothing of it until it is
-- published. A never-published event is edited in place (its row is a draft).
CREATE TABLE event_drafts (
  event_id    bigint PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
  status      text NOT NULL CHECK (status IN ('draft', 'in_review')),
  record      jsonb NOT NULL,
  author_id   bigint REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- A reviewer's comment when sending a change back.
CREATE TABLE review_comments (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id    bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  author_id   bigint REFERENCES users (id),
  body        text NOT NULL CHECK (btrim(body) <> '' AND length(body) <= 4000),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX review_comments_event ON review_comments (event_id, id);

-- When duplicate sources are merged, the one that went away points at the
-- one kept, so restoring an old revision still finds its sources.
CREATE TABLE source_merges (
  from_id     bigint PRIMARY KEY,
  into_id     bigint NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  merged_by   bigint REFERENCES users (id),
  merged_at   timestamptz NOT NULL DEFAULT now()
);

-- Site settings that admins change at run time.
CREATE TABLE settings (
  key    text PRIMARY KEY CHECK (key ~ '^[a-z_]+$'),
  value  text NOT NULL
);

-- +goose Down
DROP TABLE settings, source_merges, review_comments, event_drafts;
ALTER TABLE revisions DROP CONSTRAINT revisions_entity_check;
ALTER TABLE revisions ADD CONSTRAINT revisions_entity_check CHECK (entity IN ('event', 'source', 'figure', 'timeline'));
ALTER TABLE revisions DROP COLUMN author_id;
ALTER TABLE sources DROP COLUMN version, DROP COLUMN updated_by;
ALTER TABLE events DROP COLUMN created_by, DROP COLUMN updated_by;
DROP TABLE sessions, users;
