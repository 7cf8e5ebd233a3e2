package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"annals/internal/timeline"
)

// querier is what both a pool and a transaction offer.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// eventQuery selects the events to load; the zero value selects nothing.
type eventQuery struct {
	timelineID int64   // events on this timeline
	ids        []int64 // or these events
	slug       string  // or this event
	publicOnly bool    // only published, public events
	// retracted, with publicOnly, also selects retracted public events: a
	// retracted event keeps its permalink (with a notice) but leaves lists.
	retracted bool
	filter    timeline.Filter
	after     *eventCursor // only events after this one, in timeline order (API pages)
	before    *eventCursor // only events before this one (windows going back in time)
	desc      bool         // newest first
	idsOnly   bool         // the events' own columns, without actors, citations and figures
	// withFigures selects only events with figures, and loads only their
	// figures: a chart draws the figures and names each one's event, and
	// the actors, citations and media of a range's events would be three
	// more queries for nothing.
	withFigures bool
	limit       int // at most this many; 0 means all
	// shape, with publicOnly, is the timeline's size and longest event
	// (read by loadEvents when nil): a date filter's lower bound and the
	// plan follow from it.
	shape *timelineShape
}

// eventsSQL selects the events of eventQuery. Events of one timeline are
// found from its timeline_events rows, and every other query starts from
// the events table (by id, slug or the events_public index), so a page
// costs what it shows, not what else the database holds.
// filterSQL is a reader's filter (timeline.Filter, bound by filterArgs:
// categories, actors, places, from, to) over events e joined with categories c.
const filterSQL = `(cardinality(@categories::text[]) = 0 OR c.slug = ANY(@categories))
  AND (cardinality(@places::bigint[]) = 0 OR e.place_id = ANY(@places))
  AND (cardinality(@actors::text[]) = 0 OR EXISTS (
         SELECT 1 FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
         WHERE ea.event_id = e.id AND a.slug = ANY(@actors)))
  AND (@from::date IS NULL OR e.last_day >= @from)
  AND (@to::date IS NULL OR e.start_date <= @to)`

// publicFromSQL bounds a date filter's walk from below in reads of the
// published, public events of a timeline: no such event lasts longer than
// the timeline's max_span days (kept at write time, migration 00016), so
// one that ends on or after @from starts on or after @from_bound, @from
// minus that (publicFromBound). It selects nothing filterSQL would not; it
// lets an index in date order start near @from instead of at the
// timeline's first event.
const publicFromSQL = `(@from_bound::date IS NULL OR e.start_date >= @from_bound)`

const eventsSQL = `
SELECT e.id, coalesce(e.place_id, 0), e.slug, e.title, e.summary, e.start_date, e.start_precision, e.end_date, e.end_precision,
       e.start_time, e.end_time, c.slug, c.name, coalesce(p.name, ''), coalesce(p.country, ''), p.lat, p.lon,
       e.status, e.visibility, e.version, e.created_at, e.updated_at, coalesce(e.summary_html, '')
FROM %[1]s
JOIN categories c ON c.id = e.category_id
LEFT JOIN places p ON p.id = e.place_id
WHERE %[2]s
  AND (@ids::bigint[] IS NULL OR e.id = ANY(@ids))
  AND (@slug::text IS NULL OR e.slug = @slug)
  AND (NOT @public_only OR (e.visibility = 'public'
         AND (e.status = 'published' OR (@retracted AND e.status = 'retracted'))))
  AND ` + filterSQL + `
  AND (NOT @public_only OR @retracted OR ` + publicFromSQL + `)
  AND (NOT @with_figures OR EXISTS (SELECT 1 FROM figures f WHERE f.event_id = e.id))
  AND (@after_date::date IS NULL OR (e.start_date, array_position(ARRAY['year', 'month', 'day'], e.start_precision::text),
         coalesce(extract(epoch FROM e.start_time)::int, -1), e.id)
         > (@after_date, @after_rank::int, @after_secs::int, @after_id::bigint))
  AND (@before_date::date IS NULL OR (e.start_date, array_position(ARRAY['year', 'month', 'day'], e.start_precision::text),
         coalesce(extract(epoch FROM e.start_time)::int, -1), e.id)
         < (@before_date, @before_rank::int, @before_secs::int, @before_id::bigint))
ORDER BY %[4]s %[3]s, array_position(ARRAY['year', 'month', 'day'], e.start_precision::text) %[3]s,
  coalesce(extract(epoch FROM e.start_time)::int, -1) %[3]s, e.id %[3]s
LIMIT @limit::bigint`

