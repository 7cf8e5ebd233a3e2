package postgres

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// Synthetic cursor ranks: below and above every real precision (1 to 3),
// so a cursor at a period's first day sorts before all its events and one
// at its last day after them.
const (
	rankBeforeAll = 0
	rankAfterAll  = 4
)

// PublicEventWindow returns a window of the published, public events of a
// public timeline that match f (timeline.Window says which), with the
// cursors of the windows before and after it. A cursor the store did not
// give out is EINVALID, naming it.
func (s *Store) PublicEventWindow(ctx context.Context, slug string, f timeline.Filter, w timeline.Window) (timeline.EventWindow, error) {
	var out timeline.EventWindow
	q := eventQuery{publicOnly: true, filter: f, limit: w.Limit() + 1}
	// "Later" walks forward in time, "earlier" backward; a window is read
	// in the direction it grows away from its anchor, then shown in its
	// order.
	later := !w.Newest
	switch {
	case w.After != "":
		c, err := parseCursor(w.After)
		if err != nil {
			return out, err
		}
		q.after, later = c, true
	case w.Before != "":
		c, err := parseCursor(w.Before)
		if err != nil {
			return out, err
		}
		q.before, later = c, false
	case !w.At.IsZero() && !w.Newest:
		q.after = &eventCursor{date: w.At.First(), rank: rankBeforeAll, secs: -1}
	case !w.At.IsZero():
		q.before = &eventCursor{date: w.At.Last(), rank: rankAfterAll, secs: -1}
	}
	q.desc = !later
	t, err := s.publicTimeline(ctx, slug)
	if err != nil {
		return out, err
	}
	out.Timeline = t
	q.timelineID = t.ID
	shape, err := readTimelineShape(ctx, s.read, t.ID)
	if err != nil {
		return out, err
	}
	q.shape = &shape
	events, err := loadEvents(ctx, s.read, q)
	if err != nil {
		return out, fmt.Errorf("load window of %q: %w", slug, err)
	}
	more := len(events) > w.Limit()
	if more {
		events = events[:w.Limit()]
	}
	// events run away from the anchor; the cursors of the far end and of
	// the near end (or the anchor itself, for an empty window) bound the
	// neighbouring windows.
	var far, near string
	if len(events) > 0 {
		near, far = cursorOf(events[0]), cursorOf(events[len(events)-1])
	}
	if more {
		if later {
			out.Later = far
		} else {
			out.Earlier = far
		}
	}
	if !w.IsFirst() {
		anchor := q.after
		if !later {
			anchor = q.before
		}
		back := eventQuery{timelineID: t.ID, publicOnly: true, filter: f, limit: 1, desc: later, shape: q.shape}
		if near != "" {
			c, _ := parseCursor(near)
			anchor = c
		}
		if later {
			back.before = anchor
		} else {
			back.after = anchor
		}
		ok, err := eventExists(ctx, s, back)
		if err != nil {
			return out, fmt.Errorf("look behind the window of %q: %w", slug, err)
		}
		if ok {
			if later {
				out.Earlier = cursorOfPosition(anchor)
			} else {
				out.Later = cursorOfPosition(anchor)
			}
		}
	}
	if later == w.Newest {
		slices.Reverse(events)
	}
	out.Events = events
	return out, nil
}

// eventExists reports whether q selects any event, with the window's own
// query (so it agrees with it on the filter and the order) but loading
// nothing else.
func eventExists(ctx context.Context, s *Store, q eventQuery) (bool, error) {
	q.idsOnly = true
	events, err := loadEvents(ctx, s.read, q)
	return len(events) > 0, err
}

