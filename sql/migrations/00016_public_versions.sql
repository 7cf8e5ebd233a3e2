-- +goose Up
-- What the public sees of each timeline, kept at write time (issue 16):
-- a public version bumped once by every committed transaction that changed
-- something a public page of the timeline shows, and what its pages would
-- otherwise compute over every event on every read: its counts, its
-- overview's counts per month and category, its actors, and the numbers of
-- its sources. Reads cost what the page shows, not what the database holds.
--
-- The version is bumped only by changes the public can see (a published or
-- retracted public event, its citations, figures, actors and published
-- translations; the timeline row; a cited source as the public sees it; a
-- category, actor or place in use; settings), never by staff work on
-- drafts, pending edits, reviews or translations waiting for review, so a
-- page's ETag (built from it) says nothing about what staff are doing.
CREATE TABLE timeline_versions (
  timeline_id   bigint PRIMARY KEY REFERENCES timelines (id) ON DELETE CASCADE,
  version       bigint NOT NULL DEFAULT 1,
  changed_at    timestamptz NOT NULL DEFAULT now(),
  -- Its published, public events: how many, the first and last start.
  event_count   integer NOT NULL DEFAULT 0,
  first_date    date,
  last_date     date,
  -- How many sources carry a number (citation_numbers).
  source_count  integer NOT NULL DEFAULT 0,
  -- The longest span of one of those events in days (last_day minus
  -- start): an event ending on or after a day D starts on or after
  -- D - max_span, which lets a date filter start its walk there.
  max_span      integer NOT NULL DEFAULT 0
);

-- The overview's bars and the category facet: published, public events by
-- the year and month they start in (month 0: known only to the year).
CREATE TABLE timeline_period_counts (
  timeline_id  bigint NOT NULL REFERENCES timelines (id) ON DELETE CASCADE,
  year         integer NOT NULL,
  month        integer NOT NULL,
  category_id  bigint NOT NULL,
  count        integer NOT NULL,
  PRIMARY KEY (timeline_id, year, month, category_id)
);

-- The charts: figures of published, public events by metric, the
-- event's category and the year and month it starts in (as above).
CREATE TABLE timeline_metric_counts (
  timeline_id  bigint NOT NULL REFERENCES timelines (id) ON DELETE CASCADE,
  year         integer NOT NULL,
  month        integer NOT NULL,
  category_id  bigint NOT NULL,
  metric       text NOT NULL,
  count        integer NOT NULL,
  PRIMARY KEY (timeline_id, year, month, category_id, metric)
);

-- The map: published, public events by place and category.
CREATE TABLE timeline_place_counts (
  timeline_id  bigint NOT NULL REFERENCES timelines (id) ON DELETE CASCADE,
  place_id     bigint NOT NULL,
  category_id  bigint NOT NULL,
  count        integer NOT NULL,
  PRIMARY KEY (timeline_id, place_id, category_id)
);

-- The actor facet: actors of published, public events.
CREATE TABLE timeline_actor_counts (
  timeline_id  bigint NOT NULL REFERENCES timelines (id) ON DELETE CASCADE,
  actor_id     bigint NOT NULL,
  count        integer NOT NULL,
  PRIMARY KEY (timeline_id, actor_id)
);

