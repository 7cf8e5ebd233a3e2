package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"annals/internal/auth"
	"annals/internal/timeline"
)

// The staff side of events. A never-published event is edited in place: its
// row is a draft or in review, which no public page shows. An edit of a
// published (or retracted) event lives in event_drafts until it is published,
// so the public keeps seeing the published version. Every action takes the
// version the person saw, locks the event row and refuses a stale version
// with ECONFLICT; every action bumps the version and writes a revision in the
// same transaction.

// StaffEvent is an event as the staff editor sees it.
type StaffEvent struct {
	Live      timeline.Event // the row the public reads when it is published
	Work      timeline.Event // what is being edited: the pending edit, or Live
	Pending   bool           // Work is a pending edit of a published or retracted event
	Version   int            // pass it back with the next action
	Timelines []string       // slugs of the timelines the event is on
	Comments  []ReviewComment
	// Authors are the accounts that wrote, restored or submitted Work since
	// it was last published; by default none of them may publish it.
	Authors   []int64
	UpdatedBy string
}

// Published reports whether the public has ever seen the event.
func (e StaffEvent) Published() bool {
	return e.Live.Status == timeline.StatusPublished || e.Live.Status == timeline.StatusRetracted
}

// Facts are what the workflow rules (timeline.MayTakeStep) need to know
// about the event's work.
func (e StaffEvent) Facts() timeline.DraftFacts {
	return timeline.DraftFacts{Status: e.Work.Status, LiveStatus: e.Live.Status, Pending: e.Pending,
		Visibility: e.Work.Visibility, Sources: len(e.Work.Citations), Authors: e.Authors}
}

// ReviewComment is a reviewer's note when sending a change back.
type ReviewComment struct {
	Author    string
	Body      string
	CreatedAt time.Time
}

// EventSummary is an event as listed for staff.
type EventSummary struct {
	ID         int64
	Slug       string
	Title      string
	Status     timeline.Status // of the work: draft, in_review, published, retracted
	LiveStatus timeline.Status
	Pending    bool
	Visibility timeline.Visibility
	UpdatedAt  time.Time
	UpdatedBy  string
}

// StaffEvents lists events, most recently changed first; status narrows the
// list to work in that status ("" for all).
func (s *Store) StaffEvents(ctx context.Context, status string) ([]EventSummary, error) {
	rows, err := s.pool.Query(ctx, `
SELECT e.id, e.slug, coalesce(d.record->>'title', e.title), coalesce(d.status, e.status), e.status,
       d.event_id IS NOT NULL, coalesce(d.record->>'visibility', e.visibility),
       greatest(e.updated_at, d.updated_at), coalesce(nullif(u.name, ''), u.email, '')
FROM events e
LEFT JOIN event_drafts d ON d.event_id = e.id
LEFT JOIN users u ON u.id = coalesce(d.author_id, e.updated_by)
WHERE ($1 = '' OR coalesce(d.status, e.status) = $1)
ORDER BY greatest(e.updated_at, d.updated_at) DESC, e.id DESC
LIMIT 1000`, status)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	var out []EventSummary
	var es EventSummary
	_, err = pgx.ForEachRow(rows, []any{&es.ID, &es.Slug, &es.Title, &es.Status, &es.LiveStatus, &es.Pending,
		&es.Visibility, &es.UpdatedAt, &es.UpdatedBy}, func() error {
		out = append(out, es)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	return out, nil
}

// StaffEvent loads an event with its pending edit, timelines and comments.
func (s *Store) StaffEvent(ctx context.Context, id int64) (StaffEvent, error) {
	return staffEvent(ctx, s.pool, id)
}

func staffEvent(ctx context.Context, db querier, id int64) (StaffEvent, error) {
	var out StaffEvent
	events, err := loadEvents(ctx, db, eventQuery{ids: []int64{id}})
	if err != nil {
		return out, fmt.Errorf("load event %d: %w", id, err)
	}
	if len(events) == 0 {
		return out, timeline.Errorf(timeline.ENOTFOUND, "There is no event %d.", id)
	}
	out.Live, out.Work, out.Version = events[0], events[0], events[0].Version
	var status string
	var raw []byte
	err = db.QueryRow(ctx, `SELECT status, record FROM event_drafts WHERE event_id = $1`, id).Scan(&status, &raw)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return out, fmt.Errorf("load pending edit of event %d: %w", id, err)
	default:
		var rec eventRecord
		if err := json.Unmarshal(raw, &rec); err != nil {
			return out, fmt.Errorf("decode pending edit of event %d: %w", id, err)
		}
		work, err := eventFromRecord(ctx, db, rec)
		if err != nil {
			return out, err
		}
		work.ID, work.Version, work.Status = id, out.Version, timeline.Status(status)
		work.CreatedAt, work.UpdatedAt = out.Live.CreatedAt, out.Live.UpdatedAt
		out.Work, out.Pending = work, true
	}
	rows, err := db.Query(ctx, `
SELECT t.slug FROM timeline_events te JOIN timelines t ON t.id = te.timeline_id WHERE te.event_id = $1 ORDER BY t.slug`, id)
	if err != nil {
		return out, fmt.Errorf("load timelines of event %d: %w", id, err)
	}
	if out.Timelines, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		return out, fmt.Errorf("read timelines of event %d: %w", id, err)
	}
	rows, err = db.Query(ctx, `
SELECT coalesce(nullif(u.name, ''), u.email, ''), c.body, c.created_at
FROM review_comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.event_id = $1 ORDER BY c.id`, id)
	if err != nil {
		return out, fmt.Errorf("load comments of event %d: %w", id, err)
	}
	var c ReviewComment
	if _, err := pgx.ForEachRow(rows, []any{&c.Author, &c.Body, &c.CreatedAt}, func() error {
		out.Comments = append(out.Comments, c)
		return nil
	}); err != nil {
		return out, fmt.Errorf("read comments of event %d: %w", id, err)
	}
	if out.Authors, err = draftAuthors(ctx, db, id); err != nil {
		return out, err
	}
	_ = db.QueryRow(ctx, `
SELECT coalesce(nullif(u.name, ''), u.email, '') FROM events e JOIN users u ON u.id = e.updated_by WHERE e.id = $1`, id).
		Scan(&out.UpdatedBy)
	return out, nil
}

