package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"annals/internal/auth"
	"annals/internal/timeline"
)

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("dry run")

// ImportDocument writes doc in one transaction: the timeline, categories and
// actors are upserted by slug, sources de-duplicated by URL, events upserted
// by slug and put on the timeline. A row is only written when it differs, so
// importing the same file twice changes nothing. Each created or changed
// event and source gets a revision. Events already on the timeline but
// missing from doc are left alone: an import never deletes.
func (s *Store) ImportDocument(ctx context.Context, doc timeline.Document, opt timeline.ImportOptions) (timeline.ImportResult, error) {
	var res timeline.ImportResult
	if err := doc.Validate(); err != nil {
		return res, err
	}
	if opt.Reason == "" {
		opt.Reason = "import"
	}
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		// The event loader's catch-all query must be planned for its
		// arguments each time: a generic plan scans every event, which
		// makes a large import quadratic.
		if _, err := tx.Exec(ctx, `SET LOCAL plan_cache_mode = force_custom_plan`); err != nil {
			return fmt.Errorf("plan import: %w", err)
		}
		timelineID, tlOutcome, err := importTimeline(ctx, tx, doc.Timeline, opt)
		if err != nil {
			return err
		}
		res.Timeline = tlOutcome
		if res.NewMetrics, err = newMetrics(ctx, tx, doc); err != nil {
			return err
		}
		if res.ErasCreated, res.ErasUpdated, err = importEras(ctx, tx, timelineID, doc.Eras, opt); err != nil {
			return err
		}
		// Events are matched on this timeline only: a slug taken by an
		// event elsewhere gets a free one, so another timeline's event is
		// never changed by this import.
		var existing map[string]bool
		doc.Events, existing, res.Renamed, err = placeEvents(ctx, tx, timelineID, doc.Events)
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
		titles := map[int64]string{} // source id -> title as saved
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
			titles[id] = src.Title
			return id, nil
		}
		places := map[placeKey]any{}
		st := eventImport{actors: actors, sourceID: sourceID, titles: titles, places: places, keepMedia: doc.KeepMedia}
		n, err := insertNewSources(ctx, tx, doc, sources, titles, opt)
		if err != nil {
			return err
		}
		res.SourcesCreated += n
		// Events already in the database, one by one (only what differs is
		// written); then the new ones, in bulk.
		changes := map[string]change{}
		var fresh []timeline.Event
		var held []timeline.Problem
		for _, e := range doc.Events {
			if !existing[e.Slug] {
				fresh = append(fresh, e)
				continue
			}
			change, err := importEvent(ctx, tx, timelineID, e, categories[e.Category.Slug], st, opt)
			if err != nil {
				return fmt.Errorf("import event %q: %w", e.Slug, err)
			}
			if change == updated && opt.Drafts {
				if p, err := heldForReview(ctx, tx, e.Slug); err != nil || p != nil {
					if err != nil {
						return err
					}
					held = append(held, *p)
				}
			}
			changes[e.Slug] = change
		}
		if len(held) > 0 {
			return &timeline.ValidationError{Problems: held}
		}
		if err := insertNewEvents(ctx, tx, timelineID, fresh, categories, st, opt); err != nil {
			return err
		}
		for _, e := range fresh {
			changes[e.Slug] = created
		}
		for _, e := range doc.Events {
			change := changes[e.Slug]
			switch change {
			case created:
				res.EventsCreated++
			case updated:
				res.EventsUpdated++
			default:
				res.EventsUnchanged++
			}
			res.Events = append(res.Events, timeline.EventOutcome{Slug: e.Slug, Change: string(change)})
		}
		if opt.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		res.DryRun = true
		return res, nil
	}
	if err != nil {
		return timeline.ImportResult{}, constraintError(err)
	}
	return res, nil
}

// heldForReview is the problem of an import that would change an event the
// public sees while importing as drafts: such a change must go through
// review (the editor's pending edit), or be imported by someone publishing.
// The transaction is rolled back, so nothing is written.
func heldForReview(ctx context.Context, tx pgx.Tx, slug string) (*timeline.Problem, error) {
	var status timeline.Status
	if err := tx.QueryRow(ctx, `SELECT status FROM events WHERE slug = $1`, slug).Scan(&status); err != nil {
		return nil, fmt.Errorf("read status of event %q: %w", slug, err)
	}
	if status != timeline.StatusPublished && status != timeline.StatusRetracted {
		return nil, nil
	}
	return &timeline.Problem{Item: timeline.EventItem(slug), Message: fmt.Sprintf(
		"is %s, and this file changes it: an import of drafts never changes what the public sees. "+
			"Make the change in the editor (it then goes through review), or import with publishing (reviewers and up)", status)}, nil
}

type change string

const (
	created   change = "create"
	updated   change = "update"
	unchanged change = "unchanged"
)

