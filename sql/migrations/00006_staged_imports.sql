-- +goose Up
-- Files uploaded on /staff/import, kept between the preview (a dry run) and
-- the editor's confirmation, so nobody uploads the same file twice. Only the
-- account that staged a file may see its preview or import it. Rows older
-- than a day are deleted whenever a new file is staged, and each account
-- keeps at most a few.
CREATE TABLE staged_imports (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  filename    text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
  format      text NOT NULL DEFAULT '' CHECK (length(format) <= 40),
  options     jsonb NOT NULL DEFAULT '{}',
  data        bytea NOT NULL CHECK (length(data) <= 20 * 1024 * 1024),
  sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- Set while a confirmed import runs, so a second confirmation (a double
  -- click) does not run it again; a claim older than ten minutes is stale.
  claimed_at  timestamptz
);
CREATE INDEX staged_imports_created ON staged_imports (created_at);
CREATE INDEX staged_imports_user ON staged_imports (user_id, id);

-- +goose Down
DROP TABLE staged_imports;