// draftAuthors are the accounts that wrote any part of the event's work
// since it was last published. Every kind of revision counts (the editor,
// the API, imports, restores, and kinds added later) except the steps that
// only judge work: a reviewer who sends back or retracts is no author.
func draftAuthors(ctx context.Context, db querier, id int64) ([]int64, error) {
	rows, err := db.Query(ctx, `
SELECT DISTINCT author_id FROM revisions
WHERE entity = 'event' AND entity_id = $1 AND author_id IS NOT NULL
  AND action NOT IN ('publish', 'send_back', 'retract', 'discard', 'delete')
  AND id > coalesce((SELECT max(id) FROM revisions WHERE entity = 'event' AND entity_id = $1 AND action = 'publish'), 0)`, id)
	if err != nil {
		return nil, fmt.Errorf("load authors of event %d: %w", id, err)
	}
	authors, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("read authors of event %d: %w", id, err)
	}
	return authors, nil
}

// eventFromRecord turns a stored record back into an event, looking up the
// names of its category and actors and the sources it cites (following
// merges of duplicate sources).
func eventFromRecord(ctx context.Context, db querier, r eventRecord) (timeline.Event, error) {
	e := timeline.Event{Slug: r.Slug, Title: r.Title, Summary: r.Summary, Place: r.Place, Status: r.Status,
		Visibility: timeline.Visibility(r.Visibility)}
	var err error
	if e.When.Start, err = timeline.ParseDate(r.Start); err != nil {
		return e, fmt.Errorf("stored record of %q: start: %w", r.Slug, err)
	}
	if r.End != "" {
		if e.When.End, err = timeline.ParseDate(r.End); err != nil {
			return e, fmt.Errorf("stored record of %q: end: %w", r.Slug, err)
		}
	}
	if r.StartTime != "" {
		if e.When.StartTime, err = timeline.ParseTimeOfDay(r.StartTime); err != nil {
			return e, fmt.Errorf("stored record of %q: start_time: %w", r.Slug, err)
		}
	}
	if r.EndTime != "" {
		if e.When.EndTime, err = timeline.ParseTimeOfDay(r.EndTime); err != nil {
			return e, fmt.Errorf("stored record of %q: end_time: %w", r.Slug, err)
		}
	}
	e.Category.Slug, e.Category.Name = r.Category, r.Category
	_ = db.QueryRow(ctx, `SELECT name FROM categories WHERE slug = $1`, r.Category).Scan(&e.Category.Name)
	for _, a := range r.Actors {
		ea := timeline.EventActor{Actor: timeline.Actor{Slug: a.Actor, Name: a.Actor, Kind: "other"}, Role: a.Role}
		_ = db.QueryRow(ctx, `SELECT name, kind, note FROM actors WHERE slug = $1`, a.Actor).
			Scan(&ea.Actor.Name, &ea.Actor.Kind, &ea.Actor.Note)
		e.Actors = append(e.Actors, ea)
	}
	var ids []int64
	for _, c := range r.Citations {
		ids = append(ids, c.SourceID)
	}
	for _, f := range r.Figures {
		ids = append(ids, f.SourceID)
	}
	sources, err := sourcesByID(ctx, db, ids)
	if err != nil {
		return e, err
	}
	source := func(id int64, title string) timeline.Source {
		if s, ok := sources[id]; ok {
			return s
		}
		return timeline.Source{ID: 0, Title: title + " (this source no longer exists)", Kind: "other"}
	}
	for _, c := range r.Citations {
		e.Citations = append(e.Citations, timeline.Citation{Source: source(c.SourceID, c.Title), Locator: c.Locator, Note: c.Note})
	}
	for _, f := range r.Figures {
		asOf, err := timeline.ParseDate(f.AsOf)
		if err != nil {
			return e, fmt.Errorf("stored record of %q: figure as of: %w", r.Slug, err)
		}
		e.Figures = append(e.Figures, timeline.Figure{ID: f.ID, Metric: f.Metric, Value: f.Value,
			Qualifier: timeline.Qualifier(f.Qualifier), Scope: timeline.Scope(f.Scope), AsOf: asOf,
			Source: source(f.SourceID, "source"), Attribution: f.Attribution, Note: f.Note})
	}
	return e, nil
}