// PublicEventCounts counts the published, public events of a public
// timeline that match f, by the year and month they start in (month 0 for
// events known only to the year), oldest first: kept counts for the whole
// timeline and its categories, one GROUP BY of the matching events for
// actors, places and dates.
func (s *Store) PublicEventCounts(ctx context.Context, slug string, f timeline.Filter) ([]timeline.PeriodCount, error) {
	t, err := s.publicTimeline(ctx, slug)
	if err != nil {
		return nil, err
	}
	query := `
SELECT extract(year FROM e.start_date)::int,
       CASE WHEN e.start_precision = 'year' THEN 0 ELSE extract(month FROM e.start_date)::int END AS month,
       count(*)
FROM timeline_events te JOIN events e ON e.id = te.event_id
JOIN categories c ON c.id = e.category_id
WHERE te.timeline_id = @timeline AND e.visibility = 'public' AND e.status = 'published'
  AND ` + filterSQL + ` AND ` + publicFromSQL + `
GROUP BY 1, 2
ORDER BY 1, 2`
	if len(f.Actors) == 0 && len(f.Places) == 0 && wholeMonths(f.From) && wholeMonths(f.To) {
		// The whole timeline, some of its categories, whole months or
		// years: the counts kept at write time (migration 00016) of the
		// months the range holds (every event starting in the range is
		// in it), and the few events that start before the range and
		// last into it (bounded by the timeline's longest event).
		query = `
SELECT year, month, sum(n)::int FROM (
  SELECT pc.year, pc.month, pc.count AS n
  FROM timeline_period_counts pc JOIN categories c ON c.id = pc.category_id
  WHERE pc.timeline_id = @timeline AND (cardinality(@categories::text[]) = 0 OR c.slug = ANY(@categories))
    AND (@from::date IS NULL OR make_date(pc.year, greatest(pc.month, 1), 1) >= @from)
    AND (@to::date IS NULL OR CASE WHEN pc.month = 0 THEN make_date(pc.year, 1, 1)
                                   ELSE (make_date(pc.year, pc.month, 1) + interval '1 month' - interval '1 day')::date END <= @to)
  UNION ALL
  SELECT extract(year FROM e.start_date)::int,
         CASE WHEN e.start_precision = 'year' THEN 0 ELSE extract(month FROM e.start_date)::int END, 1
  FROM timeline_events te JOIN events e ON e.id = te.event_id
  JOIN categories c ON c.id = e.category_id
  WHERE @from::date IS NOT NULL AND te.timeline_id = @timeline AND e.visibility = 'public' AND e.status = 'published'
    AND e.start_date < @from AND ` + filterSQL + ` AND ` + publicFromSQL + `
) counted
GROUP BY 1, 2
ORDER BY 1, 2`
	}
	args := filterArgs(t.ID, f)
	if args["from_bound"], err = publicFromBound(ctx, s.read, t.ID, f); err != nil {
		return nil, err
	}
	rows, err := s.read.Query(ctx, query, args)
	if err != nil {
		return nil, fmt.Errorf("count events of %q: %w", slug, err)
	}
	defer rows.Close()
	var out []timeline.PeriodCount
	for rows.Next() {
		var p timeline.PeriodCount
		if err := rows.Scan(&p.Year, &p.Month, &p.Count); err != nil {
			return nil, fmt.Errorf("read event counts: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read event counts of %q: %w", slug, err)
	}
	return out, nil
}

// wholeMonths reports whether a filter's date is absent or covers whole
// months (a month or a year), so the months kept at write time answer it.
func wholeMonths(d timeline.FuzzyDate) bool {
	return d.IsZero() || d.Precision == timeline.PrecisionMonth || d.Precision == timeline.PrecisionYear
}

// PublicEventNeighbours returns the published, public events just before
// and after e on the public timeline slug, in date order: one keyed query
// each (only their slug, title and date are loaded).
func (s *Store) PublicEventNeighbours(ctx context.Context, slug string, e timeline.Event) (timeline.Neighbours, error) {
	var out timeline.Neighbours
	t, err := s.publicTimeline(ctx, slug)
	if err != nil {
		return out, err
	}
	at, err := parseCursor(cursorOf(e))
	if err != nil {
		return out, err
	}
	shape, err := readTimelineShape(ctx, s.read, t.ID)
	if err != nil {
		return out, err
	}
	for _, prev := range []bool{true, false} {
		q := eventQuery{timelineID: t.ID, publicOnly: true, limit: 1, idsOnly: true, desc: prev, shape: &shape}
		if prev {
			q.before = at
		} else {
			q.after = at
		}
		events, err := loadEvents(ctx, s.read, q)
		if err != nil {
			return out, fmt.Errorf("load the neighbours of %q: %w", e.Slug, err)
		}
		if len(events) == 0 {
			continue
		}
		if prev {
			out.Previous = events[0]
		} else {
			out.Next = events[0]
		}
	}
	return out, nil
}

// PublicFigureMetrics counts the figures of the published, public events
// of a public timeline that match f, by metric (in metric order): what a
// page needs to decide whether to draw its charts in place, without
// loading any event.
func (s *Store) PublicFigureMetrics(ctx context.Context, slug string, f timeline.Filter) ([]timeline.MetricCount, error) {
	t, err := s.publicTimeline(ctx, slug)
	if err != nil {
		return nil, err
	}
	// The filtered events first (a date range or an actor selects a
	// part of the timeline), then their figures.
	query := `
WITH ev AS MATERIALIZED (
  SELECT e.id
  FROM timeline_events te JOIN events e ON e.id = te.event_id
  JOIN categories c ON c.id = e.category_id
  WHERE te.timeline_id = @timeline AND e.visibility = 'public' AND e.status = 'published'
    AND ` + filterSQL + ` AND ` + publicFromSQL + `
)
SELECT fg.metric, count(*)
FROM figures fg
WHERE fg.event_id IN (SELECT id FROM ev)
GROUP BY 1
ORDER BY 1`
	if len(f.Actors) == 0 && len(f.Places) == 0 && wholeMonths(f.From) && wholeMonths(f.To) {
		// Counted at write time (migration 00016), as PublicEventCounts
		// counts events.
		query = `
SELECT metric, sum(n)::int FROM (
  SELECT mc.metric, mc.count AS n
  FROM timeline_metric_counts mc JOIN categories c ON c.id = mc.category_id
  WHERE mc.timeline_id = @timeline AND (cardinality(@categories::text[]) = 0 OR c.slug = ANY(@categories))
    AND (@from::date IS NULL OR make_date(mc.year, greatest(mc.month, 1), 1) >= @from)
    AND (@to::date IS NULL OR CASE WHEN mc.month = 0 THEN make_date(mc.year, 1, 1)
                                   ELSE (make_date(mc.year, mc.month, 1) + interval '1 month' - interval '1 day')::date END <= @to)
  UNION ALL
  SELECT fg.metric, 1
  FROM timeline_events te JOIN events e ON e.id = te.event_id
  JOIN categories c ON c.id = e.category_id JOIN figures fg ON fg.event_id = e.id
  WHERE @from::date IS NOT NULL AND te.timeline_id = @timeline AND e.visibility = 'public' AND e.status = 'published'
    AND e.start_date < @from AND ` + filterSQL + ` AND ` + publicFromSQL + `
) counted
GROUP BY 1
ORDER BY 1`
	}
	args := filterArgs(t.ID, f)
	if args["from_bound"], err = publicFromBound(ctx, s.read, t.ID, f); err != nil {
		return nil, err
	}
	rows, err := s.read.Query(ctx, query, args)
	if err != nil {
		return nil, fmt.Errorf("count the figures of %q: %w", slug, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (timeline.MetricCount, error) {
		var m timeline.MetricCount
		err := r.Scan(&m.Metric, &m.Count)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("count the figures of %q: %w", slug, err)
	}
	return out, nil
}