// loadEvents returns the events q selects, oldest first, each with its
// figures, actors, citations and media (only its figures with withFigures).
// With publicOnly, confidential sources are blanked here, so no later layer
// can show them by mistake.
func loadEvents(ctx context.Context, db querier, q eventQuery) ([]timeline.Event, error) {
	args := filterArgs(0, q.filter)
	if q.publicOnly && q.timelineID != 0 && q.shape == nil {
		shape, err := readTimelineShape(ctx, db, q.timelineID)
		if err != nil {
			return nil, err
		}
		q.shape = &shape
	}
	args["from_bound"] = q.shape.fromBound(q.filter)
	args["ids"], args["slug"] = nil, nil
	args["public_only"], args["retracted"], args["with_figures"] = q.publicOnly, q.retracted, q.withFigures
	if q.ids != nil {
		args["ids"] = q.ids
	}
	q.after.args(args, "after")
	q.before.args(args, "before")
	args["limit"] = nil
	if q.limit > 0 {
		args["limit"] = q.limit
	}
	if q.slug != "" {
		args["slug"] = q.slug
	}
	from, where, order := "events e", "true", "e.start_date"
	if q.timelineID != 0 {
		from, where = "timeline_events te JOIN events e ON e.id = te.event_id", "te.timeline_id = @timeline"
		args["timeline"] = q.timelineID
		if q.publicOnly && q.withFigures && !q.retracted {
			// The events with figures are kept by date (migration 00033):
			// a date range reads its own few rows, not every event with a
			// figure or every event in the range.
			from = "timeline_figure_events te JOIN events e ON e.id = te.event_id"
			where += " AND (@from_bound::date IS NULL OR te.start_date >= @from_bound) AND (@to::date IS NULL OR te.start_date <= @to)"
		} else if q.publicOnly && q.limit > 0 && q.shape.few() {
			// A timeline that is a small part of the database walks its
			// own rows in date order (the copy of each event's start date
			// in timeline_events, 00034), from where the window starts:
			// each bound on the date is also put on te.start_date. A large
			// one walks events_timeline_order, which holds the whole
			// order, and its events are most of what that index holds.
			order = "te.start_date"
			where += ` AND (@to::date IS NULL OR te.start_date <= @to)
  AND (@after_date::date IS NULL OR te.start_date >= @after_date)
  AND (@before_date::date IS NULL OR te.start_date <= @before_date)`
			if !q.retracted {
				where += " AND (@from_bound::date IS NULL OR te.start_date >= @from_bound)"
			}
		}
	}
	dir := "ASC"
	if q.desc {
		dir = "DESC"
	}
	rows, err := db.Query(ctx, fmt.Sprintf(eventsSQL, from, where, dir, order), args)
	if err != nil {
		return nil, fmt.Errorf("query events: %w", err)
	}
	var events []timeline.Event
	index := map[int64]int{}
	for rows.Next() {
		var e timeline.Event
		var start, end dbDate
		var startTime, endTime dbTime
		var lat, lon *float64
		if err := rows.Scan(&e.ID, &e.PlaceID, &e.Slug, &e.Title, &e.Summary, &start.date, &start.precision, &end.date, &end.precision,
			&startTime.t, &endTime.t, &e.Category.Slug, &e.Category.Name, &e.Place.Name, &e.Place.Country, &lat, &lon,
			&e.Status, &e.Visibility, &e.Version, &e.CreatedAt, &e.UpdatedAt, &e.SummaryHTML); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read event: %w", err)
		}
		e.When.Start = start.fuzzy()
		e.When.End = end.fuzzy()
		e.When.StartTime = startTime.timeOfDay()
		e.When.EndTime = endTime.timeOfDay()
		e.Place.Lat, e.Place.Lon = lat, lon
		index[e.ID] = len(events)
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	if len(events) == 0 || q.idsOnly {
		return events, nil
	}
	ids := make([]int64, len(events))
	for i, e := range events {
		ids[i] = e.ID
	}
	if err := loadFigures(ctx, db, ids, func(id int64, f timeline.Figure) {
		if q.publicOnly && f.Source.Confidential {
			f.Source = redact(f.Source)
			f.Attribution = ""
		}
		events[index[id]].Figures = append(events[index[id]].Figures, f)
	}); err != nil {
		return nil, err
	}
	if q.withFigures {
		return events, nil
	}
	if err := loadActors(ctx, db, ids, func(id int64, a timeline.EventActor) {
		events[index[id]].Actors = append(events[index[id]].Actors, a)
	}); err != nil {
		return nil, err
	}
	if err := loadCitations(ctx, db, ids, func(id int64, c timeline.Citation) {
		if q.publicOnly && c.Source.Confidential {
			// Where in a confidential source and what it supports can
			// identify it (or the person who gave it): keep neither.
			c.Source = redact(c.Source)
			c.Locator, c.Note = "", ""
		}
		events[index[id]].Citations = append(events[index[id]].Citations, c)
	}); err != nil {
		return nil, err
	}
	if err := loadMedia(ctx, db, ids, func(id int64, m timeline.Media) {
		events[index[id]].Media = append(events[index[id]].Media, m)
	}); err != nil {
		return nil, err
	}
	return events, nil
}