// importTimeline finds the import's timeline by slug, or creates it with
// everything t says. An existing timeline only takes the fields
// opt.TimelineFields names; a change is written with a revision.
func importTimeline(ctx context.Context, tx pgx.Tx, t timeline.Timeline, opt timeline.ImportOptions) (int64, timeline.TimelineOutcome, error) {
	out := timeline.TimelineOutcome{Slug: t.Slug, Change: string(unchanged)}
	var id int64
	var cur timeline.Timeline
	err := tx.QueryRow(ctx, `SELECT id, title, summary, language, visibility FROM timelines WHERE slug = $1 FOR UPDATE`, t.Slug).
		Scan(&id, &cur.Title, &cur.Summary, &cur.Language, &cur.Visibility)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		err = tx.QueryRow(ctx, `
INSERT INTO timelines (slug, title, summary, language, visibility) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			t.Slug, t.Title, t.Summary, t.Language, t.Visibility).Scan(&id)
		if err != nil {
			return 0, out, fmt.Errorf("save timeline %q: %w", t.Slug, err)
		}
		out.Change = string(created)
		return id, out, timelineRevision(ctx, tx, id, opt)
	case err != nil:
		return 0, out, fmt.Errorf("find timeline %q: %w", t.Slug, err)
	}
	next := cur
	for _, f := range opt.TimelineFields {
		var old, now *string
		switch f {
		case "title":
			old, now = &next.Title, &t.Title
		case "summary":
			old, now = &next.Summary, &t.Summary
		case "language":
			old, now = &next.Language, &t.Language
		case "visibility":
			old, now = (*string)(&next.Visibility), (*string)(&t.Visibility)
		default:
			continue
		}
		if *old != *now {
			out.Changes = append(out.Changes, timeline.TimelineChange{Field: f, Old: *old, New: *now})
			*old = *now
		}
	}
	if len(out.Changes) == 0 {
		return id, out, nil
	}
	if _, err := tx.Exec(ctx, `
UPDATE timelines SET title = $2, summary = $3, language = $4, visibility = $5, updated_at = now() WHERE id = $1`,
		id, next.Title, next.Summary, next.Language, next.Visibility); err != nil {
		return 0, out, fmt.Errorf("update timeline %q: %w", t.Slug, err)
	}
	out.Change = string(updated)
	return id, out, timelineRevision(ctx, tx, id, opt)
}

// timelineRevision records the timeline as it now is, through the same
// writer and in the same record shape as the staff pages' changes.
func timelineRevision(ctx context.Context, tx pgx.Tx, id int64, opt timeline.ImportOptions) error {
	author, authorID := importAuthor(opt)
	return catalogRevision(ctx, tx, "timeline", id, auth.User{ID: authorID, Name: author}, opt.Reason)
}

// slugPlace is where the event with a slug lives: on the import's
// timeline, or elsewhere (the first other timeline's slug, "" for none).
type slugPlace struct {
	here      bool
	elsewhere string
}

func slugPlaces(ctx context.Context, tx pgx.Tx, timelineID int64, slugs []string) (map[string]slugPlace, error) {
	rows, err := tx.Query(ctx, `
SELECT e.slug, EXISTS (SELECT 1 FROM timeline_events te WHERE te.event_id = e.id AND te.timeline_id = $2),
       coalesce((SELECT t.slug FROM timeline_events te JOIN timelines t ON t.id = te.timeline_id
                 WHERE te.event_id = e.id ORDER BY t.slug LIMIT 1), '')
FROM events e WHERE e.slug = ANY($1)`, slugs, timelineID)
	if err != nil {
		return nil, fmt.Errorf("find existing events: %w", err)
	}
	out := map[string]slugPlace{}
	var slug string
	var p slugPlace
	if _, err := pgx.ForEachRow(rows, []any{&slug, &p.here, &p.elsewhere}, func() error { out[slug] = p; return nil }); err != nil {
		return nil, fmt.Errorf("find existing events: %w", err)
	}
	return out, nil
}

// placeEvents matches the file's events with those already on the
// timeline. An event whose slug belongs to an event that is not on it is
// given the first of slug-2, slug-3... that is free, or that an earlier
// import of the same file gave it on this timeline; the same file gives the
// same slugs every time. It returns the events (renamed where needed),
// which of them are already on the timeline, and the renames.
func placeEvents(ctx context.Context, tx pgx.Tx, timelineID int64, events []timeline.Event) ([]timeline.Event, map[string]bool, []timeline.Renamed, error) {
	slugs := make([]string, len(events))
	inFile := map[string]bool{}
	for i, e := range events {
		slugs[i] = e.Slug
		inFile[e.Slug] = true
	}
	places, err := slugPlaces(ctx, tx, timelineID, slugs)
	if err != nil {
		return nil, nil, nil, err
	}
	existing := map[string]bool{}
	var renamed []timeline.Renamed
	out := events
	for i, e := range events {
		p, ok := places[e.Slug]
		if !ok || p.here {
			existing[e.Slug] = ok
			continue
		}
		to, here, err := freeImportSlug(ctx, tx, timelineID, e.Slug, inFile)
		if err != nil {
			return nil, nil, nil, err
		}
		if len(renamed) == 0 {
			out = append([]timeline.Event(nil), events...) // the caller's document stays as it was
		}
		inFile[to] = true
		out[i].Slug = to
		existing[to] = here
		where := fmt.Sprintf("on timeline %q", p.elsewhere)
		if p.elsewhere == "" {
			where = "on no timeline"
		}
		renamed = append(renamed, timeline.Renamed{From: e.Slug, To: to,
			Note: fmt.Sprintf("the slug %q belongs to an event %s; imported as %q", e.Slug, where, to)})
	}
	return out, existing, renamed, nil
}

// freeImportSlug returns the first of slug-2, slug-3... that is either an
// event on the timeline already (here) or taken by nothing, in the
// database or the file.
func freeImportSlug(ctx context.Context, tx pgx.Tx, timelineID int64, slug string, inFile map[string]bool) (string, bool, error) {
	for first := 2; first < 10000; first += 20 {
		var cands []string
		for n := first; n < first+20; n++ {
			suffix := "-" + strconv.Itoa(n)
			base := slug
			if len(base)+len(suffix) > timeline.MaxSlugLength {
				base = strings.TrimRight(base[:timeline.MaxSlugLength-len(suffix)], "-")
			}
			cands = append(cands, base+suffix)
		}
		places, err := slugPlaces(ctx, tx, timelineID, cands)
		if err != nil {
			return "", false, err
		}
		for _, c := range cands {
			p, taken := places[c]
			switch {
			case taken && p.here && !inFile[c]:
				return c, true, nil
			case !taken && !inFile[c]:
				return c, false, nil
			}
		}
	}
	return "", false, timeline.Errorf(timeline.ECONFLICT, "No free slug is left for the event %q.", slug)
}

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
// eventImport is what importing one event shares with the others: ids of
// actors, sources and places already saved in this import.
type eventImport struct {
	actors   map[string]int64
	sourceID func(timeline.Source) (int64, error)
	titles   map[int64]string
	places   map[placeKey]any
	// keepMedia: the file carries no media (timeline.Document.KeepMedia).
	keepMedia bool
}

type placeKey struct {
	name, country string
	lat, lon      float64
	coords        bool
}

func keyOfPlace(p timeline.Place) placeKey {
	k := placeKey{name: p.Name, country: p.Country, coords: p.Lat != nil && p.Lon != nil}
	if k.coords {
		k.lat, k.lon = *p.Lat, *p.Lon
	}
	return k
}

func (st eventImport) placeID(ctx context.Context, tx pgx.Tx, p timeline.Place) (any, error) {
	k := keyOfPlace(p)
	if id, ok := st.places[k]; ok {
		return id, nil
	}
	id, err := placeID(ctx, tx, p)
	if err == nil {
		st.places[k] = id
	}
	return id, err
}

func importEvent(ctx context.Context, tx pgx.Tx, timelineID int64, e timeline.Event, categoryID int64,
	st eventImport, opt timeline.ImportOptions) (change, error) {
	actors, sourceID := st.actors, st.sourceID
	place, err := st.placeID(ctx, tx, e.Place)
	if err != nil {
		return unchanged, err
	}
	if opt.Drafts {
		e.Status = timeline.StatusDraft // for a new event; an existing one keeps its status
	}
	var id int64
	var inserted bool
	err = tx.QueryRow(ctx, `
INSERT INTO events (slug, title, summary, start_date, start_precision, end_date, end_precision, category_id,
  place_id, status, visibility, start_time, end_time)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $13, $14)
ON CONFLICT (slug) DO UPDATE SET title = excluded.title, summary = excluded.summary,
  start_date = excluded.start_date, start_precision = excluded.start_precision, end_date = excluded.end_date,
  end_precision = excluded.end_precision, category_id = excluded.category_id, place_id = excluded.place_id,
  status = CASE WHEN $12 THEN events.status ELSE excluded.status END, visibility = excluded.visibility,
  start_time = excluded.start_time, end_time = excluded.end_time
WHERE (events.title, events.summary, events.start_date, events.start_precision, events.end_date,
       events.end_precision, events.category_id, events.place_id, events.status, events.visibility,
       events.start_time, events.end_time)
  IS DISTINCT FROM (excluded.title, excluded.summary, excluded.start_date, excluded.start_precision,
       excluded.end_date, excluded.end_precision, excluded.category_id, excluded.place_id,
       CASE WHEN $12 THEN events.status ELSE excluded.status END, excluded.visibility,
       excluded.start_time, excluded.end_time)
RETURNING id, xmax = 0`,
		e.Slug, e.Title, e.Summary, e.When.Start.First(), e.When.Start.Precision, nullDate(e.When.End, false),
		nullPrecision(e.When.End), categoryID, place, e.Status, e.Visibility, opt.Drafts,
		nullTime(e.When.StartTime), nullTime(e.When.EndTime)).Scan(&id, &inserted)
	rowChanged := true
	if err == pgx.ErrNoRows {
		rowChanged = false
		err = tx.QueryRow(ctx, `SELECT id FROM events WHERE slug = $1`, e.Slug).Scan(&id)
	}
	if err != nil {
		return unchanged, fmt.Errorf("save event: %w", err)
	}
	if inserted {
		return created, insertEventChildren(ctx, tx, timelineID, id, e, st, opt)
	}
	// An existing event put on this timeline for the first time is a change
	// (it shows on another page), reported and reviewed as one.
	link, err := tx.Exec(ctx, `INSERT INTO timeline_events (timeline_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
		timelineID, id)
	if err != nil {
		return unchanged, fmt.Errorf("put event on timeline: %w", err)
	}
	if st.keepMedia {
		e.Media = nil
		if err := loadMedia(ctx, tx, []int64{id}, func(_ int64, m timeline.Media) { e.Media = append(e.Media, m) }); err != nil {
			return unchanged, err
		}
	}
	childChanged, err := syncEventChildren(ctx, tx, id, e, actors, sourceID)
	if err != nil {
		return unchanged, err
	}
	switch {
	case inserted:
		return created, recordEventRevision(ctx, tx, id, string(created), opt)
	case rowChanged || childChanged || link.RowsAffected() == 1:
		if _, err := tx.Exec(ctx, `UPDATE events SET version = version + 1, updated_at = now() WHERE id = $1`, id); err != nil {
			return unchanged, fmt.Errorf("bump event version: %w", err)
		}
		return updated, recordEventRevision(ctx, tx, id, string(updated), opt)
	}
	return unchanged, nil
}

