package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// ImportResult counts what an import changed.
type ImportResult struct {
	EventsCreated, EventsUpdated, EventsUnchanged int
	SourcesCreated, SourcesUpdated                int
}

func (r ImportResult) String() string {
	return fmt.Sprintf("events: %d created, %d updated, %d unchanged; sources: %d created, %d updated",
		r.EventsCreated, r.EventsUpdated, r.EventsUnchanged, r.SourcesCreated, r.SourcesUpdated)
}

// ImportOptions say who imports and why, for the revisions.
type ImportOptions struct {
	Author string
	Reason string
}

// ImportDocument writes doc in one transaction: the timeline, categories and
// actors are upserted by slug, sources de-duplicated by URL, events upserted
// by slug and put on the timeline. A row is only written when it differs, so
// importing the same file twice changes nothing. Each created or changed
// event and source gets a revision. Events already on the timeline but
// missing from doc are left alone: an import never deletes.
func (s *Store) ImportDocument(ctx context.Context, doc timeline.Document, opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	if err := doc.Validate(); err != nil {
		return res, err
	}
	if opt.Reason == "" {
		opt.Reason = "import"
	}
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		timelineID, err := upsertTimeline(ctx, tx, doc.Timeline)
		if err != nil {
			return err
		}
		categories := map[string]int64{}
		for _, c := range doc.Categories {
			if categories[c.Slug], err = upsertCategory(ctx, tx, c); err != nil {
				return err
			}
		}
		actors := map[string]int64{}
		for _, a := range doc.Actors {
			if actors[a.Slug], err = upsertActor(ctx, tx, a); err != nil {
				return err
			}
		}
		sources := map[sourceKey]int64{}
		sourceID := func(src timeline.Source) (int64, error) {
			key := keyOf(src)
			if id, ok := sources[key]; ok {
				return id, nil
			}
			id, change, err := upsertSource(ctx, tx, src)
			if err != nil {
				return 0, err
			}
			switch change {
			case created:
				res.SourcesCreated++
			case updated:
				res.SourcesUpdated++
			}
			if change != unchanged {
				if err := recordSourceRevision(ctx, tx, id, string(change), opt); err != nil {
					return 0, err
				}
			}
			sources[key] = id
			return id, nil
		}
		for _, e := range doc.Events {
			change, err := importEvent(ctx, tx, timelineID, e, categories[e.Category.Slug], actors, sourceID, opt)
			if err != nil {
				return fmt.Errorf("import event %q: %w", e.Slug, err)
			}
			switch change {
			case created:
				res.EventsCreated++
			case updated:
				res.EventsUpdated++
			default:
				res.EventsUnchanged++
			}
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, constraintError(err)
	}
	return res, nil
}

type change string

const (
	created   change = "create"
	updated   change = "update"
	unchanged change = ""
)

func upsertTimeline(ctx context.Context, tx pgx.Tx, t timeline.Timeline) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
INSERT INTO timelines (slug, title, summary, language, visibility)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (slug) DO UPDATE SET title = excluded.title, summary = excluded.summary,
  language = excluded.language, visibility = excluded.visibility, updated_at = now()
WHERE (timelines.title, timelines.summary, timelines.language, timelines.visibility)
  IS DISTINCT FROM (excluded.title, excluded.summary, excluded.language, excluded.visibility)
RETURNING id`, t.Slug, t.Title, t.Summary, t.Language, t.Visibility).Scan(&id)
	if err == pgx.ErrNoRows {
		err = tx.QueryRow(ctx, `SELECT id FROM timelines WHERE slug = $1`, t.Slug).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("save timeline %q: %w", t.Slug, err)
	}
	return id, nil
}

func upsertCategory(ctx context.Context, tx pgx.Tx, c timeline.Category) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
INSERT INTO categories (slug, name) VALUES ($1, $2)
ON CONFLICT (slug) DO UPDATE SET name = excluded.name WHERE categories.name <> excluded.name
RETURNING id`, c.Slug, c.Name).Scan(&id)
	if err == pgx.ErrNoRows {
		err = tx.QueryRow(ctx, `SELECT id FROM categories WHERE slug = $1`, c.Slug).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("save category %q: %w", c.Slug, err)
	}
	return id, nil
}