// filterArgs are the named arguments of a filter on timeline id:
// @timeline, @categories, @actors, @places, @from and @to.
func filterArgs(id int64, f timeline.Filter) pgx.NamedArgs {
	return pgx.NamedArgs{
		"timeline":   id,
		"categories": nonNil(f.Categories),
		"actors":     nonNil(f.Actors),
		"places":     nonNilIDs(f.Places),
		"from":       nullDate(f.From, false),
		"to":         nullDate(f.To, true),
		"from_bound": nil,
	}
}

// timelineShape is what the reads of a timeline's published, public
// events plan with, kept at write time (migration 00016): how many there
// are and the longest one in days. The zero value (a timeline without kept
// state) bounds nothing.
type timelineShape struct {
	known   bool
	events  int
	maxSpan int
}

// readTimelineShape reads the shape of timeline id.
func readTimelineShape(ctx context.Context, db querier, id int64) (timelineShape, error) {
	var sh timelineShape
	err := db.QueryRow(ctx, `SELECT event_count, max_span FROM timeline_versions WHERE timeline_id = $1`, id).
		Scan(&sh.events, &sh.maxSpan)
	if errors.Is(err, pgx.ErrNoRows) {
		return sh, nil
	}
	if err != nil {
		return sh, fmt.Errorf("read the shape of timeline %d: %w", id, err)
	}
	sh.known = true
	return sh, nil
}

// fromBound is the earliest start a published, public event can have and
// still reach f.From (see publicFromSQL), or nil when there is no bound.
func (sh *timelineShape) fromBound(f timeline.Filter) any {
	if sh == nil || !sh.known || f.From.IsZero() {
		return nil
	}
	bound := f.From.First().AddDate(0, 0, -sh.maxSpan)
	if bound.Year() < -4712 { // before PostgreSQL's first date
		return nil
	}
	return bound
}

// fewEvents is the most published events a timeline may hold for a public
// read of some of them in timeline order to walk its own rows in date
// order (see loadEvents) rather than the index of every event in timeline
// order, which a timeline holding a small part of a large database would
// make walk most of it.
const fewEvents = 5000

// few reports whether the timeline holds at most fewEvents published events.
func (sh *timelineShape) few() bool {
	return sh != nil && sh.known && sh.events <= fewEvents
}

// publicFromBound reads the shape of timeline id and gives the bound of f.
func publicFromBound(ctx context.Context, db querier, id int64, f timeline.Filter) (any, error) {
	if f.From.IsZero() {
		return nil, nil
	}
	sh, err := readTimelineShape(ctx, db, id)
	if err != nil {
		return nil, err
	}
	return sh.fromBound(f), nil
}

// redact keeps only the fact that a confidential source exists.
func redact(s timeline.Source) timeline.Source {
	if !s.Confidential {
		return s
	}
	return timeline.Source{ID: s.ID, Confidential: true, Kind: "other"}
}

func loadActors(ctx context.Context, db querier, ids []int64, add func(int64, timeline.EventActor)) error {
	rows, err := db.Query(ctx, `
SELECT ea.event_id, a.slug, a.name, a.kind, a.note, ea.role
FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
WHERE ea.event_id = ANY($1)
ORDER BY ea.event_id, ea.position`, ids)
	if err != nil {
		return fmt.Errorf("query event actors: %w", err)
	}
	var id int64
	var a timeline.EventActor
	_, err = pgx.ForEachRow(rows, []any{&id, &a.Actor.Slug, &a.Actor.Name, &a.Actor.Kind, &a.Actor.Note, &a.Role}, func() error {
		add(id, a)
		return nil
	})
	if err != nil {
		return fmt.Errorf("read event actors: %w", err)
	}
	return nil
}

