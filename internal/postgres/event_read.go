package postgres

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// Reading events as the staff see them: the live row, the pending edit and
// the review trail.

// StaffEvents lists events, most recently changed first; status narrows the
// list to work in that status ("" for all).
func (s *Store) StaffEvents(ctx context.Context, status string) ([]timeline.EventSummary, error) {
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
	var out []timeline.EventSummary
	var es timeline.EventSummary
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
func (s *Store) StaffEvent(ctx context.Context, id int64) (timeline.StaffEvent, error) {
	return staffEvent(ctx, s.pool, id)
}

func staffEvent(ctx context.Context, db querier, id int64) (timeline.StaffEvent, error) {
	var out timeline.StaffEvent
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
		var rec timeline.EventRecord
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
	var c timeline.ReviewComment
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
func eventFromRecord(ctx context.Context, db querier, r timeline.EventRecord) (timeline.Event, error) {
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
	for _, m := range r.Media {
		e.Media = append(e.Media, m.Media())
	}
	return e, loadMediaVariants(ctx, db, e.Media)
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

// staffEventSort is one order of the staff list: the key it sorts by (an
// SQL expression over e, the event, and d, its pending edit), the key's
// type for reading a cursor back, and its direction. Every order ends with
// the event's id, so a cursor names one place in it.
//
// An order whose key reads the pending edit cannot follow an index of
// events, so plain is the same key for an event without a pending edit,
// over e alone: the list is then read as two index-ordered parts (events
// without pending edits, and the few with) merged, not sorted whole.
type staffEventSort struct {
	key, typ string
	desc     bool
	plain    string
}

var staffEventSorts = map[string]staffEventSort{
	"changed": {"greatest(e.updated_at, d.updated_at)", "timestamptz", true, "e.updated_at"},
	"oldest":  {"greatest(e.updated_at, d.updated_at)", "timestamptz", false, "e.updated_at"},
	"title":   {"lower(coalesce(d.record->>'title', e.title))", "text", false, "lower(e.title)"},
	"date":    {"e.start_date", "date", true, ""},
}

// staffCursor is where a page of a staff list ends: the order, the sort
// key of its last row as PostgreSQL writes it, and that row's id.
type staffCursor struct {
	Sort string `json:"s"`
	Key  string `json:"k"`
	ID   int64  `json:"i"`
}

func (c staffCursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeStaffCursor reads a page's Next; a cursor of another order or a
// made-up one is refused by name of the parameter.
func decodeStaffCursor(after, sort string) (staffCursor, error) {
	var cur staffCursor
	if after == "" {
		return cur, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(after)
	if err != nil || json.Unmarshal(b, &cur) != nil || cur.Sort != sort || cur.ID <= 0 {
		return cur, &timeline.ValidationError{Problems: []timeline.Problem{{Field: "after",
			Message: "this is not a page of this list; start again from the first page"}}}
	}
	return cur, nil
}

// StaffEventList returns a page of the staff list of events: narrowed by
// q's filters, in q's order, after q.After. Filters are added to the
// statement only when set, so each list is planned for what it asks.
func (s *Store) StaffEventList(ctx context.Context, q timeline.StaffEventQuery) (timeline.StaffEventPage, error) {
	var page timeline.StaffEventPage
	p := timeline.NewProblems("")
	if q.Sort == "" {
		q.Sort = "changed"
	}
	order, ok := staffEventSorts[q.Sort]
	if !ok {
		p.Add("sort", "%q is not an order of this list", q.Sort)
	}
	if q.Status != "" && !q.Status.Valid() {
		p.Add("status", "%q is not a status", q.Status)
	}
	args := pgx.NamedArgs{}
	var where []string
	for _, d := range []struct {
		field, value, cond string
		last               bool
	}{{"from", q.From, "e.last_day >= @from", false}, {"to", q.To, "e.start_date <= @to", true}} {
		if d.value == "" {
			continue
		}
		fd, err := timeline.ParseDate(d.value)
		if err != nil {
			p.Add(d.field, "%s", err.Error())
			continue
		}
		if d.last {
			args[d.field] = fd.Last()
		} else {
			args[d.field] = fd.First()
		}
		where = append(where, d.cond)
	}
	cur, err := decodeStaffCursor(q.After, q.Sort)
	if err != nil {
		p.Merge(err)
	}
	if err := p.Err(); err != nil {
		return page, err
	}
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 50
	}
	if text := strings.TrimSpace(q.Text); text != "" {
		// Through the trigram indexes on titles (00025); the pending
		// edits are few. A number finds that event too.
		number := ""
		if n, err := strconv.ParseInt(strings.TrimPrefix(text, "#"), 10, 64); err == nil {
			number = "\n  UNION ALL SELECT @number::bigint"
			args["number"] = n
		}
		where = append(where, `e.id IN (SELECT id FROM events WHERE title ILIKE @pattern
  UNION ALL SELECT event_id FROM event_drafts WHERE record->>'title' ILIKE @pattern`+number+`)`)
		args["pattern"] = likePattern(text)
	}
	if q.Status != "" {
		where = append(where, "coalesce(d.status, e.status) = @status")
		args["status"] = string(q.Status)
	}
	if q.Timeline != "" {
		where = append(where, `EXISTS (SELECT 1 FROM timeline_events te JOIN timelines t ON t.id = te.timeline_id
  WHERE te.event_id = e.id AND t.slug = @timeline)`)
		args["timeline"] = q.Timeline
	}
	if q.Category != "" {
		where = append(where, "e.category_id = (SELECT id FROM categories WHERE slug = @category)")
		args["category"] = q.Category
	}
	if q.Author != 0 {
		where = append(where, "coalesce(d.author_id, e.updated_by) = @author")
		args["author"] = q.Author
	}
	if q.NeedsReviewBy != 0 {
		// As draftAuthors decides who wrote the work: the reviewer wrote
		// no part of it since it was last published.
		where = append(where, `coalesce(d.status, e.status) = 'in_review' AND NOT EXISTS (
  SELECT 1 FROM revisions r WHERE r.entity = 'event' AND r.entity_id = e.id AND r.author_id = @reviewer
    AND r.action NOT IN ('publish', 'send_back', 'retract', 'discard', 'delete')
    AND r.id > coalesce((SELECT max(id) FROM revisions p WHERE p.entity = 'event' AND p.entity_id = e.id AND p.action = 'publish'), 0))`)
		args["reviewer"] = q.NeedsReviewBy
	}
	dir, cmp := "ASC", ">"
	if order.desc {
		dir, cmp = "DESC", "<"
	}
	if cur.ID != 0 {
		args["after_key"], args["after_id"] = cur.Key, cur.ID
	}
	args["limit"] = q.Limit + 1
	// part is the list's statement over the events that where and extra
	// select, ordered by key (the order's key and type come from
	// staffEventSorts, never from input).
	part := func(where []string, key, from string, extra ...string) string {
		w := append(slices.Clone(where), extra...)
		if cur.ID != 0 {
			w = append(w, fmt.Sprintf("(%s, e.id) %s (@after_key::%s, @after_id)", key, cmp, order.typ))
		}
		if len(w) == 0 {
			w = []string{"TRUE"}
		}
		return `SELECT e.id, e.slug, coalesce(d.record->>'title', e.title) AS title, coalesce(d.status, e.status) AS status,
       e.status AS live_status, d.event_id IS NOT NULL AS pending, coalesce(d.record->>'visibility', e.visibility) AS visibility,
       greatest(e.updated_at, d.updated_at) AS changed, coalesce(nullif(u.name, ''), u.email, '') AS by, e.version,
       e.start_date, e.start_precision, ` + key + ` AS k
` + from + `
LEFT JOIN users u ON u.id = coalesce(d.author_id, e.updated_by)
WHERE ` + strings.Join(w, "\n  AND ") + `
ORDER BY ` + key + ` ` + dir + `, e.id ` + dir + `
LIMIT @limit`
	}
	const all = "FROM events e LEFT JOIN event_drafts d ON d.event_id = e.id"
	stmt := part(where, order.key, all)
	if order.plain != "" {
		// Without a pending edit the work is the event itself, and saying
		// so lets the status and author filters use events' indexes.
		plain := strings.NewReplacer("coalesce(d.status, e.status)", "e.status",
			"coalesce(d.author_id, e.updated_by)", "e.updated_by")
		plainWhere := make([]string, len(where))
		for i, w := range where {
			plainWhere[i] = plain.Replace(w)
		}
		plainPart := part(plainWhere, order.plain, all, "d.event_id IS NULL")
		// The pending edits are read from their own table, each event by
		// its key (OFFSET 0 keeps the planner from scanning all events
		// to join them).
		stmt = `SELECT * FROM ((` + plainPart + `)
UNION ALL (` + part(where, order.key, `FROM event_drafts d
CROSS JOIN LATERAL (SELECT * FROM events x WHERE x.id = d.event_id OFFSET 0) e`) + `)) x
ORDER BY k ` + dir + `, id ` + dir + ` LIMIT @limit`
	}
	rows, err := s.pool.Query(ctx, `SELECT id, slug, title, status, live_status, pending, visibility, changed, by, version,
  start_date, start_precision, k::text FROM (`+stmt+`) l ORDER BY k `+dir+`, id `+dir, args)
	if err != nil {
		return page, fmt.Errorf("list events: %w", err)
	}
	var es timeline.EventSummary
	var start time.Time
	var precision string
	var keys []string
	var key string
	_, err = pgx.ForEachRow(rows, []any{&es.ID, &es.Slug, &es.Title, &es.Status, &es.LiveStatus, &es.Pending,
		&es.Visibility, &es.UpdatedAt, &es.UpdatedBy, &es.Version, &start, &precision, &key}, func() error {
		es.Start = timeline.FromTime(start, timeline.Precision(precision))
		page.Events = append(page.Events, es)
		keys = append(keys, key)
		return nil
	})
	if err != nil {
		return page, fmt.Errorf("read events: %w", err)
	}
	if len(page.Events) > q.Limit {
		page.Events = page.Events[:q.Limit]
		last := page.Events[q.Limit-1]
		page.Next = staffCursor{Sort: q.Sort, Key: keys[q.Limit-1], ID: last.ID}.encode()
	}
	return page, nil
}
