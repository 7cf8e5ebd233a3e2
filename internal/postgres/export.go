package postgres

import (
	"context"
	"fmt"
	"slices"

	"annals/internal/timeline"
)

// ExportTimeline reads a whole timeline as a Document, events oldest first,
// with the categories and actors its events use in the order they first
// appear. With publicOnly (every export a reader can reach) an internal
// timeline is ENOTFOUND, only published public events are included and
// confidential sources are blanked; without it (the operator's `annals
// export`) everything is included.
func (s *Store) ExportTimeline(ctx context.Context, slug string, publicOnly bool) (timeline.Document, error) {
	var doc timeline.Document
	var err error
	if publicOnly {
		doc.Timeline, err = s.publicTimeline(ctx, slug)
	} else {
		doc.Timeline, err = s.anyTimeline(ctx, slug)
	}
	if err != nil {
		return doc, err
	}
	db := s.pool
	if publicOnly {
		db = s.read
	}
	doc.Events, err = loadEvents(ctx, db, eventQuery{timelineID: doc.Timeline.ID, publicOnly: publicOnly})
	if err != nil {
		return doc, fmt.Errorf("export timeline %q: %w", slug, err)
	}
	if doc.Eras, err = loadEras(ctx, db, doc.Timeline.ID); err != nil {
		return doc, fmt.Errorf("export timeline %q: %w", slug, err)
	}
	seenCat, seenActor := map[string]bool{}, map[string]bool{}
	for _, e := range doc.Events {
		if !seenCat[e.Category.Slug] {
			seenCat[e.Category.Slug] = true
			doc.Categories = append(doc.Categories, e.Category)
		}
		for _, a := range e.Actors {
			if !seenActor[a.Actor.Slug] {
				seenActor[a.Actor.Slug] = true
				doc.Actors = append(doc.Actors, a.Actor)
			}
		}
	}
	return doc, nil
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

func (s *Store) anyTimeline(ctx context.Context, slug string) (timeline.Timeline, error) {
	var t timeline.Timeline
	err := s.pool.QueryRow(ctx, `
SELECT id, slug, title, summary, language, visibility, updated_at, coalesce(summary_html, '') FROM timelines WHERE slug = $1`, slug).
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