-- A source's number on a timeline: its order of first citation over the
-- whole timeline (events in timeline order; within an event its citations
-- by position, then its figures' sources). Published and retracted public
-- events count (a retracted event keeps its permalink), so drafts, internal
-- events and pending edits never move a public number.
CREATE TABLE citation_numbers (
  timeline_id  bigint NOT NULL REFERENCES timelines (id) ON DELETE CASCADE,
  source_id    bigint NOT NULL,
  n            integer NOT NULL,
  PRIMARY KEY (timeline_id, source_id)
);

-- One row per writing transaction and timeline while it runs, so the
-- timeline's state is refreshed once, at commit, whatever the number of
-- statements (the pattern of data_version_marks, migration 00014).
CREATE TABLE timeline_version_marks (
  txid         bigint NOT NULL,
  timeline_id  bigint NOT NULL,
  PRIMARY KEY (txid, timeline_id)
);

-- Timeline order (internal/postgres/event_load.go's ORDER BY): a window is
-- the next 50 entries of this index from its cursor, not a sort of every
-- event of the timeline.
CREATE INDEX events_timeline_order ON events (start_date,
  array_position(ARRAY['year', 'month', 'day'], start_precision::text),
  coalesce(extract(epoch FROM start_time)::int, -1), id);

-- +goose StatementBegin
CREATE FUNCTION event_shown(status text, visibility text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT status IN ('published', 'retracted') AND visibility = 'public'
$$;
-- +goose StatementEnd

-- refresh_timeline_state recomputes what timeline_versions and its
-- companions keep for timeline tl and bumps its version.
-- +goose StatementBegin
CREATE FUNCTION refresh_timeline_state(tl bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM timelines WHERE id = tl) THEN
    RETURN; -- deleted in the same transaction
  END IF;
  DELETE FROM timeline_period_counts WHERE timeline_id = tl;
  INSERT INTO timeline_period_counts (timeline_id, year, month, category_id, count)
  SELECT tl, extract(year FROM e.start_date)::int,
         CASE WHEN e.start_precision = 'year' THEN 0 ELSE extract(month FROM e.start_date)::int END,
         e.category_id, count(*)
  FROM timeline_events te JOIN events e ON e.id = te.event_id
  WHERE te.timeline_id = tl AND e.status = 'published' AND e.visibility = 'public'
  GROUP BY 2, 3, 4;

  DELETE FROM timeline_metric_counts WHERE timeline_id = tl;
  INSERT INTO timeline_metric_counts (timeline_id, year, month, category_id, metric, count)
  SELECT tl, extract(year FROM e.start_date)::int,
         CASE WHEN e.start_precision = 'year' THEN 0 ELSE extract(month FROM e.start_date)::int END,
         e.category_id, f.metric, count(*)
  FROM timeline_events te JOIN events e ON e.id = te.event_id JOIN figures f ON f.event_id = e.id
  WHERE te.timeline_id = tl AND e.status = 'published' AND e.visibility = 'public'
  GROUP BY 2, 3, 4, 5;

  DELETE FROM timeline_place_counts WHERE timeline_id = tl;
  INSERT INTO timeline_place_counts (timeline_id, place_id, category_id, count)
  SELECT tl, e.place_id, e.category_id, count(*)
  FROM timeline_events te JOIN events e ON e.id = te.event_id
  WHERE te.timeline_id = tl AND e.status = 'published' AND e.visibility = 'public' AND e.place_id IS NOT NULL
  GROUP BY 2, 3;

  DELETE FROM timeline_actor_counts WHERE timeline_id = tl;
  INSERT INTO timeline_actor_counts (timeline_id, actor_id, count)
  SELECT tl, ea.actor_id, count(DISTINCT e.id)
  FROM timeline_events te JOIN events e ON e.id = te.event_id JOIN event_actors ea ON ea.event_id = e.id
  WHERE te.timeline_id = tl AND e.status = 'published' AND e.visibility = 'public'
  GROUP BY ea.actor_id;

  -- A source's first citation is its least key, found by hashing rather
  -- than by sorting every citation.
  DELETE FROM citation_numbers WHERE timeline_id = tl;
  INSERT INTO citation_numbers (timeline_id, source_id, n)
  WITH ev AS (
    SELECT e.id, e.start_date, array_position(ARRAY['year', 'month', 'day'], e.start_precision::text) AS precision,
           coalesce(extract(epoch FROM e.start_time)::int, -1) AS secs
    FROM timeline_events te JOIN events e ON e.id = te.event_id
    WHERE te.timeline_id = tl AND e.visibility = 'public' AND e.status IN ('published', 'retracted')
  ), cited AS (
    SELECT es.source_id, ev.start_date, ev.precision, ev.secs, ev.id, 0 AS kind, es.position, 0::bigint AS figure
    FROM ev JOIN event_sources es ON es.event_id = ev.id
    UNION ALL
    SELECT f.source_id, ev.start_date, ev.precision, ev.secs, ev.id, 1, f.position, f.id
    FROM ev JOIN figures f ON f.event_id = ev.id
  ), first AS (
    SELECT DISTINCT ON (source_id) * FROM cited
    ORDER BY source_id, start_date, precision, secs, id, kind, position, figure
  )
  SELECT tl, source_id, row_number() OVER (ORDER BY start_date, precision, secs, id, kind, position, figure)
  FROM first;

  INSERT INTO timeline_versions AS v (timeline_id, version, changed_at, event_count, first_date, last_date,
                                     source_count, max_span)
  SELECT tl, 1, now(), count(*), min(e.start_date), max(e.start_date),
         (SELECT count(*) FROM citation_numbers WHERE timeline_id = tl),
         coalesce(max(e.last_day - e.start_date), 0)
  FROM timeline_events te JOIN events e ON e.id = te.event_id
  WHERE te.timeline_id = tl AND e.status = 'published' AND e.visibility = 'public'
  ON CONFLICT (timeline_id) DO UPDATE
    SET version = v.version + 1, changed_at = excluded.changed_at, event_count = excluded.event_count,
        first_date = excluded.first_date, last_date = excluded.last_date, source_count = excluded.source_count,
        max_span = excluded.max_span;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION timeline_version_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM timeline_version_marks WHERE txid = NEW.txid AND timeline_id = NEW.timeline_id;
  PERFORM refresh_timeline_state(NEW.timeline_id);
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- Deferred: at commit, once per timeline, after every other statement.
CREATE CONSTRAINT TRIGGER timeline_version_bump AFTER INSERT ON timeline_version_marks
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION timeline_version_bump();

-- What the public sees of an event row; version, created_by and the like
-- change with staff work and are left out.
-- +goose StatementBegin
CREATE FUNCTION events_public_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT DISTINCT txid_current(), te.timeline_id
    FROM o JOIN n ON n.id = o.id JOIN timeline_events te ON te.event_id = n.id
    WHERE (event_shown(o.status, o.visibility) OR event_shown(n.status, n.visibility))
      AND ROW(o.slug, o.title, o.summary, o.start_date, o.start_precision, o.end_date, o.end_precision,
              o.start_time, o.end_time, o.category_id, o.place_id, o.status, o.visibility, o.created_at, o.updated_at)
          IS DISTINCT FROM
          ROW(n.slug, n.title, n.summary, n.start_date, n.start_precision, n.end_date, n.end_precision,
              n.start_time, n.end_time, n.category_id, n.place_id, n.status, n.visibility, n.created_at, n.updated_at)
    ON CONFLICT DO NOTHING;
  ELSE -- INSERT: shown at once (imports); its timelines join later, which marks them too
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT DISTINCT txid_current(), te.timeline_id
    FROM n JOIN timeline_events te ON te.event_id = n.id
    WHERE event_shown(n.status, n.visibility)
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- Before a delete, while the event still has its timelines.
-- +goose StatementBegin
CREATE FUNCTION event_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF event_shown(OLD.status, OLD.visibility) THEN
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT txid_current(), te.timeline_id FROM timeline_events te WHERE te.event_id = OLD.id
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN OLD;
END
$$;
-- +goose StatementEnd

-- Rows belonging to an event (event_id): timeline membership, actors,
-- citations, figures. Only those of shown events count; the rows of a
-- deleted event go with it (event_deleted marked its timelines).
-- +goose StatementBegin
CREATE FUNCTION event_rows_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT DISTINCT txid_current(), te.timeline_id
    FROM n JOIN events e ON e.id = n.event_id JOIN timeline_events te ON te.event_id = e.id
    WHERE event_shown(e.status, e.visibility)
    ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT DISTINCT txid_current(), te.timeline_id
    FROM o JOIN events e ON e.id = o.event_id JOIN timeline_events te ON te.event_id = e.id
    WHERE event_shown(e.status, e.visibility)
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- Timeline membership: the timeline itself is on the row.
-- +goose StatementBegin
CREATE FUNCTION timeline_events_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT DISTINCT txid_current(), n.timeline_id FROM n JOIN events e ON e.id = n.event_id
    WHERE event_shown(e.status, e.visibility)
    ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT DISTINCT txid_current(), o.timeline_id FROM o JOIN events e ON e.id = o.event_id
    WHERE event_shown(e.status, e.visibility)
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- Published translations of events; a text waiting for review shows
-- nowhere.
-- +goose StatementBegin
CREATE FUNCTION event_translations_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT DISTINCT txid_current(), te.timeline_id
    FROM n JOIN events e ON e.id = n.event_id JOIN timeline_events te ON te.event_id = e.id
    WHERE event_shown(e.status, e.visibility) AND n.published_title IS NOT NULL
    ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT DISTINCT txid_current(), te.timeline_id
    FROM o JOIN n ON n.event_id = o.event_id AND n.lang = o.lang
    JOIN events e ON e.id = n.event_id JOIN timeline_events te ON te.event_id = e.id
    WHERE event_shown(e.status, e.visibility)
      AND ROW(o.published_title, o.published_summary, o.published_at)
          IS DISTINCT FROM ROW(n.published_title, n.published_summary, n.published_at)
    ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT DISTINCT txid_current(), te.timeline_id
    FROM o JOIN events e ON e.id = o.event_id JOIN timeline_events te ON te.event_id = e.id
    WHERE event_shown(e.status, e.visibility) AND o.published_title IS NOT NULL
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION timeline_translations_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT DISTINCT txid_current(), n.timeline_id FROM n WHERE n.published_title IS NOT NULL
    ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT DISTINCT txid_current(), n.timeline_id FROM o JOIN n ON n.timeline_id = o.timeline_id AND n.lang = o.lang
    WHERE ROW(o.published_title, o.published_summary, o.published_at)
          IS DISTINCT FROM ROW(n.published_title, n.published_summary, n.published_at)
    ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT DISTINCT txid_current(), o.timeline_id FROM o WHERE o.published_title IS NOT NULL
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- The timeline row: what its pages and the home page show of it. A new
-- timeline gets its state at once, so every public timeline has one.
-- +goose StatementBegin
CREATE FUNCTION timelines_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT txid_current(), n.id FROM n
    ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT txid_current(), n.id FROM o JOIN n ON n.id = o.id
    WHERE ROW(o.slug, o.title, o.summary, o.language, o.visibility, o.updated_at)
          IS DISTINCT FROM ROW(n.slug, n.title, n.summary, n.language, n.visibility, n.updated_at)
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- A source as the public sees it (a confidential one only as being there),
-- for the timelines of the shown events that cite it.
-- +goose StatementBegin
CREATE FUNCTION sources_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH changed AS (
    SELECT n.id FROM o JOIN n ON n.id = o.id
    WHERE CASE WHEN o.confidential THEN ROW(true)::text
               ELSE ROW(o.url, o.title, o.publisher, o.published_date, o.published_precision, o.accessed_at,
                        o.archive_url, o.sha256, o.kind, o.language, o.updated_at)::text END
          IS DISTINCT FROM
          CASE WHEN n.confidential THEN ROW(true)::text
               ELSE ROW(n.url, n.title, n.publisher, n.published_date, n.published_precision, n.accessed_at,
                        n.archive_url, n.sha256, n.kind, n.language, n.updated_at)::text END
  ), citing AS (
    SELECT es.event_id FROM changed JOIN event_sources es ON es.source_id = changed.id
    UNION
    SELECT f.event_id FROM changed JOIN figures f ON f.source_id = changed.id
  )
  INSERT INTO timeline_version_marks (txid, timeline_id)
  SELECT DISTINCT txid_current(), te.timeline_id
  FROM citing JOIN events e ON e.id = citing.event_id JOIN timeline_events te ON te.event_id = e.id
  WHERE event_shown(e.status, e.visibility)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- Categories, actors and places: their names show wherever they are used.
-- +goose StatementBegin
CREATE FUNCTION catalogue_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'categories' THEN
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT DISTINCT txid_current(), te.timeline_id
    FROM o JOIN events e ON e.category_id = o.id JOIN timeline_events te ON te.event_id = e.id
    WHERE event_shown(e.status, e.visibility)
    ON CONFLICT DO NOTHING;
  ELSIF TG_TABLE_NAME = 'places' THEN
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT DISTINCT txid_current(), te.timeline_id
    FROM o JOIN events e ON e.place_id = o.id JOIN timeline_events te ON te.event_id = e.id
    WHERE event_shown(e.status, e.visibility)
    ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO timeline_version_marks (txid, timeline_id)
    SELECT DISTINCT txid_current(), te.timeline_id
    FROM o JOIN event_actors ea ON ea.actor_id = o.id JOIN events e ON e.id = ea.event_id
    JOIN timeline_events te ON te.event_id = e.id
    WHERE event_shown(e.status, e.visibility)
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- Settings show on every page.
-- +goose StatementBegin
CREATE FUNCTION settings_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO timeline_version_marks (txid, timeline_id)
  SELECT txid_current(), id FROM timelines
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER public_insert AFTER INSERT ON events REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION events_public_changed();
CREATE TRIGGER public_update AFTER UPDATE ON events REFERENCING OLD TABLE AS o NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION events_public_changed();
CREATE TRIGGER public_delete BEFORE DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION event_deleted();

CREATE TRIGGER public_insert AFTER INSERT ON timeline_events REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION timeline_events_changed();
CREATE TRIGGER public_delete AFTER DELETE ON timeline_events REFERENCING OLD TABLE AS o
  FOR EACH STATEMENT EXECUTE FUNCTION timeline_events_changed();

CREATE TRIGGER public_insert AFTER INSERT ON event_actors REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION event_rows_changed();
CREATE TRIGGER public_update AFTER UPDATE ON event_actors REFERENCING OLD TABLE AS o NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION event_rows_changed();
CREATE TRIGGER public_delete AFTER DELETE ON event_actors REFERENCING OLD TABLE AS o
  FOR EACH STATEMENT EXECUTE FUNCTION event_rows_changed();

CREATE TRIGGER public_insert AFTER INSERT ON event_sources REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION event_rows_changed();
CREATE TRIGGER public_update AFTER UPDATE ON event_sources REFERENCING OLD TABLE AS o NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION event_rows_changed();
CREATE TRIGGER public_delete AFTER DELETE ON event_sources REFERENCING OLD TABLE AS o
  FOR EACH STATEMENT EXECUTE FUNCTION event_rows_changed();

CREATE TRIGGER public_insert AFTER INSERT ON figures REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION event_rows_changed();
CREATE TRIGGER public_update AFTER UPDATE ON figures REFERENCING OLD TABLE AS o NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION event_rows_changed();
CREATE TRIGGER public_delete AFTER DELETE ON figures REFERENCING OLD TABLE AS o
  FOR EACH STATEMENT EXECUTE FUNCTION event_rows_changed();

CREATE TRIGGER public_insert AFTER INSERT ON event_translations REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION event_translations_changed();
CREATE TRIGGER public_update AFTER UPDATE ON event_translations REFERENCING OLD TABLE AS o NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION event_translations_changed();
CREATE TRIGGER public_delete AFTER DELETE ON event_translations REFERENCING OLD TABLE AS o
  FOR EACH STATEMENT EXECUTE FUNCTION event_translations_changed();

CREATE TRIGGER public_insert AFTER INSERT ON timeline_translations REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION timeline_translations_changed();
CREATE TRIGGER public_update AFTER UPDATE ON timeline_translations REFERENCING OLD TABLE AS o NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION timeline_translations_changed();
CREATE TRIGGER public_delete AFTER DELETE ON timeline_translations REFERENCING OLD TABLE AS o
  FOR EACH STATEMENT EXECUTE FUNCTION timeline_translations_changed();

CREATE TRIGGER public_insert AFTER INSERT ON timelines REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION timelines_changed();
CREATE TRIGGER public_update AFTER UPDATE ON timelines REFERENCING OLD TABLE AS o NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION timelines_changed();

CREATE TRIGGER public_update AFTER UPDATE ON sources REFERENCING OLD TABLE AS o NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION sources_changed();

CREATE TRIGGER public_update AFTER UPDATE ON categories REFERENCING OLD TABLE AS o NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_changed();
CREATE TRIGGER public_update AFTER UPDATE ON actors REFERENCING OLD TABLE AS o NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_changed();
CREATE TRIGGER public_update AFTER UPDATE ON places REFERENCING OLD TABLE AS o NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_changed();

CREATE TRIGGER public_change AFTER INSERT OR UPDATE OR DELETE ON settings
  FOR EACH STATEMENT EXECUTE FUNCTION settings_changed();

-- Every existing timeline gets its state now.
SELECT refresh_timeline_state(id) FROM timelines;

-- +goose Down
DROP TRIGGER public_change ON settings;
DROP TRIGGER public_update ON places;
DROP TRIGGER public_update ON actors;
DROP TRIGGER public_update ON categories;
DROP TRIGGER public_update ON sources;
DROP TRIGGER public_update ON timelines;
DROP TRIGGER public_insert ON timelines;
DROP TRIGGER public_delete ON timeline_translations;
DROP TRIGGER public_update ON timeline_translations;
DROP TRIGGER public_insert ON timeline_translations;
DROP TRIGGER public_delete ON event_translations;
DROP TRIGGER public_update ON event_translations;
DROP TRIGGER public_insert ON event_translations;
DROP TRIGGER public_delete ON figures;
DROP TRIGGER public_update ON figures;
DROP TRIGGER public_insert ON figures;
DROP TRIGGER public_delete ON event_sources;
DROP TRIGGER public_update ON event_sources;
DROP TRIGGER public_insert ON event_sources;
DROP TRIGGER public_delete ON event_actors;
DROP TRIGGER public_update ON event_actors;
DROP TRIGGER public_insert ON event_actors;
DROP TRIGGER public_delete ON timeline_events;
DROP TRIGGER public_insert ON timeline_events;
DROP TRIGGER public_delete ON events;
DROP TRIGGER public_update ON events;
DROP TRIGGER public_insert ON events;
DROP INDEX events_timeline_order;
DROP TABLE timeline_version_marks, citation_numbers, timeline_actor_counts, timeline_place_counts, timeline_metric_counts, timeline_period_counts, timeline_versions;
DROP FUNCTION settings_changed(), catalogue_changed(), sources_changed(), timelines_changed(),
  timeline_translations_changed(), event_translations_changed(), timeline_events_changed(),
  event_rows_changed(), event_deleted(), events_public_changed(), timeline_version_bump(),
  refresh_timeline_state(bigint), event_shown(text, text);