func upsertActor(ctx context.Context, tx pgx.Tx, a timeline.Actor) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
INSERT INTO actors (slug, name, kind, note) VALUES ($1, $2, $3, $4)
ON CONFLICT (slug) DO UPDATE SET name = excluded.name, kind = excluded.kind, note = excluded.note
WHERE (actors.name, actors.kind, actors.note) IS DISTINCT FROM (excluded.name, excluded.kind, excluded.note)
RETURNING id`, a.Slug, a.Name, a.Kind, a.Note).Scan(&id)
	if err == pgx.ErrNoRows {
		err = tx.QueryRow(ctx, `SELECT id FROM actors WHERE slug = $1`, a.Slug).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("save actor %q: %w", a.Slug, err)
	}
	return id, nil
}

func placeID(ctx context.Context, tx pgx.Tx, p timeline.Place) (any, error) {
	if p.IsZero() {
		return nil, nil
	}
	var id int64
	err := tx.QueryRow(ctx, `
SELECT id FROM places
WHERE name = $1 AND country = $2 AND lat IS NOT DISTINCT FROM $3 AND lon IS NOT DISTINCT FROM $4`,
		p.Name, p.Country, p.Lat, p.Lon).Scan(&id)
	if err == pgx.ErrNoRows {
		err = tx.QueryRow(ctx, `INSERT INTO places (name, country, lat, lon) VALUES ($1, $2, $3, $4) RETURNING id`,
			p.Name, p.Country, p.Lat, p.Lon).Scan(&id)
	}
	if err != nil {
		return nil, fmt.Errorf("save place %q: %w", p.Name, err)
	}
	return id, nil
}

// sourceKey identifies a source: its URL, or for a source without one, what
// it says it is.
type sourceKey struct{ url, title, publisher, published string }

func keyOf(s timeline.Source) sourceKey {
	if s.URL != "" {
		return sourceKey{url: s.URL}
	}
	return sourceKey{title: s.Title, publisher: s.Publisher, published: s.Published.String()}
}

func upsertSource(ctx context.Context, tx pgx.Tx, s timeline.Source) (int64, change, error) {
	var id int64
	var err error
	if s.URL != "" {
		err = tx.QueryRow(ctx, `SELECT id FROM sources WHERE url = $1`, s.URL).Scan(&id)
	} else {
		err = tx.QueryRow(ctx, `
SELECT id FROM sources WHERE url = '' AND title = $1 AND publisher = $2 AND published_date IS NOT DISTINCT FROM $3`,
			s.Title, s.Publisher, nullDate(s.Published, false)).Scan(&id)
	}
	args := []any{s.URL, s.Title, s.Publisher, nullDate(s.Published, false), nullPrecision(s.Published),
		s.AccessedAt, s.ArchiveURL, s.SHA256, s.Kind, s.Language, s.Confidential}
	switch {
	case err == pgx.ErrNoRows:
		err = tx.QueryRow(ctx, `
INSERT INTO sources (url, title, publisher, published_date, published_precision, accessed_at, archive_url,
  sha256, kind, language, confidential)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`, args...).Scan(&id)
		if err != nil {
			return 0, unchanged, fmt.Errorf("save source %q: %w", s.Title, err)
		}
		return id, created, nil
	case err != nil:
		return 0, unchanged, fmt.Errorf("find source %q: %w", s.Title, err)
	}
	tag, err := tx.Exec(ctx, `
UPDATE sources SET url = $1, title = $2, publisher = $3, published_date = $4, published_precision = $5,
  accessed_at = coalesce($6, accessed_at), archive_url = $7, sha256 = $8, kind = $9, language = $10,
  confidential = $11, updated_at = now()