// sourcesByID loads sources by id; an id merged into another source maps to
// the source it was merged into.
func sourcesByID(ctx context.Context, db querier, ids []int64) (map[int64]timeline.Source, error) {
	out := map[int64]timeline.Source{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.Query(ctx, `
WITH RECURSIVE m (asked, id) AS (
  SELECT x, x FROM unnest($1::bigint[]) x
  UNION ALL
  SELECT m.asked, sm.into_id FROM m JOIN source_merges sm ON sm.from_id = m.id
)
SELECT m.asked, `+sourceColumns+` FROM m JOIN sources s ON s.id = m.id`, ids)
	if err != nil {
		return nil, fmt.Errorf("load sources: %w", err)
	}
	var asked int64
	var sc sourceScan
	if _, err := pgx.ForEachRow(rows, append([]any{&asked}, sc.dest()...), func() error {
		out[asked] = sc.source()
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read sources: %w", err)
	}
	return out, nil
}

// EventSave is one save from the editor.
type EventSave struct {
	Event     timeline.Event // ID 0 for a new event; sources with ID 0 are created in the library
	Version   int            // the version the person edited (ignored for a new event)
	Timelines []string       // timelines a new event goes on
	Submit    bool           // also submit for review
	Reason    string
}

func conflict(id int64, have, base int) error {
	return timeline.Errorf(timeline.ECONFLICT,
		"Someone else changed this event while you were editing it (you started from version %d; it is now at version %d). Nothing was overwritten.",
		base, have)
}

// SaveEvent saves the editor's work as a draft (or, with Submit, in review)
// and returns the event's id and new version. A stale Version is ECONFLICT
// and changes nothing.
func (s *Store) SaveEvent(ctx context.Context, by auth.User, in EventSave) (int64, int, error) {
	e := in.Event
	e.Status = timeline.StatusDraft
	if in.Submit {
		e.Status = timeline.StatusInReview
	}
	if e.Visibility == "" {
		e.Visibility = timeline.VisibilityPublic
	}
	e.Title = strings.TrimSpace(e.Title)
	slugGiven := e.Slug != ""
	if !slugGiven {
		e.Slug = "x" // a slug is made from the title below; validate the rest
	}
	p := timeline.NewProblems("")
	p.Merge(e.Validate())
	if in.Event.ID == 0 && len(in.Timelines) == 0 {
		p.Add("timelines", "choose at least one timeline for the event")
	}
	if in.Submit {
		// Saved as a draft, then submitted: the rule of the submit step.
		facts := timeline.DraftFacts{Status: timeline.StatusDraft, Visibility: e.Visibility, Sources: len(e.Citations)}
		if err := timeline.MayTakeStep(timeline.StepSubmit, by, facts, false); err != nil {
			if timeline.ErrorCode(err) != timeline.EINVALID {
				return 0, 0, err
			}
			p.Merge(err)
		}
	}
	p.AddErr("reason", timeline.ValidateText(in.Reason, false, timeline.MaxNoteLength))
	if err := p.Err(); err != nil {
		return 0, 0, stripItem(err)
	}
	var id int64
	var version int
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		if err := resolveEventRefs(ctx, tx, by, &e); err != nil {
			return err
		}
		if in.Event.ID == 0 {
			if !slugGiven {
				var err error
				if e.Slug, err = freeSlug(ctx, tx, e.Title, e.When.Start); err != nil {
					return err
				}
			}
			var err error
			id, version, err = createEvent(ctx, tx, by, e, in.Timelines)
			if err != nil {
				return err
			}
			return eventRevision(ctx, tx, id, version, "create", by, in.Reason, recordOf(e), false)
		}
		id = in.Event.ID
		cur, err := lockEvent(ctx, tx, id, in.Version)
		if err != nil {
			return err
		}
		if !slugGiven {
			e.Slug = cur.Live.Slug
		}
		action := "save"
		if in.Submit {
			action = "submit"
		}
		version, err = saveWork(ctx, tx, by, cur, e, action, in.Reason)
		return err
	})
	if err != nil {
		return 0, 0, constraintError(err)
	}
	return id, version, nil
}