// sourceColumns are scanned by sourceScan, in this order.
const sourceColumns = `s.id, s.url, s.title, s.publisher, s.published_date, s.published_precision,
       s.accessed_at, s.archive_url, s.sha256, s.kind, s.language, s.confidential`

type sourceScan struct {
	src       timeline.Source
	published dbDate
}

func (s *sourceScan) dest() []any {
	return []any{&s.src.ID, &s.src.URL, &s.src.Title, &s.src.Publisher, &s.published.date, &s.published.precision,
		&s.src.AccessedAt, &s.src.ArchiveURL, &s.src.SHA256, &s.src.Kind, &s.src.Language, &s.src.Confidential}
}

func (s *sourceScan) source() timeline.Source {
	out := s.src
	out.Published = s.published.fuzzy()
	return out
}

func loadCitations(ctx context.Context, db querier, ids []int64, add func(int64, timeline.Citation)) error {
	rows, err := db.Query(ctx, `
SELECT es.event_id, es.locator, es.note, `+sourceColumns+`
FROM event_sources es JOIN sources s ON s.id = es.source_id
WHERE es.event_id = ANY($1)
ORDER BY es.event_id, es.position`, ids)
	if err != nil {
		return fmt.Errorf("query citations: %w", err)
	}
	var id int64
	var c timeline.Citation
	var s sourceScan
	_, err = pgx.ForEachRow(rows, append([]any{&id, &c.Locator, &c.Note}, s.dest()...), func() error {
		c.Source = s.source()
		add(id, c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("read citations: %w", err)
	}
	return nil
}

func loadFigures(ctx context.Context, db querier, ids []int64, add func(int64, timeline.Figure)) error {
	rows, err := db.Query(ctx, `
SELECT f.event_id, f.id, f.metric, f.value, f.qualifier, f.scope, f.as_of_date, f.as_of_precision,
       f.attribution, f.note, `+sourceColumns+`
FROM figures f JOIN sources s ON s.id = f.source_id
WHERE f.event_id = ANY($1)
ORDER BY f.event_id, f.position, f.id`, ids)
	if err != nil {
		return fmt.Errorf("query figures: %w", err)
	}
	var id int64
	var f timeline.Figure
	var asOf dbDate
	var s sourceScan
	dest := append([]any{&id, &f.ID, &f.Metric, &f.Value, &f.Qualifier, &f.Scope, &asOf.date, &asOf.precision,
		&f.Attribution, &f.Note}, s.dest()...)
	_, err = pgx.ForEachRow(rows, dest, func() error {
		f.AsOf = asOf.fuzzy()
		f.Source = s.source()
		add(id, f)
		return nil
	})
	if err != nil {
		return fmt.Errorf("read figures: %w", err)
	}
	return nil
}

// dbDate is a date and precision as stored: the first day plus a precision.
type dbDate struct {
	date      *time.Time
	precision *string
}

func (d dbDate) fuzzy() timeline.FuzzyDate {
	if d.date == nil || d.precision == nil {
		return timeline.FuzzyDate{}
	}
	return timeline.FromTime(*d.date, timeline.Precision(*d.precision))
}

// nullDate is the first (or, with last, the last) day of d, or nil.
func nullDate(d timeline.FuzzyDate, last bool) any {
	if d.IsZero() {
		return nil
	}
	if last {
		return d.Last()
	}
	return d.First()
}

func nullPrecision(d timeline.FuzzyDate) any {
	if d.IsZero() {
		return nil
	}
	return string(d.Precision)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilIDs(s []int64) []int64 {
	if s == nil {
		return []int64{}
	}
	return s
}

func notFound(err error, format string, args ...any) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return timeline.Errorf(timeline.ENOTFOUND, format, args...)
	}
	return err
}

// dbTime scans a time(0) column that may be NULL.
type dbTime struct{ t pgtype.Time }

func (d dbTime) timeOfDay() timeline.TimeOfDay {
	if !d.t.Valid {
		return timeline.TimeOfDay{}
	}
	mins := d.t.Microseconds / 60_000_000
	t, err := timeline.NewTimeOfDay(int(mins/60), int(mins%60))
	if err != nil {
		return timeline.TimeOfDay{}
	}
	return t
}

// nullTime is t for a time(0) column, or NULL for no time.
func nullTime(t timeline.TimeOfDay) pgtype.Time {
	if t.IsZero() {
		return pgtype.Time{}
	}
	return pgtype.Time{Microseconds: int64(t.Hour()*60+t.Minute()) * 60_000_000, Valid: true}
}
