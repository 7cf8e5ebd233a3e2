-- +goose Up
-- The data version of what the public sees: bumped once by every committed
-- transaction that wrote a table a public page reads, and announced with
-- NOTIFY annals_data 'site:<version>', so every Annals instance knows within
-- moments which of the pages it keeps in memory may be stale
-- (internal/web/cache.go). One scope, 'site', for now: scopes such as
-- 'timeline:<id>' can be added without changing readers.
CREATE TABLE data_versions (
  scope    text PRIMARY KEY,
  version  bigint NOT NULL DEFAULT 1
);
INSERT INTO data_versions (scope) VALUES ('site');

-- One row per writing transaction while it runs, so the version is bumped
-- once, at commit, whatever the number of statements: bumping it from each
-- statement would hold the version's row lock from the first write to the
-- commit and could deadlock with the revision chain's lock.
CREATE TABLE data_version_marks (
  txid  bigint PRIMARY KEY
);

-- +goose StatementBegin
CREATE FUNCTION data_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO data_version_marks (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION data_version_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v bigint;
BEGIN
  DELETE FROM data_version_marks WHERE txid = NEW.txid;
  UPDATE data_versions SET version = version + 1 WHERE scope = 'site' RETURNING version INTO v;
  PERFORM pg_notify('annals_data', 'site:' || v);
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- Deferred: it runs at commit, after every other statement of the
-- transaction, and not at all if the transaction rolls back.
CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT ON data_version_marks
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_bump();

-- Every table a public page, embed, feed, export, search or API answer
-- reads. A write the public cannot see (a pending edit, a draft) bumps the
-- version too; the cache then recomputes the page's public fingerprint once
-- and keeps the page if it is unchanged, so ETags still say nothing about
-- staff work (internal/postgres/fingerprint.go).
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON timelines FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON categories FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON actors FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON places FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON timeline_events FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_actors FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sources FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_sources FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON figures FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_search FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_translations FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON timeline_translations FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON settings FOR EACH STATEMENT EXECUTE FUNCTION data_changed();

-- +goose Down
DROP TRIGGER data_changed ON timelines;
DROP TRIGGER data_changed ON categories;
DROP TRIGGER data_changed ON actors;
DROP TRIGGER data_changed ON places;
DROP TRIGGER data_changed ON events;
DROP TRIGGER data_changed ON timeline_events;
DROP TRIGGER data_changed ON event_actors;
DROP TRIGGER data_changed ON sources;
DROP TRIGGER data_changed ON event_sources;
DROP TRIGGER data_changed ON figures;
DROP TRIGGER data_changed ON event_search;
DROP TRIGGER data_changed ON event_translations;
DROP TRIGGER data_changed ON timeline_translations;
DROP TRIGGER data_changed ON settings;
DROP TABLE data_version_marks;
DROP TABLE data_versions;
DROP FUNCTION data_version_bump(), data_changed();