// saveWork writes e as the event's work: in place for a never-published
// event, as a pending edit otherwise.
func saveWork(ctx context.Context, tx pgx.Tx, by auth.User, cur StaffEvent, e timeline.Event, action, reason string) (int, error) {
	if e.Slug != cur.Live.Slug && cur.Published() {
		return 0, &timeline.ValidationError{Problems: []timeline.Problem{{Field: "slug",
			Message: "a published event keeps its permalink; its slug cannot change"}}}
	}
	if !cur.Published() {
		version, err := writeLive(ctx, tx, by, cur.Live.ID, e)
		if err != nil {
			return 0, err
		}
		return version, liveRevision(ctx, tx, cur.Live.ID, action, by, reason)
	}
	rec := recordOf(e)
	raw, err := json.Marshal(rec)
	if err != nil {
		return 0, fmt.Errorf("encode pending edit: %w", err)
	}
	if _, err := tx.Exec(ctx, `
INSERT INTO event_drafts (event_id, status, record, author_id) VALUES ($1, $2, $3, $4)
ON CONFLICT (event_id) DO UPDATE SET status = excluded.status, record = excluded.record,
  author_id = excluded.author_id, updated_at = now()`, cur.Live.ID, e.Status, raw, nullID(by.ID)); err != nil {
		return 0, fmt.Errorf("save pending edit: %w", err)
	}
	version, err := bumpVersion(ctx, tx, cur.Live.ID)
	if err != nil {
		return 0, err
	}
	return version, eventRevision(ctx, tx, cur.Live.ID, version, action, by, reason, rec, true)
}

func stripItem(err error) error {
	var v *timeline.ValidationError
	if errors.As(err, &v) {
		for i := range v.Problems {
			v.Problems[i].Item = ""
		}
	}
	return err
}

// lockEvent locks the event's row for the rest of the transaction and checks
// that it is still at version base.
func lockEvent(ctx context.Context, tx pgx.Tx, id int64, base int) (StaffEvent, error) {
	var version int
	err := tx.QueryRow(ctx, `SELECT version FROM events WHERE id = $1 FOR UPDATE`, id).Scan(&version)
	if err != nil {
		return StaffEvent{}, notFound(fmt.Errorf("lock event %d: %w", id, err), "There is no event %d.", id)
	}
	if version != base {
		return StaffEvent{}, conflict(id, version, base)
	}
	return staffEvent(ctx, tx, id)
}

func bumpVersion(ctx context.Context, tx pgx.Tx, id int64) (int, error) {
	var v int
	if err := tx.QueryRow(ctx, `UPDATE events SET version = version + 1 WHERE id = $1 RETURNING version`, id).Scan(&v); err != nil {
		return 0, fmt.Errorf("bump version of event %d: %w", id, err)
	}
	return v, nil
}

// resolveEventRefs checks the category and actors exist, creates the new
// sources e cites (ID 0) in the library, and fills in every source so the
// revision records what was cited.
func resolveEventRefs(ctx context.Context, tx pgx.Tx, by auth.User, e *timeline.Event) error {
	p := timeline.NewProblems("")
	if err := tx.QueryRow(ctx, `SELECT name FROM categories WHERE slug = $1`, e.Category.Slug).Scan(&e.Category.Name); err != nil {
		if !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("find category: %w", err)
		}
		p.Add("category", "there is no category %q", e.Category.Slug)
	}
	for i := range e.Actors {
		a := &e.Actors[i].Actor
		if err := tx.QueryRow(ctx, `SELECT name, kind, note FROM actors WHERE slug = $1`, a.Slug).Scan(&a.Name, &a.Kind, &a.Note); err != nil {
			if !errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("find actor: %w", err)
			}
			p.Add(fmt.Sprintf("actors[%d]", i), "there is no actor %q", a.Slug)
		}
	}
	created := map[sourceKey]int64{}
	resolve := func(field string, src timeline.Source) int64 {
		if src.ID != 0 {
			return src.ID
		}
		key := keyOf(src)
		if id, ok := created[key]; ok {
			return id
		}
		id, err := createSource(ctx, tx, by, src)
		if err != nil {
			p.Add(field, "%s", err.Error())
			return 0
		}
		created[key] = id
		return id
	}
	var ids []int64
	for i := range e.Citations {
		e.Citations[i].Source.ID = resolve(fmt.Sprintf("sources[%d]", i), e.Citations[i].Source)
		ids = append(ids, e.Citations[i].Source.ID)
	}
	for i := range e.Figures {
		e.Figures[i].Source.ID = resolve(fmt.Sprintf("figures[%d].source", i), e.Figures[i].Source)
		ids = append(ids, e.Figures[i].Source.ID)
	}
	sources, err := sourcesByID(ctx, tx, ids)
	if err != nil {
		return err
	}
	seen := map[int64]bool{}
	for i, c := range e.Citations {
		s, ok := sources[c.Source.ID]
		if c.Source.ID != 0 && !ok {
			p.Add(fmt.Sprintf("sources[%d]", i), "source %d is not in the library", c.Source.ID)
		}
		if ok && seen[s.ID] {
			p.Add(fmt.Sprintf("sources[%d]", i), "%q is cited twice; cite it once with one locator", s.Title)
		}
		seen[s.ID] = true
		e.Citations[i].Source = s
	}
	for i, f := range e.Figures {
		s, ok := sources[f.Source.ID]
		if f.Source.ID != 0 && !ok {
			p.Add(fmt.Sprintf("figures[%d].source", i), "source %d is not in the library", f.Source.ID)
		}
		e.Figures[i].Source = s
	}
	return p.Err()
}