// insertEventChildren saves a new event's timeline link, actors, citations
// and figures in one round trip, and its first revision: the fast path that
// lets a 50,000-row spreadsheet import in reasonable time.
func insertEventChildren(ctx context.Context, tx pgx.Tx, timelineID, eventID int64, e timeline.Event, st eventImport,
	opt timeline.ImportOptions) error {
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO timeline_events (timeline_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, timelineID, eventID)
	for i, a := range e.Actors {
		b.Queue(`INSERT INTO event_actors (event_id, actor_id, role, position) VALUES ($1, $2, $3, $4)`,
			eventID, st.actors[a.Actor.Slug], a.Role, i)
	}
	cited := make([]timeline.Citation, 0, len(e.Citations))
	var sids []int64
	for i, c := range e.Citations {
		sid, err := st.sourceID(c.Source)
		if err != nil {
			return err
		}
		if containsID(sids, sid) {
			continue // the same source cited twice in one event is one citation
		}
		sids = append(sids, sid)
		c.Source.ID, c.Source.Title = sid, st.titles[sid]
		cited = append(cited, c)
		b.Queue(`INSERT INTO event_sources (event_id, source_id, locator, note, position) VALUES ($1, $2, $3, $4, $5)`,
			eventID, sid, c.Locator, c.Note, i)
	}
	figures := make([]timeline.Figure, len(e.Figures))
	for i, f := range e.Figures {
		sid, err := st.sourceID(f.Source)
		if err != nil {
			return err
		}
		f.Source.ID = sid
		figures[i] = f
		b.Queue(`
INSERT INTO figures (event_id, metric, value, qualifier, scope, as_of_date, as_of_precision, source_id,
  attribution, note, position)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			eventID, f.Metric, f.Value, f.Qualifier, f.Scope, f.AsOf.First(), f.AsOf.Precision, sid,
			f.Attribution, f.Note, i).QueryRow(func(row pgx.Row) error { return row.Scan(&figures[i].ID) })
	}
	queueMedia(b, eventID, e.Media)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("save the actors, sources and figures of the event: %w", err)
	}
	// The revision is the event as saved, built here rather than reloaded.
	e.Citations, e.Figures = cited, figures
	author, authorID := importAuthor(opt)
	return writeRevisions(ctx, tx, revision{Entity: "event", EntityID: eventID, Version: 1, Action: string(created),
		Author: author, AuthorID: authorID, Reason: opt.Reason, Record: timeline.EventRecordOf(e)})
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
	mediaChanged, err := syncMedia(ctx, tx, eventID, e)
	return changed || mediaChanged, err
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