WHERE id = $12 AND (url, title, publisher, published_date, published_precision, archive_url, sha256, kind,
  language, confidential) IS DISTINCT FROM ($1, $2, $3, $4, $5::text, $7, $8, $9, $10, $11)`, append(args, id)...)
	if err != nil {
		return 0, unchanged, fmt.Errorf("update source %q: %w", s.Title, err)
	}
	if tag.RowsAffected() == 0 {
		return id, unchanged, nil
	}
	return id, updated, nil
}

// importEvent upserts one event with its actors, citations and figures and
// records a revision if anything about it changed.
func importEvent(ctx context.Context, tx pgx.Tx, timelineID int64, e timeline.Event, categoryID int64,
	actors map[string]int64, sourceID func(timeline.Source) (int64, error), opt ImportOptions) (change, error) {
	place, err := placeID(ctx, tx, e.Place)
	if err != nil {
		return unchanged, err
	}
	var id int64
	var inserted bool
	err = tx.QueryRow(ctx, `
INSERT INTO events (slug, title, summary, start_date, start_precision, end_date, end_precision, category_id,
  place_id, status, visibility)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
ON CONFLICT (slug) DO UPDATE SET title = excluded.title, summary = excluded.summary,
  start_date = excluded.start_date, start_precision = excluded.start_precision, end_date = excluded.end_date,
  end_precision = excluded.end_precision, category_id = excluded.category_id, place_id = excluded.place_id,
  status = excluded.status, visibility = excluded.visibility
WHERE (events.title, events.summary, events.start_date, events.start_precision, events.end_date,
       events.end_precision, events.category_id, events.place_id, events.status, events.visibility)
  IS DISTINCT FROM (excluded.title, excluded.summary, excluded.start_date, excluded.start_precision,
       excluded.end_date, excluded.end_precision, excluded.category_id, excluded.place_id, excluded.status,
       excluded.visibility)
RETURNING id, xmax = 0`,
		e.Slug, e.Title, e.Summary, e.When.Start.First(), e.When.Start.Precision, nullDate(e.When.End, false),
		nullPrecision(e.When.End), categoryID, place, e.Status, e.Visibility).Scan(&id, &inserted)
	rowChanged := true
	if err == pgx.ErrNoRows {
		rowChanged = false
		err = tx.QueryRow(ctx, `SELECT id FROM events WHERE slug = $1`, e.Slug).Scan(&id)
	}
	if err != nil {
		return unchanged, fmt.Errorf("save event: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO timeline_events (timeline_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
		timelineID, id); err != nil {
		return unchanged, fmt.Errorf("put event on timeline: %w", err)
	}
	childChanged, err := syncEventChildren(ctx, tx, id, e, actors, sourceID)
	if err != nil {
		return unchanged, err
	}
	switch {
	case inserted:
		return created, recordEventRevision(ctx, tx, id, string(created), opt)
	case rowChanged || childChanged:
		if _, err := tx.Exec(ctx, `UPDATE events SET version = version + 1, updated_at = now() WHERE id = $1`, id); err != nil {
			return unchanged, fmt.Errorf("bump event version: %w", err)
		}
		return updated, recordEventRevision(ctx, tx, id, string(updated), opt)
	}
	return unchanged, nil
}

// syncEventChildren makes the event's actors, citations and figures what e
// says, touching only rows that differ, and reports whether any did.
func syncEventChildren(ctx context.Context, tx pgx.Tx, eventID int64, e timeline.Event,
	actors map[string]int64, sourceID func(timeline.Source) (int64, error)) (bool, error) {
	changed := false
	count := func(n int64) {
		if n > 0 {
			changed = true
		}
	}

	actorIDs := make([]int64, len(e.Actors))
	for i, a := range e.Actors {
		actorIDs[i] = actors[a.Actor.Slug]
		tag, err := tx.Exec(ctx, `
