package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// citationNumbersSQL numbers the sources of the public timeline @timeline
// (its id) in the order a reader first meets them in the whole timeline:
// events in timeline order (eventsSQL's ORDER BY), and within an event its
// citations in position order, then its figures' sources. Only published
// and retracted public events count (a retracted event keeps its permalink
// and its sources their numbers), so drafts, internal events and pending
// edits (event_drafts) never move a public number; a window, a filter or an
// event page only shows some of these numbers, never others.
const citationNumbersSQL = `WITH ` + citationNumbersCTE + `
SELECT source_id, n FROM cn_num`

// citationNumbersCTE is citationNumbersSQL's common table expressions, for
// the fingerprint of an event page too: the page shows these numbers. Each
// citation gets a key that sorts as the page shows it (the event's place
// in timeline order, then citations before figures, by position); a
// source's first citation is its least key, found by hashing rather than
// by sorting every citation.
const citationNumbersCTE = `
cn_ev AS (
  SELECT e.id, (e.start_date - date '2000-01-01')::bigint AS day,
         array_position(ARRAY['year', 'month', 'day'], e.start_precision::text)::bigint AS precision,
         coalesce(extract(epoch FROM e.start_time)::bigint, -1) AS secs
  FROM timelines t JOIN timeline_events te ON te.timeline_id = t.id JOIN events e ON e.id = te.event_id
  WHERE t.slug = @slug AND t.visibility = 'public' AND e.visibility = 'public'
    AND e.status IN ('published', 'retracted')
), cn_first AS (
  SELECT source_id, min(k) AS k FROM (
    SELECT es.source_id, ARRAY[cn_ev.day, cn_ev.precision, cn_ev.secs, cn_ev.id, 0, es.position, 0] AS k
    FROM cn_ev JOIN event_sources es ON es.event_id = cn_ev.id
    UNION ALL
    SELECT f.source_id, ARRAY[cn_ev.day, cn_ev.precision, cn_ev.secs, cn_ev.id, 1, f.position, f.id]
    FROM cn_ev JOIN figures f ON f.event_id = cn_ev.id
  ) cited
  GROUP BY source_id
), cn_num AS (
  SELECT source_id, row_number() OVER (ORDER BY k) AS n FROM cn_first
)`

// CitationNumbers returns the number of every source cited on the public
// timeline slug (source id -> number, from 1), the same on every public
// page of the timeline whatever it shows. An unknown or internal timeline
// has no numbers (its pages are not found anyway).
func (s *Store) CitationNumbers(ctx context.Context, slug string) (map[int64]int, error) {
	rows, err := s.read.Query(ctx, citationNumbersSQL, pgx.NamedArgs{"slug": slug})
	if err != nil {
		return nil, fmt.Errorf("number the sources of %q: %w", slug, err)
	}
	defer rows.Close()
	numbers := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("read a source number of %q: %w", slug, err)
		}
		numbers[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("number the sources of %q: %w", slug, err)
	}
	return numbers, nil
}
