-- +goose Up
-- Eras are named periods of a timeline ("Clearance operations"): a title, a
-- short summary and a start and an end with the precision rules of event
-- dates. They have no draft workflow: only a public timeline's eras are
-- public, and every change writes a revision. An import matches an era by
-- its timeline, title and start, hence the unique key.
CREATE TABLE eras (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  timeline_id      bigint NOT NULL REFERENCES timelines (id) ON DELETE CASCADE,
  title            text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 300),
  summary          text NOT NULL DEFAULT '' CHECK (length(summary) <= 2000),
  start_date       date NOT NULL,
  start_precision  date_precision NOT NULL,
  end_date         date NOT NULL,
  end_precision    date_precision NOT NULL,
  version          integer NOT NULL DEFAULT 1 CHECK (version > 0),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT era_start_fits_precision CHECK (date_fits_precision(start_date, start_precision)),
  CONSTRAINT era_end_fits_precision CHECK (date_fits_precision(end_date, end_precision)),
  CONSTRAINT era_end_not_before_start CHECK (end_date >= start_date),
  CONSTRAINT eras_key UNIQUE (timeline_id, title, start_date, start_precision)
);

-- An era's changes are revisions of entity 'era'.
ALTER TABLE revisions DROP CONSTRAINT revisions_entity_check;
ALTER TABLE revisions ADD CONSTRAINT revisions_entity_check
  CHECK (entity IN ('event', 'source', 'figure', 'timeline', 'user', 'event_translation', 'timeline_translation',
                    'category', 'actor', 'place', 'setting', 'api_token', 'era'));

CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON eras FOR EACH STATEMENT EXECUTE FUNCTION data_changed();

-- The timeline's pages draw its eras: a change is a new public version
-- of the timeline (migration 00016). Their version and times are staff's.
-- +goose StatementBegin
CREATE FUNCTION eras_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT DISTINCT txid_current(), n.timeline_id FROM n ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT DISTINCT txid_current(), x.timeline_id FROM (
      SELECT o.timeline_id FROM o JOIN n ON n.id = o.id
      WHERE ROW(o.timeline_id, o.title, o.summary, o.start_date, o.start_precision, o.end_date, o.end_precision)
            IS DISTINCT FROM ROW(n.timeline_id, n.title, n.summary, n.start_date, n.start_precision, n.end_date, n.end_precision)
      UNION ALL
      SELECT n.timeline_id FROM o JOIN n ON n.id = o.id WHERE o.timeline_id <> n.timeline_id) x
    ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT DISTINCT txid_current(), o.timeline_id FROM o ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER public_insert AFTER INSERT ON eras REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION eras_changed();
CREATE TRIGGER public_update AFTER UPDATE ON eras REFERENCING OLD TABLE AS o NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION eras_changed();
CREATE TRIGGER public_delete AFTER DELETE ON eras REFERENCING OLD TABLE AS o
  FOR EACH STATEMENT EXECUTE FUNCTION eras_changed();

-- +goose Down
DROP TRIGGER public_delete ON eras;
DROP TRIGGER public_update ON eras;
DROP TRIGGER public_insert ON eras;
DROP FUNCTION eras_changed();
DELETE FROM revisions WHERE entity = 'era';
ALTER TABLE revisions DROP CONSTRAINT revisions_entity_check;
ALTER TABLE revisions ADD CONSTRAINT revisions_entity_check
  CHECK (entity IN ('event', 'source', 'figure', 'timeline', 'user', 'event_translation', 'timeline_translation',
                    'category', 'actor', 'place', 'setting', 'api_token'));
DROP TABLE eras;
