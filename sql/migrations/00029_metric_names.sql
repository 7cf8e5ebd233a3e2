-- +goose Up
-- Metric names in the readers' other languages (issue 13): {"my": "...",
-- "ar": "..."}, kept by editors on /staff/metrics beside the English name.
-- A chart on a Burmese or Arabic page is titled with the name in that
-- language; without one, with the interface's own word for the metric, or
-- the English label. The column is part of the metric's record, so its
-- revisions and backups carry it.
ALTER TABLE metrics ADD COLUMN names jsonb NOT NULL DEFAULT '{}'
  CONSTRAINT metric_names_object CHECK (jsonb_typeof(names) = 'object');

-- The names show on public pages now: a write is a data change (migration
-- 00014), and a change of the names is a new public version of every
-- timeline (any timeline's charts may name the metric; names change
-- rarely), as a change of the settings is (migration 00016).
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON metrics
  FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER public_names AFTER UPDATE OF names ON metrics
  FOR EACH ROW WHEN (OLD.names IS DISTINCT FROM NEW.names) EXECUTE FUNCTION settings_changed();

-- +goose Down
DROP TRIGGER public_names ON metrics;
DROP TRIGGER data_changed ON metrics;
ALTER TABLE metrics DROP COLUMN names;
