package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// publicEvent holds when event e is published, public and on a public
// timeline. Written this way, the planner starts from the events_public
// index, so drafts and internal events cost nothing.
const publicEvent = `e.status = 'published' AND e.visibility = 'public'
  AND EXISTS (SELECT 1 FROM timeline_events te JOIN timelines t ON t.id = te.timeline_id
              WHERE te.event_id = e.id AND t.visibility = 'public')`

// publicSourceUses selects (event_id, source_id) for every citation and
// figure of a public event: a non-confidential source used there is public.
// The sitemap states the same rule for a range of sources (publicSourcesIn,
// sitemap.go); the sitemap tests check that a source is listed exactly
// when its page answers.
const publicSourceUses = `
SELECT u.event_id, u.source_id
FROM events e
JOIN (SELECT event_id, source_id FROM event_sources UNION ALL SELECT event_id, source_id FROM figures) u
  ON u.event_id = e.id
WHERE ` + publicEvent

// PublicSource loads source id for its public page. A confidential source,
// and a source no published public event cites (one only drafts use, whose
// title could tell of an incident not yet published), is not found, with
// the same answer as a source that does not exist.
func (s *Store) PublicSource(ctx context.Context, id int64) (timeline.PublicSource, error) {
	var out timeline.PublicSource
	notFound := timeline.Errorf(timeline.ENOTFOUND, "There is no public source %d.", id)
	var scan sourceScan
	err := s.read.QueryRow(ctx, `SELECT `+sourceColumns+` FROM sources s WHERE s.id = $1`, id).Scan(scan.dest()...)
	if errors.Is(err, pgx.ErrNoRows) {
		return out, notFound
	}
	if err != nil {
		return out, fmt.Errorf("load source %d: %w", id, err)
	}
	out.Source = scan.source()
	if out.Source.Confidential {
		return out, notFound
	}
	rows, err := s.read.Query(ctx, `SELECT DISTINCT p.event_id FROM (`+publicSourceUses+`) p WHERE p.source_id = $1`, id)
	if err != nil {
		return out, fmt.Errorf("find events citing source %d: %w", id, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return out, fmt.Errorf("read events citing source %d: %w", id, err)
	}
	if len(ids) == 0 {
		return out, notFound
	}
	events, err := loadEvents(ctx, s.read, eventQuery{ids: ids, publicOnly: true})
	if err != nil {
		return out, fmt.Errorf("load events citing source %d: %w", id, err)
	}
	homes, err := publicHomes(ctx, s.read, ids, 0)
	if err != nil {
		return out, err
	}
	for _, e := range events {
		home, ok := homes[e.ID]
		if !ok {
			continue
		}
		home.Event = e
		c := timeline.SourceCitation{SearchHit: home}
		for _, cit := range e.Citations {
			if cit.Source.ID == id {
				c.Locator, c.Note = cit.Locator, cit.Note
				break
			}
		}
		out.Citing = append(out.Citing, c)
	}
	return out, nil
}
