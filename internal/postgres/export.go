package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"slices"

	"annals/internal/timeline"
)

// exportBatch is how many events an export holds in memory at once.
const exportBatch = 2000

// ExportTimeline returns a timeline with its events for export: with
// publicOnly, only what the public sees (a public timeline, its published,
// public events) and confidential sources are blanked; without it (the
// operator's `annals export`) everything is included. It holds every
// event: ExportTimelineStream is the same export, a batch at a time.
func (s *Store) ExportTimeline(ctx context.Context, slug string, publicOnly bool) (timeline.Document, error) {
	var out timeline.Document
	err := s.ExportTimelineStream(ctx, slug, publicOnly, func(doc timeline.Document, events timeline.EventSeq) error {
		out = doc
		out.ChainHead = nil // the operator's export states no head (its round trip is byte-identical)
		return events(func(e timeline.Event) error {
			out.Events = append(out.Events, e)
			return nil
		})
	})
	return out, err
}

// ExportTimelineStream reads a timeline for export (see ExportTimeline) and
// calls write with the document without its events (its categories and
// actors listed in the order the events first use them, and the chain head
// of the same snapshot, so it covers every change the export shows) and a sequence
// that walks the events in timeline order, exportBatch at a time. write
// may walk the sequence more than once: everything is read in one
// repeatable-read snapshot, so every walk sees the same events. Memory
// stays bounded whatever the timeline's size.
func (s *Store) ExportTimelineStream(ctx context.Context, slug string, publicOnly bool,
	write func(doc timeline.Document, events timeline.EventSeq) error) error {
	db := s.pool
	if publicOnly {
		db = s.read
	}
	tx, err := db.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return fmt.Errorf("export timeline %q: %w", slug, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	var doc timeline.Document
	if doc.Timeline, err = timelineRow(ctx, tx, slug, publicOnly); err != nil {
		return err
	}
	if doc.Eras, err = loadEras(ctx, tx, doc.Timeline.ID); err != nil {
		return fmt.Errorf("export timeline %q: %w", slug, err)
	}
	head, err := readChainHead(ctx, tx)
	if err != nil {
		return err
	}
	doc.ChainHead = &head
	if doc.Categories, doc.Actors, err = exportCatalogue(ctx, tx, doc.Timeline.ID, publicOnly); err != nil {
		return fmt.Errorf("export timeline %q: %w", slug, err)
	}
	events := walkEvents(ctx, tx, eventQuery{timelineID: doc.Timeline.ID, publicOnly: publicOnly}, slug)
	return write(doc, events)
}

// walkEvents is the sequence of the events q selects, in timeline order,
// read exportBatch at a time from db (a snapshot's transaction).
func walkEvents(ctx context.Context, db querier, q eventQuery, slug string) timeline.EventSeq {
	q.limit = exportBatch
	return func(yield func(timeline.Event) error) error {
		q := q // each walk starts at the beginning
		for {
			batch, err := loadEvents(ctx, db, q)
			if err != nil {
				return fmt.Errorf("read the events of %q: %w", slug, err)
			}
			for _, e := range batch {
				if err := yield(e); err != nil {
					return err
				}
			}
			if len(batch) < exportBatch {
				return nil
			}
			if q.after, err = parseCursor(cursorOf(batch[len(batch)-1])); err != nil {
				return err
			}
		}
	}
}

// exportCatalogue lists the categories and the actors of a timeline's
// events (published, public ones with publicOnly) in the order a reader of
// the events meets them: events in timeline order, an event's actors by
// position.
func exportCatalogue(ctx context.Context, db querier, timelineID int64, publicOnly bool) ([]timeline.Category, []timeline.Actor, error) {
	const ev = `
WITH ev AS (
  SELECT e.id, e.category_id, ARRAY[(e.start_date - date '2000-01-01')::bigint,
         array_position(ARRAY['year', 'month', 'day'], e.start_precision::text)::bigint,
         coalesce(extract(epoch FROM e.start_time)::bigint, -1), e.id] AS k
  FROM timeline_events te JOIN events e ON e.id = te.event_id
  WHERE te.timeline_id = $1 AND (NOT $2 OR (e.visibility = 'public' AND e.status = 'published'))
)`
	rows, err := db.Query(ctx, ev+`
SELECT c.slug, c.name FROM ev JOIN categories c ON c.id = ev.category_id
GROUP BY c.id ORDER BY min(ev.k)`, timelineID, publicOnly)
	if err != nil {
		return nil, nil, fmt.Errorf("list categories: %w", err)
	}
	categories, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (timeline.Category, error) {
		var c timeline.Category
		return c, r.Scan(&c.Slug, &c.Name)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("list categories: %w", err)
	}
	rows, err = db.Query(ctx, ev+`
SELECT a.slug, a.name, a.kind, a.note FROM ev JOIN event_actors ea ON ea.event_id = ev.id JOIN actors a ON a.id = ea.actor_id
GROUP BY a.id ORDER BY min(ev.k || ea.position::bigint)`, timelineID, publicOnly)
	if err != nil {
		return nil, nil, fmt.Errorf("list actors: %w", err)
	}
	actors, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (timeline.Actor, error) {
		var a timeline.Actor
		return a, r.Scan(&a.Slug, &a.Name, &a.Kind, &a.Note)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("list actors: %w", err)
	}
	return categories, actors, nil
}

// TimelineSlugs lists every timeline's slug, for exporting them all.
func (s *Store) TimelineSlugs(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT slug FROM timelines ORDER BY slug`)
	if err != nil {
		return nil, fmt.Errorf("list timelines: %w", err)
	}
	var out []string
	for rows.Next() {
		var slug string
		if err := rows.Scan(&slug); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read timeline: %w", err)
		}
		out = append(out, slug)
	}
	return out, rows.Err()
}

// anyTimeline loads a timeline whatever its visibility (staff and the
// operator's export).
func (s *Store) anyTimeline(ctx context.Context, slug string) (timeline.Timeline, error) {
	return timelineRow(ctx, s.pool, slug, false)
}

// timelineRow loads the timeline slug from db; with publicOnly, only a
// public one.
func timelineRow(ctx context.Context, db querier, slug string, publicOnly bool) (timeline.Timeline, error) {
	var t timeline.Timeline
	err := db.QueryRow(ctx, `
SELECT id, slug, title, summary, language, visibility, updated_at, coalesce(summary_html, '')
FROM timelines WHERE slug = $1 AND (NOT $2 OR visibility = 'public')`, slug, publicOnly).
		Scan(&t.ID, &t.Slug, &t.Title, &t.Summary, &t.Language, &t.Visibility, &t.UpdatedAt, &t.SummaryHTML)
	if err != nil {
		return t, notFound(fmt.Errorf("load timeline %q: %w", slug, err), "There is no timeline %q.", slug)
	}
	return t, nil
}

// FeedEntries returns a public timeline's published, public events for its
// feed: the limit most recently changed first.
func (s *Store) FeedEntries(ctx context.Context, slug string, limit int) (timeline.Timeline, []timeline.Event, error) {
	t, err := s.publicTimeline(ctx, slug)
	if err != nil {
		return t, nil, err
	}
	rows, err := s.read.Query(ctx, `
SELECT e.id FROM events e JOIN timeline_events te ON te.event_id = e.id
WHERE te.timeline_id = $1 AND e.status = 'published' AND e.visibility = 'public'
ORDER BY e.updated_at DESC, e.start_date DESC, e.id DESC
LIMIT $2`, t.ID, limit)
	if err != nil {
		return t, nil, fmt.Errorf("list feed of %q: %w", slug, err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return t, nil, fmt.Errorf("read feed entry: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return t, nil, fmt.Errorf("list feed of %q: %w", slug, err)
	}
	if len(ids) == 0 {
		return t, nil, nil
	}
	events, err := loadEvents(ctx, s.read, eventQuery{ids: ids, publicOnly: true})
	if err != nil {
		return t, nil, fmt.Errorf("load feed of %q: %w", slug, err)
	}
	order := map[int64]int{}
	for i, id := range ids {
		order[id] = i
	}
	slices.SortFunc(events, func(a, b timeline.Event) int { return order[a.ID] - order[b.ID] })
	return t, events, nil
}

// KnownCategories lists every category, for importers that name them.
func (s *Store) KnownCategories(ctx context.Context) ([]timeline.Category, error) {
	rows, err := s.pool.Query(ctx, `SELECT slug, name FROM categories ORDER BY slug`)
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	var out []timeline.Category
	for rows.Next() {
		var c timeline.Category
		if err := rows.Scan(&c.Slug, &c.Name); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read category: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// KnownActors lists every actor, for importers that name them.
func (s *Store) KnownActors(ctx context.Context) ([]timeline.Actor, error) {
	rows, err := s.pool.Query(ctx, `SELECT slug, name, kind, note FROM actors ORDER BY slug`)
	if err != nil {
		return nil, fmt.Errorf("list actors: %w", err)
	}
	var out []timeline.Actor
	for rows.Next() {
		var a timeline.Actor
		if err := rows.Scan(&a.Slug, &a.Name, &a.Kind, &a.Note); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read actor: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