// createSource adds a source typed into the editor to the library. A URL
// already in the library is that source: it is cited, not changed.
func createSource(ctx context.Context, tx pgx.Tx, by auth.User, src timeline.Source) (int64, error) {
	var id int64
	if src.URL != "" {
		err := tx.QueryRow(ctx, `SELECT id FROM sources WHERE url = $1`, src.URL).Scan(&id)
		if err == nil {
			return id, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return 0, fmt.Errorf("find source: %w", err)
		}
	}
	err := tx.QueryRow(ctx, `
INSERT INTO sources (url, title, publisher, published_date, published_precision, archive_url, kind, language,
  confidential, updated_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT DO NOTHING RETURNING id`,
		src.URL, src.Title, src.Publisher, nullDate(src.Published, false), nullPrecision(src.Published),
		src.ArchiveURL, src.Kind, src.Language, src.Confidential, nullID(by.ID)).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		// The same title, publisher and date without a URL: one source.
		err = tx.QueryRow(ctx, `
SELECT id FROM sources WHERE url = '' AND title = $1 AND publisher = $2 AND published_date IS NOT DISTINCT FROM $3`,
			src.Title, src.Publisher, nullDate(src.Published, false)).Scan(&id)
		return id, err
	}
	if err != nil {
		return 0, fmt.Errorf("create source %q: %w", src.Title, err)
	}
	return id, sourceRevision(ctx, tx, id, "create", by, "created in the event editor")
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// freeSlug makes a slug from the title (or, for a title in a script with no
// Latin letters, from the date) that no event has yet.
func freeSlug(ctx context.Context, tx pgx.Tx, title string, start timeline.FuzzyDate) (string, error) {
	base := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(title), "-"), "-")
	if len(base) > 60 {
		base = strings.Trim(base[:60], "-")
	}
	if base == "" {
		base = "event-" + start.String()
	}
	for n := 1; n < 1000; n++ {
		slug := base
		if n > 1 {
			slug = fmt.Sprintf("%s-%d", base, n)
		}
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM events WHERE slug = $1)`, slug).Scan(&taken); err != nil {
			return "", fmt.Errorf("check slug: %w", err)
		}
		if !taken {
			return slug, nil
		}
	}
	return "", timeline.Errorf(timeline.EINVALID, "Could not find a free slug for %q: please write one.", title)
}

func createEvent(ctx context.Context, tx pgx.Tx, by auth.User, e timeline.Event, timelines []string) (int64, int, error) {
	var taken bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM events WHERE slug = $1)`, e.Slug).Scan(&taken); err != nil {
		return 0, 0, fmt.Errorf("check slug: %w", err)
	}
	if taken {
		return 0, 0, &timeline.ValidationError{Problems: []timeline.Problem{{Field: "slug",
			Message: fmt.Sprintf("%q is already the slug of another event", e.Slug)}}}
	}
	place, err := placeID(ctx, tx, e.Place)
	if err != nil {
		return 0, 0, err
	}
	var id int64
	var version int
	err = tx.QueryRow(ctx, `
INSERT INTO events (slug, title, summary, start_date, start_precision, end_date, end_precision, category_id,
  place_id, status, visibility, created_by, updated_by, start_time, end_time)
VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT id FROM categories WHERE slug = $8), $9, $10, $11, $12, $12, $13, $14)
RETURNING id, version`,
		e.Slug, e.Title, e.Summary, e.When.Start.First(), e.When.Start.Precision, nullDate(e.When.End, false),
		nullPrecision(e.When.End), e.Category.Slug, place, e.Status, e.Visibility, nullID(by.ID),
		nullTime(e.When.StartTime), nullTime(e.When.EndTime)).Scan(&id, &version)
	if err != nil {
		return 0, 0, fmt.Errorf("create event: %w", err)
	}
	for _, slug := range timelines {
		tag, err := tx.Exec(ctx, `
INSERT INTO timeline_events (timeline_id, event_id) SELECT id, $2 FROM timelines WHERE slug = $1 ON CONFLICT DO NOTHING`, slug, id)
		if err != nil {
			return 0, 0, fmt.Errorf("put event on timeline %q: %w", slug, err)
		}
		if tag.RowsAffected() == 0 {
			return 0, 0, &timeline.ValidationError{Problems: []timeline.Problem{{Field: "timelines",
				Message: fmt.Sprintf("there is no timeline %q", slug)}}}
		}
	}
	if _, err := syncChildren(ctx, tx, id, e); err != nil {
		return 0, 0, err
	}
	return id, version, nil
}

// writeLive makes the event's live rows what e says (status included) and
// bumps its version.
func writeLive(ctx context.Context, tx pgx.Tx, by auth.User, id int64, e timeline.Event) (int, error) {
	place, err := placeID(ctx, tx, e.Place)
	if err != nil {
		return 0, err
	}
	rows, err := tx.Query(ctx, `SELECT id FROM figures WHERE event_id = $1`, id)
	if err != nil {
		return 0, fmt.Errorf("list figures of event %d: %w", id, err)
	}
	figuresBefore, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, fmt.Errorf("read figures of event %d: %w", id, err)
	}
	var version int
	err = tx.QueryRow(ctx, `
UPDATE events SET slug = $2, title = $3, summary = $4, start_date = $5, start_precision = $6, end_date = $7,
  end_precision = $8, category_id = (SELECT id FROM categories WHERE slug = $9), place_id = $10, status = $11,
  visibility = $12, updated_by = $13, updated_at = now(), version = version + 1, start_time = $14, end_time = $15
WHERE id = $1 RETURNING version`,
		id, e.Slug, e.Title, e.Summary, e.When.Start.First(), e.When.Start.Precision, nullDate(e.When.End, false),
		nullPrecision(e.When.End), e.Category.Slug, place, e.Status, e.Visibility, nullID(by.ID),
		nullTime(e.When.StartTime), nullTime(e.When.EndTime)).Scan(&version)
	if err != nil {
		return 0, fmt.Errorf("save event %d: %w", id, err)
	}
	if _, err := syncChildren(ctx, tx, id, e); err != nil {
		return 0, err
	}
	return version, figureRevisions(ctx, tx, id, figuresBefore, by)
}

