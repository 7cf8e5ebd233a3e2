-- +goose Up
-- Captures of sources: what a cited page said when Annals fetched it. A
-- capture is written once and never changed (capturing again makes a new
-- one); its artefacts (the WARC of the HTTP exchange, the page's text, a
-- screenshot and a PDF) carry their SHA-256, which the capture's revision
-- in the record's chain repeats, so `annals verify` can re-hash them.
-- River's own tables (the job queue) are made by rivermigrate, run by
-- `annals migrate` after these files.
CREATE TABLE captures (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- No foreign key: a capture stays as it was made when its source is
  -- merged away (source pages follow source_merges to it).
  source_id      bigint NOT NULL,
  requested_url  text NOT NULL CHECK (is_http_url(requested_url)),
  final_url      text NOT NULL DEFAULT '',
  http_status    integer,
  ok             boolean NOT NULL,
  failure        text NOT NULL DEFAULT '' CHECK (ok = (failure = '')),
  text_sha256    bytea,
  captured_at    timestamptz NOT NULL,
  seconds        double precision NOT NULL DEFAULT 0,
  requested_by   bigint REFERENCES users (id) ON DELETE SET NULL,
  requested_name text NOT NULL,
  reason         text NOT NULL,
  software       text NOT NULL
);
CREATE INDEX captures_source ON captures (source_id, id);

CREATE TABLE capture_artefacts (
  capture_id  bigint NOT NULL REFERENCES captures (id),
  kind        text NOT NULL CHECK (kind IN ('warc', 'text', 'screenshot', 'pdf')),
  media_type  text NOT NULL,
  sha256      bytea NOT NULL CHECK (length(sha256) = 32),
  size        bigint NOT NULL,
  content     bytea NOT NULL,
  PRIMARY KEY (capture_id, kind)
);
-- content is kept out of line by TOAST, compressed where that helps (the
-- WARC and text shrink about 4x; PNG and PDF are compressed already).

-- Never changed: an UPDATE is refused. (A restore inserts; a superuser can
-- still get round this, which is what `annals verify` is for.)
-- +goose StatementBegin
CREATE FUNCTION captures_unchanged() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'captures are never changed: capture again instead';
END
$$;
-- +goose StatementEnd
CREATE TRIGGER unchanged BEFORE UPDATE ON captures FOR EACH ROW EXECUTE FUNCTION captures_unchanged();
CREATE TRIGGER unchanged BEFORE UPDATE ON capture_artefacts FOR EACH ROW EXECUTE FUNCTION captures_unchanged();

-- The watch: the last recheck of each source's original, and why it is at
-- risk (gone or changed), for the staff report. Rewritten at each recheck.
CREATE TABLE source_checks (
  source_id    bigint PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
  checked_at   timestamptz NOT NULL,
  http_status  integer,
  risk         text NOT NULL DEFAULT '' CHECK (risk IN ('', 'gone', 'changed', 'unreachable')),
  detail       text NOT NULL DEFAULT '',
  text_sha256  bytea
);

-- A capture is a revision of entity 'capture'.
-- Extended in place, keeping whatever other migrations added to it.
-- +goose StatementBegin
DO $$
DECLARE def text;
BEGIN
  SELECT pg_get_constraintdef(oid) INTO def FROM pg_constraint WHERE conname = 'revisions_entity_check';
  ALTER TABLE revisions DROP CONSTRAINT revisions_entity_check;
  EXECUTE 'ALTER TABLE revisions ADD CONSTRAINT revisions_entity_check ' || replace(def, 'ARRAY[', 'ARRAY[''capture''::text, ');
END $$;
-- +goose StatementEnd

-- Public source pages show captures of public sources: a new capture
-- changes what the public sees. Source pages are not in the page cache's
-- timeline versions (migration 00016), so data_changed alone suffices.
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON captures FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON capture_artefacts FOR EACH STATEMENT EXECUTE FUNCTION data_changed();

-- +goose Down
DROP TABLE source_checks, capture_artefacts, captures;
DROP FUNCTION captures_unchanged();
-- +goose StatementBegin
DO $$
DECLARE def text;
BEGIN
  SELECT pg_get_constraintdef(oid) INTO def FROM pg_constraint WHERE conname = 'revisions_entity_check';
  ALTER TABLE revisions DROP CONSTRAINT revisions_entity_check;
  EXECUTE 'ALTER TABLE revisions ADD CONSTRAINT revisions_entity_check ' || replace(def, '''capture''::text, ', '');
END $$;
-- +goose StatementEnd
