-- +goose Up
-- The events of each timeline that carry figures, by date: what its charts
-- draw. A date-filtered timeline page draws every figure in the range, and
-- finding them meant walking every event with a figure (or every event in
-- the range) and checking each: 20-30 ms at 100,000 events with 1,000
-- figures, where the page itself costs 10. Kept like the counts of 00016,
-- recomputed by refresh_timeline_state at the commit of any change the
-- public can see, it answers with the few rows in the range.
CREATE TABLE timeline_figure_events (
  timeline_id  bigint NOT NULL REFERENCES timelines (id) ON DELETE CASCADE,
  start_date   date NOT NULL,
  event_id     bigint NOT NULL,
  PRIMARY KEY (timeline_id, start_date, event_id)
);

-- refresh_timeline_state as in 00016, and the figure events.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION refresh_timeline_state(tl bigint) RETURNS void
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

  DELETE FROM timeline_figure_events WHERE timeline_id = tl;
  INSERT INTO timeline_figure_events (timeline_id, start_date, event_id)
  SELECT tl, e.start_date, e.id
  FROM timeline_events te JOIN events e ON e.id = te.event_id
  WHERE te.timeline_id = tl AND e.status = 'published' AND e.visibility = 'public'
    AND EXISTS (SELECT 1 FROM figures f WHERE f.event_id = e.id);

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

-- Filled here without bumping any version: the pages do not change.
INSERT INTO timeline_figure_events (timeline_id, start_date, event_id)
SELECT te.timeline_id, e.start_date, e.id
FROM timeline_events te JOIN events e ON e.id = te.event_id
WHERE e.status = 'published' AND e.visibility = 'public'
  AND EXISTS (SELECT 1 FROM figures f WHERE f.event_id = e.id);

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION refresh_timeline_state(tl bigint) RETURNS void
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
DROP TABLE timeline_figure_events;
