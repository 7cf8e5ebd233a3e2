-- +goose Up
-- The metrics list: what figures count ("killed", "detained"), kept by
-- editors so one thing is not counted under two names by accident. Every
-- figure's metric is in the list: existing ones are listed here, and a
-- figure written with a new metric (an import, the API) adds it, marked
-- unreviewed, for an editor to confirm or rename on /staff/metrics.
CREATE TABLE metrics (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9_]{0,39}$'),
  name        text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 200),
  unit        text NOT NULL DEFAULT 'people' CHECK (length(unit) <= 40),
  reviewed    boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

INSERT INTO metrics (slug, name)
SELECT DISTINCT metric, initcap(replace(metric, '_', ' ')) FROM figures ORDER BY 1;

-- +goose StatementBegin
CREATE FUNCTION metrics_listed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO metrics (slug, name)
  SELECT DISTINCT metric, initcap(replace(metric, '_', ' ')) FROM n
  ON CONFLICT (slug) DO NOTHING;
  RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER metrics_listed_insert AFTER INSERT ON figures REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_listed();
CREATE TRIGGER metrics_listed_update AFTER UPDATE ON figures REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_listed();

-- A metric's changes are revisions of entity 'metric'. The entity check
-- is extended where it stands, whatever other migrations added to it.
-- +goose StatementBegin
DO $$
DECLARE def text;
BEGIN
  SELECT pg_get_constraintdef(oid) INTO def FROM pg_constraint WHERE conname = 'revisions_entity_check';
  ALTER TABLE revisions DROP CONSTRAINT revisions_entity_check;
  EXECUTE 'ALTER TABLE revisions ADD CONSTRAINT revisions_entity_check ' || replace(def, 'ARRAY[', 'ARRAY[''metric''::text, ');
END $$;
-- +goose StatementEnd

-- +goose Down
DELETE FROM revisions WHERE entity = 'metric';
-- +goose StatementBegin
DO $$
DECLARE def text;
BEGIN
  SELECT pg_get_constraintdef(oid) INTO def FROM pg_constraint WHERE conname = 'revisions_entity_check';
  ALTER TABLE revisions DROP CONSTRAINT revisions_entity_check;
  EXECUTE 'ALTER TABLE revisions ADD CONSTRAINT revisions_entity_check ' || replace(def, '''metric''::text, ', '');
END $$;
-- +goose StatementEnd
DROP TRIGGER metrics_listed_update ON figures;
DROP TRIGGER metrics_listed_insert ON figures;
DROP FUNCTION metrics_listed();
DROP TABLE metrics;
