package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

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

func conflict(id int64, have, base int) error {
	return timeline.ErrorMsgf(timeline.ECONFLICT, "workflow.conflict",
		"Someone else changed this event while you were editing it (you started from version %d; it is now at version %d). Nothing was overwritten.",
		base, have)
}

// SaveEvent saves the editor's work as a draft (or, with Submit, in review)
// and returns the event's id and new version. A stale Version is ECONFLICT
// and changes nothing.
func (s *Store) SaveEvent(ctx context.Context, by auth.User, in timeline.EventSave) (int64, int, error) {
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
			return eventRevision(ctx, tx, id, version, "create", by, in.Reason, timeline.EventRecordOf(e), false)
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
func saveWork(ctx context.Context, tx pgx.Tx, by auth.User, cur timeline.StaffEvent, e timeline.Event, action, reason string) (int, error) {
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
	rec := timeline.EventRecordOf(e)
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
func lockEvent(ctx context.Context, tx pgx.Tx, id int64, base int) (timeline.StaffEvent, error) {
	var version int
	err := tx.QueryRow(ctx, `SELECT version FROM events WHERE id = $1 FOR UPDATE`, id).Scan(&version)
	if err != nil {
		return timeline.StaffEvent{}, notFound(fmt.Errorf("lock event %d: %w", id, err), "There is no event %d.", id)
	}
	if version != base {
		return timeline.StaffEvent{}, conflict(id, version, base)
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
	if err := checkUploads(ctx, tx, *e, p); err != nil {
		return err
	}
	if err := refuseRejected(ctx, tx, *e, p); err != nil {
		return err
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
	return eventRevision(ctx, tx, id, events[0].Version, action, by, reason, timeline.EventRecordOf(events[0]), false)
}

func eventRevision(ctx context.Context, tx pgx.Tx, id int64, version int, action string, by auth.User,
	reason string, rec timeline.EventRecord, pending bool) error {
	rec.Pending = pending
	author, authorID := authorOf(by)
	if strings.TrimSpace(reason) == "" {
		reason = defaultReason(action)
	}
	return writeRevisions(ctx, tx, revision{Entity: "event", EntityID: id, Version: version, Action: action,
		Author: author, AuthorID: authorID, Reason: reason, Record: rec})
}