INSERT INTO event_actors (event_id, actor_id, role, position) VALUES ($1, $2, $3, $4)
ON CONFLICT (event_id, actor_id) DO UPDATE SET role = excluded.role, position = excluded.position
WHERE (event_actors.role, event_actors.position) IS DISTINCT FROM (excluded.role, excluded.position)`,
			eventID, actorIDs[i], a.Role, i)
		if err != nil {
			return false, fmt.Errorf("save actor %q of event: %w", a.Actor.Slug, err)
		}
		count(tag.RowsAffected())
	}
	tag, err := tx.Exec(ctx, `DELETE FROM event_actors WHERE event_id = $1 AND NOT actor_id = ANY($2)`, eventID, actorIDs)
	if err != nil {
		return false, fmt.Errorf("remove actors of event: %w", err)
	}
	count(tag.RowsAffected())

	sourceIDs := make([]int64, 0, len(e.Citations))
	for i, c := range e.Citations {
		sid, err := sourceID(c.Source)
		if err != nil {
			return false, err
		}
		if containsID(sourceIDs, sid) {
			continue // the same source cited twice in one event is one citation
		}
		sourceIDs = append(sourceIDs, sid)
		tag, err := tx.Exec(ctx, `
INSERT INTO event_sources (event_id, source_id, locator, note, position) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (event_id, source_id) DO UPDATE SET locator = excluded.locator, note = excluded.note,
  position = excluded.position
WHERE (event_sources.locator, event_sources.note, event_sources.position)
  IS DISTINCT FROM (excluded.locator, excluded.note, excluded.position)`, eventID, sid, c.Locator, c.Note, i)
		if err != nil {
			return false, fmt.Errorf("cite source %q: %w", c.Source.Title, err)
		}
		count(tag.RowsAffected())
	}
	tag, err = tx.Exec(ctx, `DELETE FROM event_sources WHERE event_id = $1 AND NOT source_id = ANY($2)`, eventID, sourceIDs)
	if err != nil {
		return false, fmt.Errorf("remove citations of event: %w", err)
	}
	count(tag.RowsAffected())

	// Figures have no slug: one is the same figure when it says the same
	// thing (metric, scope, date, source, value, qualifier).
	keep := make([]int64, 0, len(e.Figures))
	for i, f := range e.Figures {
		sid, err := sourceID(f.Source)
		if err != nil {
			return false, err
		}
		var fid int64
		err = tx.QueryRow(ctx, `
SELECT id FROM figures
WHERE event_id = $1 AND metric = $2 AND scope = $3 AND as_of_date = $4 AND as_of_precision = $5
  AND source_id = $6 AND value = $7 AND qualifier = $8 AND NOT id = ANY($9)
ORDER BY id LIMIT 1`, eventID, f.Metric, f.Scope, f.AsOf.First(), f.AsOf.Precision, sid, f.Value, f.Qualifier, keep).Scan(&fid)
		switch {
		case err == pgx.ErrNoRows:
			err = tx.QueryRow(ctx, `
INSERT INTO figures (event_id, metric, value, qualifier, scope, as_of_date, as_of_precision, source_id,
  attribution, note, position)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
				eventID, f.Metric, f.Value, f.Qualifier, f.Scope, f.AsOf.First(), f.AsOf.Precision, sid,
				f.Attribution, f.Note, i).Scan(&fid)
			if err != nil {
				return false, fmt.Errorf("save figure %s %d: %w", f.Metric, f.Value, err)
			}
			changed = true
		case err != nil:
			return false, fmt.Errorf("find figure: %w", err)
		default:
			tag, err := tx.Exec(ctx, `
UPDATE figures SET attribution = $2, note = $3, position = $4
WHERE id = $1 AND (attribution, note, position) IS DISTINCT FROM ($2, $3, $4)`, fid, f.Attribution, f.Note, i)
			if err != nil {
				return false, fmt.Errorf("update figure: %w", err)
			}
			count(tag.RowsAffected())
		}
		keep = append(keep, fid)
	}
	tag, err = tx.Exec(ctx, `DELETE FROM figures WHERE event_id = $1 AND NOT id = ANY($2)`, eventID, keep)
	if err != nil {
		return false, fmt.Errorf("remove figures of event: %w", err)
	}
	count(tag.RowsAffected())
	return changed, nil
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