// figureRevisions records every figure of the event that is new or changed
// since its last revision, and every figure the event no longer has.
func figureRevisions(ctx context.Context, tx pgx.Tx, eventID int64, before []int64, by auth.User) error {
	rows, err := tx.Query(ctx, `
WITH cur AS (
  SELECT f.id, to_jsonb(f) - 'created_at' - 'id' - 'position' AS rec FROM figures f WHERE f.event_id = $1::bigint
), last AS (
  SELECT DISTINCT ON (r.entity_id) r.entity_id, r.version, r.record FROM revisions r
  WHERE r.entity = 'figure' AND r.entity_id IN (SELECT id FROM cur UNION SELECT unnest($2::bigint[]))
  ORDER BY r.entity_id, r.id DESC
)
SELECT * FROM (
SELECT cur.id, coalesce(last.version, 0) + 1, CASE WHEN last.entity_id IS NULL THEN 'create' ELSE 'save' END,
       'with event ' || $1::bigint::text, cur.rec
FROM cur LEFT JOIN last ON last.entity_id = cur.id
WHERE last.record IS DISTINCT FROM cur.rec
UNION ALL
SELECT last.entity_id, last.version + 1, 'delete', 'removed from event ' || $1::bigint::text, last.record
FROM last WHERE last.entity_id NOT IN (SELECT id FROM cur)) f ORDER BY 1`, eventID, before)
	if err != nil {
		return fmt.Errorf("find the changed figures of event %d: %w", eventID, err)
	}
	author, authorID := authorOf(by)
	var revs []revision
	r := revision{Entity: "figure", Author: author, AuthorID: authorID}
	var rec json.RawMessage
	if _, err := pgx.ForEachRow(rows, []any{&r.EntityID, &r.Version, &r.Action, &r.Reason, &rec}, func() error {
		r.Record = slices.Clone(rec)
		revs = append(revs, r)
		return nil
	}); err != nil {
		return fmt.Errorf("find the changed figures of event %d: %w", eventID, err)
	}
	return writeRevisions(ctx, tx, revs...)
}

func syncChildren(ctx context.Context, tx pgx.Tx, id int64, e timeline.Event) (bool, error) {
	actors := map[string]int64{}
	for _, a := range e.Actors {
		var aid int64
		if err := tx.QueryRow(ctx, `SELECT id FROM actors WHERE slug = $1`, a.Actor.Slug).Scan(&aid); err != nil {
			return false, fmt.Errorf("find actor %q: %w", a.Actor.Slug, err)
		}
		actors[a.Actor.Slug] = aid
	}
	return syncEventChildren(ctx, tx, id, e, actors, func(s timeline.Source) (int64, error) {
		if s.ID == 0 {
			return 0, timeline.Errorf(timeline.EINVALID, "The source %q no longer exists; choose another.", s.Title)
		}
		return s.ID, nil
	})
}

// liveRevision records the live row as it now is.
func liveRevision(ctx context.Context, tx pgx.Tx, id int64, action string, by auth.User, reason string) error {
	events, err := loadEvents(ctx, tx, eventQuery{ids: []int64{id}})
	if err != nil || len(events) != 1 {
		return fmt.Errorf("reload event %d for its revision: %w", id, err)
	}
	return eventRevision(ctx, tx, id, events[0].Version, action, by, reason, recordOf(events[0]), false)
}

func eventRevision(ctx context.Context, tx pgx.Tx, id int64, version int, action string, by auth.User,
	reason string, rec eventRecord, pending bool) error {
	rec.Pending = pending
	author, authorID := authorOf(by)
	if strings.TrimSpace(reason) == "" {
		reason = defaultReason(action)
	}
	return writeRevisions(ctx, tx, revision{Entity: "event", EntityID: id, Version: version, Action: action,
		Author: author, AuthorID: authorID, Reason: reason, Record: rec})
}

// EventAction is a workflow step on an event.
type EventAction struct {
	ID      int64
	Version int    // the version the person saw
	Reason  string // why; required to send back and to retract
	// AllowSelfPublish lets the author of a change publish it (small teams).
	AllowSelfPublish bool
}

