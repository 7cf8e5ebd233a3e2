package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"annals/internal/timeline"
)

// A spreadsheet import is mostly new events citing new sources. Saved one
// statement at a time that is some twenty round trips an event; here new
// places and sources are inserted in one statement per thousand, and new
// events with their actors, citations, figures and revisions a thousand at
// a time (pipelined INSERTs and COPY), with their ids drawn from the
// sequences beforehand. Their search documents are made once, at commit,
// for all of them together (migration 00019).

const bulkBatch = 1000 // events per chunk

// insertNewSources inserts, in bulk, the document's sources with a URL that
// the database does not have yet, records their revisions, and registers
// them in known (key -> id) and titles. Other sources are left to the
// one-by-one path, which also notices changes.
func insertNewSources(ctx context.Context, tx pgx.Tx, doc timeline.Document, known map[sourceKey]int64,
	titles map[int64]string, opt timeline.ImportOptions) (int, error) {
	var list []timeline.Source
	seen := map[string]bool{}
	add := func(s timeline.Source) {
		if s.URL != "" && !seen[s.URL] {
			seen[s.URL] = true
			list = append(list, s)
		}
	}
	for _, e := range doc.Events {
		for _, c := range e.Citations {
			add(c.Source)
		}
		for _, f := range e.Figures {
			add(f.Source)
		}
	}
	if len(list) == 0 {
		return 0, nil
	}
	urls := make([]string, len(list))
	for i, s := range list {
		urls[i] = s.URL
	}
	rows, err := tx.Query(ctx, `SELECT url FROM sources WHERE url = ANY($1)`, urls)
	if err != nil {
		return 0, fmt.Errorf("find existing sources: %w", err)
	}
	exists := map[string]bool{}
	var u string
	if _, err := pgx.ForEachRow(rows, []any{&u}, func() error { exists[u] = true; return nil }); err != nil {
		return 0, fmt.Errorf("find existing sources: %w", err)
	}
	var fresh []timeline.Source
	for _, s := range list {
		if !exists[s.URL] {
			fresh = append(fresh, s)
		}
	}
	for start := 0; start < len(fresh); start += 1000 {
		chunk := fresh[start:min(start+1000, len(fresh))]
		n := len(chunk)
		url, title, publisher, prec, archive, sha, kind, lang := make([]string, n), make([]string, n), make([]string, n),
			make([]*string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		published, accessed, conf := make([]*time.Time, n), make([]*time.Time, n), make([]bool, n)
		for i, s := range chunk {
			url[i], title[i], publisher[i], archive[i], sha[i], kind[i], lang[i], conf[i] =
				s.URL, s.Title, s.Publisher, s.ArchiveURL, s.SHA256, s.Kind, s.Language, s.Confidential
			accessed[i] = s.AccessedAt
			if !s.Published.IsZero() {
				d, p := s.Published.First(), string(s.Published.Precision)
				published[i], prec[i] = &d, &p
			}
		}
		// Each source comes back as its revision records it, so the
		// revisions need no second read.
		rows, err := tx.Query(ctx, `
INSERT INTO sources AS s (url, title, publisher, published_date, published_precision, accessed_at, archive_url,
  sha256, kind, language, confidential)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::timestamptz[], $7::text[],
  $8::text[], $9::text[], $10::text[], $11::boolean[])
RETURNING s.id, s.url, s.version, `+sourceRecordSQL, url, title, publisher, published, prec, accessed, archive, sha, kind, lang, conf)
		if err != nil {
			return 0, fmt.Errorf("save sources: %w", err)
		}
		var id int64
		var version int
		var rec json.RawMessage
		byURL := map[string]timeline.Source{}
		for _, s := range chunk {
			byURL[s.URL] = s
		}
		author, authorID := importAuthor(opt)
		revs := make([]revision, 0, len(chunk))
		if _, err := pgx.ForEachRow(rows, []any{&id, &u, &version, &rec}, func() error {
			s := byURL[u]
			known[keyOf(s)] = id
			titles[id] = s.Title
			revs = append(revs, revision{Entity: "source", EntityID: id, Version: version, Action: string(created),
				Author: author, AuthorID: authorID, Reason: opt.Reason, Record: slices.Clone(rec)})
			return nil
		}); err != nil {
			return 0, fmt.Errorf("save sources: %w", err)
		}
		if err := writeRevisions(ctx, tx, revs...); err != nil {
			return 0, err
		}
	}
	return len(fresh), nil
}

// nextIDs draws n ids from the identity sequence of table's id column.
func nextIDs(ctx context.Context, tx pgx.Tx, table string, n int) ([]int64, error) {
	if n == 0 {
		return nil, nil
	}
	rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, table, n)
	if err != nil {
		return nil, fmt.Errorf("draw %s ids: %w", table, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("draw %s ids: %w", table, err)
	}
	return ids, nil
}

// insertNewEvents saves events that are not in the database yet, a chunk
// at a time: one multi-row INSERT or COPY per table per chunk.
func insertNewEvents(ctx context.Context, tx pgx.Tx, timelineID int64, events []timeline.Event,
	categories map[string]int64, st eventImport, opt timeline.ImportOptions) error {
	if err := st.savePlaces(ctx, tx, events); err != nil {
		return err
	}
	for start := 0; start < len(events); start += bulkBatch {
		if err := insertEventChunk(ctx, tx, timelineID, events[start:min(start+bulkBatch, len(events))], categories, st, opt); err != nil {
			return err
		}
	}
	return nil
}

// savePlaces saves the places of events that this import has not met yet,
// in one statement, and registers their ids in st.places, so that no event
// asks for its place on its own.
func (st eventImport) savePlaces(ctx context.Context, tx pgx.Tx, events []timeline.Event) error {
	var keys []placeKey
	var names, countries []string
	var lats, lons []*float64
	seen := map[placeKey]bool{}
	for _, e := range events {
		k := keyOfPlace(e.Place)
		if _, ok := st.places[k]; ok || seen[k] || e.Place.IsZero() {
			continue
		}
		seen[k] = true
		keys = append(keys, k)
		names, countries = append(names, e.Place.Name), append(countries, e.Place.Country)
		lats, lons = append(lats, e.Place.Lat), append(lons, e.Place.Lon)
	}
	if len(keys) == 0 {
		return nil
	}
	// A place is its name, country and coordinates (places_identity):
	// new ones are added, then all are read back in the file's order.
	rows, err := tx.Query(ctx, `
WITH k AS (SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[]) WITH ORDINALITY AS k(name, country, lat, lon, i)),
added AS (INSERT INTO places (name, country, lat, lon) SELECT name, country, lat, lon FROM k ON CONFLICT DO NOTHING
          RETURNING id, name, country, lat, lon)
SELECT k.i, coalesce(a.id, p.id)
FROM k
LEFT JOIN added a ON a.name = k.name AND a.country = k.country AND a.lat IS NOT DISTINCT FROM k.lat AND a.lon IS NOT DISTINCT FROM k.lon
LEFT JOIN places p ON p.name = k.name AND p.country = k.country AND p.lat IS NOT DISTINCT FROM k.lat AND p.lon IS NOT DISTINCT FROM k.lon`,
		names, countries, lats, lons)
	if err != nil {
		return fmt.Errorf("save places: %w", err)
	}
	var i int
	var id *int64
	if _, err := pgx.ForEachRow(rows, []any{&i, &id}, func() error {
		if id == nil {
			return fmt.Errorf("place %q was neither found nor added", keys[i-1].name)
		}
		st.places[keys[i-1]] = *id
		return nil
	}); err != nil {
		return fmt.Errorf("save places: %w", err)
	}
	return nil
}

// columns gathers one column per array for an unnest() INSERT.
type columns struct {
	ev struct {
		id, category                             []int64
		place                                    []*int64
		slug, title, summary, status, visibility []string
		start                                    []time.Time
		startPrec                                []string
		end                                      []*time.Time
		endPrec                                  []*string
		startTime, endTime                       []pgtype.Time
	}
	actor struct {
		event, actor []int64
		role         []string
		pos          []int32
	}
	cite struct {
		event, source []int64
		locator, note []string
		pos           []int32
	}
	fig struct {
		id, event, value, source                   []int64
		metric, qualifier, scope, prec, attr, note []string
		asOf                                       []time.Time
		pos                                        []int32
	}
	rev struct {
		id     []int64
		record [][]byte
	}
}

func insertEventChunk(ctx context.Context, tx pgx.Tx, timelineID int64, events []timeline.Event,
	categories map[string]int64, st eventImport, opt timeline.ImportOptions) error {
	nFigures := 0
	for _, e := range events {
		nFigures += len(e.Figures)
	}
	eventIDs, err := nextIDs(ctx, tx, "events", len(events))
	if err != nil {
		return err
	}
	figureIDs, err := nextIDs(ctx, tx, "figures", nFigures)
	if err != nil {
		return err
	}
	var c columns
	for i, e := range events {
		id := eventIDs[i]
		if opt.Drafts {
			e.Status = timeline.StatusDraft
		}
		place, err := st.placeID(ctx, tx, e.Place)
		if err != nil {
			return err
		}
		var placeID *int64
		if p, ok := place.(int64); ok {
			placeID = &p
		}
		ev := &c.ev
		ev.id, ev.category, ev.place = append(ev.id, id), append(ev.category, categories[e.Category.Slug]), append(ev.place, placeID)
		ev.slug, ev.title, ev.summary = append(ev.slug, e.Slug), append(ev.title, e.Title), append(ev.summary, e.Summary)
		ev.status, ev.visibility = append(ev.status, string(e.Status)), append(ev.visibility, string(e.Visibility))
		ev.start, ev.startPrec = append(ev.start, e.When.Start.First()), append(ev.startPrec, string(e.When.Start.Precision))
		ev.startTime, ev.endTime = append(ev.startTime, nullTime(e.When.StartTime)), append(ev.endTime, nullTime(e.When.EndTime))
		if e.When.End.IsZero() {
			ev.end, ev.endPrec = append(ev.end, nil), append(ev.endPrec, nil)
		} else {
			d, p := e.When.End.First(), string(e.When.End.Precision)
			ev.end, ev.endPrec = append(ev.end, &d), append(ev.endPrec, &p)
		}
		for j, a := range e.Actors {
			c.actor.event, c.actor.actor = append(c.actor.event, id), append(c.actor.actor, st.actors[a.Actor.Slug])
			c.actor.role, c.actor.pos = append(c.actor.role, a.Role), append(c.actor.pos, int32(j))
		}
		cited := make([]timeline.Citation, 0, len(e.Citations))
		var sids []int64
		for j, ci := range e.Citations {
			sid, err := st.sourceID(ci.Source)
			if err != nil {
				return err
			}
			if containsID(sids, sid) {
				continue // the same source cited twice in one event is one citation
			}
			sids = append(sids, sid)
			ci.Source.ID, ci.Source.Title = sid, st.titles[sid]
			cited = append(cited, ci)
			c.cite.event, c.cite.source = append(c.cite.event, id), append(c.cite.source, sid)
			c.cite.locator, c.cite.note, c.cite.pos = append(c.cite.locator, ci.Locator), append(c.cite.note, ci.Note), append(c.cite.pos, int32(j))
		}
		figures := make([]timeline.Figure, len(e.Figures))
		for j, f := range e.Figures {
			sid, err := st.sourceID(f.Source)
			if err != nil {
				return err
			}
			f.Source.ID, f.ID = sid, figureIDs[0]
			figureIDs = figureIDs[1:]
			figures[j] = f
			fc := &c.fig
			fc.id, fc.event, fc.value, fc.source = append(fc.id, f.ID), append(fc.event, id), append(fc.value, f.Value), append(fc.source, sid)
			fc.metric, fc.qualifier, fc.scope = append(fc.metric, f.Metric), append(fc.qualifier, string(f.Qualifier)), append(fc.scope, string(f.Scope))
			fc.asOf, fc.prec = append(fc.asOf, f.AsOf.First()), append(fc.prec, string(f.AsOf.Precision))
			fc.attr, fc.note, fc.pos = append(fc.attr, f.Attribution), append(fc.note, f.Note), append(fc.pos, int32(j))
		}
		// The first revision is the event as saved, built here, not reloaded.
		e.Citations, e.Figures = cited, figures
		record, err := json.Marshal(timeline.EventRecordOf(e))
		if err != nil {
			return fmt.Errorf("encode revision: %w", err)
		}
		c.rev.id, c.rev.record = append(c.rev.id, id), append(c.rev.record, record)
	}
	b := &pgx.Batch{}
	ev := c.ev
	b.Queue(`
INSERT INTO events (id, slug, title, summary, start_date, start_precision, end_date, end_precision, category_id,
  place_id, status, visibility, start_time, end_time)
OVERRIDING SYSTEM VALUE
SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::date[], $8::text[],
  $9::bigint[], $10::bigint[], $11::text[], $12::text[], $13::time[], $14::time[])`,
		ev.id, ev.slug, ev.title, ev.summary, ev.start, ev.startPrec, ev.end, ev.endPrec, ev.category, ev.place, ev.status, ev.visibility,
		ev.startTime, ev.endTime)
	if f := c.fig; len(f.id) > 0 {
		b.Queue(`
INSERT INTO figures (id, event_id, metric, value, qualifier, scope, as_of_date, as_of_precision, source_id,
  attribution, note, position)
OVERRIDING SYSTEM VALUE
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::date[], $8::text[],
  $9::bigint[], $10::text[], $11::text[], $12::int[])`,
			f.id, f.event, f.metric, f.value, f.qualifier, f.scope, f.asOf, f.prec, f.source, f.attr, f.note, f.pos)
	}
	for i, e := range events {
		queueMedia(b, eventIDs[i], e.Media)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("save new events: %w", err)
	}
	// The links go in with COPY, a quarter faster than INSERT for rows
	// that are all new (the events were made just now).
	links := []struct {
		table string
		cols  []string
		n     int
		row   func(i int) []any
	}{
		{"timeline_events", []string{"timeline_id", "event_id"}, len(ev.id),
			func(i int) []any { return []any{timelineID, ev.id[i]} }},
		{"event_actors", []string{"event_id", "actor_id", "role", "position"}, len(c.actor.event),
			func(i int) []any { return []any{c.actor.event[i], c.actor.actor[i], c.actor.role[i], c.actor.pos[i]} }},
		{"event_sources", []string{"event_id", "source_id", "locator", "note", "position"}, len(c.cite.event),
			func(i int) []any {
				return []any{c.cite.event[i], c.cite.source[i], c.cite.locator[i], c.cite.note[i], c.cite.pos[i]}
			}},
	}
	for _, l := range links {
		if l.n == 0 {
			continue
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{l.table}, l.cols,
			pgx.CopyFromSlice(l.n, func(i int) ([]any, error) { return l.row(i), nil })); err != nil {
			return fmt.Errorf("save new events' %s: %w", l.table, err)
		}
	}
	author, authorID := importAuthor(opt)
	revs := make([]revision, len(c.rev.id))
	for i, id := range c.rev.id {
		revs[i] = revision{Entity: "event", EntityID: id, Version: 1, Action: string(created),
			Author: author, AuthorID: authorID, Reason: opt.Reason, Record: json.RawMessage(c.rev.record[i])}
	}
	return writeRevisions(ctx, tx, revs...)
}