func (s *Store) eventAction(ctx context.Context, a EventAction, fn func(pgx.Tx, StaffEvent) (int, error)) (int, error) {
	if err := timeline.ValidateText(a.Reason, false, timeline.MaxNoteLength); err != nil {
		return 0, &timeline.ValidationError{Problems: []timeline.Problem{{Field: "reason", Message: err.Error()}}}
	}
	var version int
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		cur, err := lockEvent(ctx, tx, a.ID, a.Version)
		if err != nil {
			return err
		}
		version, err = fn(tx, cur)
		return err
	})
	return version, constraintError(err)
}

// SubmitEvent puts a draft up for review.
func (s *Store) SubmitEvent(ctx context.Context, by auth.User, a EventAction) (int, error) {
	return s.eventAction(ctx, a, func(tx pgx.Tx, cur StaffEvent) (int, error) {
		if err := timeline.MayTakeStep(timeline.StepSubmit, by, cur.Facts(), a.AllowSelfPublish); err != nil {
			return 0, err
		}
		return setWorkStatus(ctx, tx, by, cur, timeline.StatusInReview, "submit", a.Reason)
	})
}

// SendBackEvent returns work in review to draft with the reviewer's comment.
func (s *Store) SendBackEvent(ctx context.Context, by auth.User, a EventAction) (int, error) {
	return s.eventAction(ctx, a, func(tx pgx.Tx, cur StaffEvent) (int, error) {
		if err := timeline.MayTakeStep(timeline.StepSendBack, by, cur.Facts(), a.AllowSelfPublish); err != nil {
			return 0, err
		}
		if strings.TrimSpace(a.Reason) == "" {
			return 0, &timeline.ValidationError{Problems: []timeline.Problem{{Field: "reason", Message: "say what needs to change"}}}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO review_comments (event_id, author_id, body) VALUES ($1, $2, $3)`,
			cur.Live.ID, nullID(by.ID), a.Reason); err != nil {
			return 0, fmt.Errorf("save comment: %w", err)
		}
		return setWorkStatus(ctx, tx, by, cur, timeline.StatusDraft, "send_back", a.Reason)
	})
}

func setWorkStatus(ctx context.Context, tx pgx.Tx, by auth.User, cur StaffEvent, status timeline.Status, action, reason string) (int, error) {
	if cur.Pending {
		if _, err := tx.Exec(ctx, `UPDATE event_drafts SET status = $2, updated_at = now() WHERE event_id = $1`, cur.Live.ID, status); err != nil {
			return 0, fmt.Errorf("update pending edit: %w", err)
		}
		version, err := bumpVersion(ctx, tx, cur.Live.ID)
		if err != nil {
			return 0, err
		}
		w := cur.Work
		w.Status = status
		return version, eventRevision(ctx, tx, cur.Live.ID, version, action, by, reason, recordOf(w), true)
	}
	var version int
	if err := tx.QueryRow(ctx, `
UPDATE events SET status = $2, version = version + 1, updated_at = now(), updated_by = $3 WHERE id = $1 RETURNING version`,
		cur.Live.ID, status, nullID(by.ID)).Scan(&version); err != nil {
		return 0, fmt.Errorf("update event status: %w", err)
	}
	return version, liveRevision(ctx, tx, cur.Live.ID, action, by, reason)
}

// PublishEvent makes work in review public: a new event goes live, a pending
// edit replaces the published version. By default the author of any part of
// the change may not publish it (EFORBIDDEN).
func (s *Store) PublishEvent(ctx context.Context, by auth.User, a EventAction) (int, error) {
	return s.eventAction(ctx, a, func(tx pgx.Tx, cur StaffEvent) (int, error) {
		if err := timeline.MayTakeStep(timeline.StepPublish, by, cur.Facts(), a.AllowSelfPublish); err != nil {
			return 0, err
		}
		w := cur.Work
		w.Status = timeline.StatusPublished
		if err := w.Validate(); err != nil {
			return 0, stripItem(err)
		}
		version, err := writeLive(ctx, tx, by, cur.Live.ID, w)
		if err != nil {
			return 0, err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM event_drafts WHERE event_id = $1`, cur.Live.ID); err != nil {
			return 0, fmt.Errorf("clear pending edit: %w", err)
		}
		return version, liveRevision(ctx, tx, cur.Live.ID, "publish", by, a.Reason)
	})
}

// RetractEvent withdraws a published event: it leaves the timeline but keeps
// its permalink with a notice. A reason is required.
func (s *Store) RetractEvent(ctx context.Context, by auth.User, a EventAction) (int, error) {
	return s.eventAction(ctx, a, func(tx pgx.Tx, cur StaffEvent) (int, error) {
		if err := timeline.MayTakeStep(timeline.StepRetract, by, cur.Facts(), a.AllowSelfPublish); err != nil {
			return 0, err
		}
		if strings.TrimSpace(a.Reason) == "" {
			return 0, &timeline.ValidationError{Problems: []timeline.Problem{{Field: "reason", Message: "say why the event is retracted"}}}
		}
		var version int
		if err := tx.QueryRow(ctx, `
UPDATE events SET status = 'retracted', version = version + 1, updated_at = now(), updated_by = $2 WHERE id = $1
RETURNING version`, cur.Live.ID, nullID(by.ID)).Scan(&version); err != nil {
			return 0, fmt.Errorf("retract event: %w", err)
		}
		return version, liveRevision(ctx, tx, cur.Live.ID, "retract", by, a.Reason)
	})
}

// DeleteEvent deletes an event the public has never seen. Published events
// are retracted instead, so their permalinks keep working. Its revisions
// stay, ending with the deletion.
func (s *Store) DeleteEvent(ctx context.Context, by auth.User, a EventAction) error {
	_, err := s.eventAction(ctx, a, func(tx pgx.Tx, cur StaffEvent) (int, error) {
		if err := timeline.MayTakeStep(timeline.StepDelete, by, cur.Facts(), a.AllowSelfPublish); err != nil {
			return 0, err
		}
		if err := eventRevision(ctx, tx, cur.Live.ID, cur.Version+1, "delete", by, a.Reason, recordOf(cur.Live), false); err != nil {
			return 0, err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM events WHERE id = $1`, cur.Live.ID); err != nil {
			return 0, fmt.Errorf("delete event: %w", err)
		}
		return 0, nil
	})
	return err
}

// RestoreEvent makes an earlier revision the event's work again, as a new
// draft revision. For a published event it becomes a pending edit that goes
// through review like any other.
func (s *Store) RestoreEvent(ctx context.Context, by auth.User, a EventAction, revisionID int64) (int, error) {
	return s.eventAction(ctx, a, func(tx pgx.Tx, cur StaffEvent) (int, error) {
		var raw []byte
		var version int
		err := tx.QueryRow(ctx, `SELECT record, version FROM revisions WHERE id = $1 AND entity = 'event' AND entity_id = $2`,
			revisionID, cur.Live.ID).Scan(&raw, &version)
		if err != nil {
			return 0, notFound(fmt.Errorf("load revision %d: %w", revisionID, err), "Event %d has no revision %d.", cur.Live.ID, revisionID)
		}
		var rec eventRecord
		if err := json.Unmarshal(raw, &rec); err != nil {
			return 0, fmt.Errorf("decode revision %d: %w", revisionID, err)
		}
		e, err := eventFromRecord(ctx, tx, rec)
		if err != nil {
			return 0, err
		}
		for _, c := range e.Citations {
			if c.Source.ID == 0 {
				return 0, timeline.Errorf(timeline.ECONFLICT, "Version %d cites a source that no longer exists (%s); restore it by hand.", version, c.Source.Title)
			}
		}
		e.ID, e.Slug, e.Status = cur.Live.ID, cur.Live.Slug, timeline.StatusDraft
		if err := e.Validate(); err != nil {
			return 0, stripItem(err)
		}
		reason := a.Reason
		if reason == "" {
			reason = fmt.Sprintf("restored version %d", version)
		}
		return saveWork(ctx, tx, by, cur, e, "restore", reason)
	})
}

// DiscardPendingEdit drops a pending edit of a published event; the
// published version stays as it is.
func (s *Store) DiscardPendingEdit(ctx context.Context, by auth.User, a EventAction) (int, error) {
	return s.eventAction(ctx, a, func(tx pgx.Tx, cur StaffEvent) (int, error) {
		if err := timeline.MayTakeStep(timeline.StepDiscard, by, cur.Facts(), a.AllowSelfPublish); err != nil {
			return 0, err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM event_drafts WHERE event_id = $1`, cur.Live.ID); err != nil {
			return 0, fmt.Errorf("discard pending edit: %w", err)
		}
		version, err := bumpVersion(ctx, tx, cur.Live.ID)
		if err != nil {
			return 0, err
		}
		return version, eventRevision(ctx, tx, cur.Live.ID, version, "discard", by, a.Reason, recordOf(cur.Live), false)
	})
}

// SetEventTimelines puts the event on exactly the timelines named.
func (s *Store) SetEventTimelines(ctx context.Context, by auth.User, a EventAction, slugs []string) (int, error) {
	return s.eventAction(ctx, a, func(tx pgx.Tx, cur StaffEvent) (int, error) {
		if len(slugs) == 0 {
			return 0, &timeline.ValidationError{Problems: []timeline.Problem{{Field: "timelines", Message: "choose at least one timeline"}}}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM timeline_events WHERE event_id = $1`, cur.Live.ID); err != nil {
			return 0, fmt.Errorf("clear timelines: %w", err)
		}
		for _, slug := range slugs {
			tag, err := tx.Exec(ctx, `INSERT INTO timeline_events (timeline_id, event_id) SELECT id, $2 FROM timelines WHERE slug = $1`, slug, cur.Live.ID)
			if err != nil {
				return 0, fmt.Errorf("put event on timeline %q: %w", slug, err)
			}
			if tag.RowsAffected() == 0 {
				return 0, &timeline.ValidationError{Problems: []timeline.Problem{{Field: "timelines", Message: fmt.Sprintf("there is no timeline %q", slug)}}}
			}
		}
		version, err := bumpVersion(ctx, tx, cur.Live.ID)
		if err != nil {
			return 0, err
		}
		return version, eventRevision(ctx, tx, cur.Live.ID, version, "timelines", by,
			"timelines: "+strings.Join(slugs, ", "), recordOf(cur.Work), cur.Pending)
	})
}
