package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// Revision is one recorded change: who, when, why and the whole record.
type Revision struct {
	ID        int64
	Entity    string
	EntityID  int64
	Version   int
	Action    string
	Author    string
	Reason    string
	CreatedAt time.Time
	Record    json.RawMessage
}

// History lists the revisions of one event, source or figure, newest first.
// An event's (or timeline's) history includes the revisions of its
// translations (entity "event_translation").
func (s *Store) History(ctx context.Context, entity string, id int64) ([]Revision, error) {
	rows, err := s.pool.Query(ctx, `
SELECT id, entity, entity_id, version, action, author, reason, created_at, record
FROM revisions WHERE entity IN ($1, $1 || '_translation') AND entity_id = $2 ORDER BY id DESC`, entity, id)
	if err != nil {
		return nil, fmt.Errorf("load history of %s %d: %w", entity, id, err)
	}
	var out []Revision
	var r Revision
	_, err = pgx.ForEachRow(rows, []any{&r.ID, &r.Entity, &r.EntityID, &r.Version, &r.Action, &r.Author, &r.Reason,
		&r.CreatedAt, &r.Record}, func() error {
		r.Record = append(json.RawMessage(nil), r.Record...)
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read history of %s %d: %w", entity, id, err)
	}
	if len(out) == 0 {
		return nil, timeline.Errorf(timeline.ENOTFOUND, "There is no history for %s %d.", entity, id)
	}
	return out, nil
}

// Field is one leaf of a record: "title", "sources[0].locator".
type Field struct {
	Name  string
	Value string
}

// Fields flattens a record into named leaves, in a stable order (the
// fields people read first come first).
func Fields(record json.RawMessage) []Field {
	var v any
	if err := json.Unmarshal(record, &v); err != nil {
		return []Field{{Name: "record", Value: string(record)}}
	}
	var out []Field
	flatten("", v, &out)
	return out
}

var fieldOrder = map[string]int{"slug": 1, "title": 2, "status": 3, "pending": 4, "visibility": 5, "start": 6,
	"start_time": 7, "end": 8, "end_time": 9, "category": 10, "place": 11, "summary": 12, "actors": 13, "sources": 14,
	"figures": 15,
	"url":     20, "publisher": 21, "published_date": 22, "kind": 23, "confidential": 24}

func flatten(prefix string, v any, out *[]Field) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			oi, oj := fieldOrder[keys[i]], fieldOrder[keys[j]]
			if oi == 0 {
				oi = 100
			}
			if oj == 0 {
				oj = 100
			}
			if oi != oj {
				return oi < oj
			}
			return keys[i] < keys[j]
		})
		for _, k := range keys {
			name := k
			if prefix != "" {
				name = prefix + "." + k
			}
			flatten(name, x[k], out)
		}
	case []any:
		if len(x) == 0 {
			*out = append(*out, Field{Name: prefix, Value: "(none)"})
		}
		for i, item := range x {
			flatten(prefix+"["+strconv.Itoa(i)+"]", item, out)
		}
	case nil:
		*out = append(*out, Field{Name: prefix, Value: ""})
	case string:
		*out = append(*out, Field{Name: prefix, Value: x})
	case float64:
		*out = append(*out, Field{Name: prefix, Value: strconv.FormatFloat(x, 'f', -1, 64)})
	default:
		*out = append(*out, Field{Name: prefix, Value: fmt.Sprint(x)})
	}
}

// EventAtVersion is the event as it was at one version, read from the
// revision written at that version (revisions hold the whole record). It
// is the common ancestor of a three-way merge. ENOTFOUND when no revision
// has that version.
func (s *Store) EventAtVersion(ctx context.Context, id int64, version int) (timeline.Event, error) {
	var raw []byte
	err := s.pool.QueryRow(ctx, `
SELECT record FROM revisions WHERE entity = 'event' AND entity_id = $1 AND version = $2 ORDER BY id DESC LIMIT 1`,
		id, version).Scan(&raw)
	if err != nil {
		return timeline.Event{}, notFound(fmt.Errorf("load version %d of event %d: %w", version, id, err),
			"Event %d has no version %d.", id, version)
	}
	var rec eventRecord
	if err := json.Unmarshal(raw, &rec); err != nil {
		return timeline.Event{}, fmt.Errorf("decode version %d of event %d: %w", version, id, err)
	}
	e, err := eventFromRecord(ctx, s.pool, rec)
	if err != nil {
		return e, err
	}
	e.ID, e.Version = id, version
	return e, nil
}

// PendingRecord reports whether a revision's record is a pending edit of a
// published event (the public kept seeing the published version).
func PendingRecord(record json.RawMessage) bool {
	var r struct {
		Pending bool `json:"pending"`
	}
	return json.Unmarshal(record, &r) == nil && r.Pending
}

// DiffRevisions compares the records of two revisions in staff words: an
// event's fields by name and its actors, sources and figures one by one;
// other records field by field. Internal ids and flags are left out.
func DiffRevisions(a, b Revision) []timeline.Change {
	if a.Entity == "event" && b.Entity == "event" {
		ea, errA := plainEvent(a.Record)
		eb, errB := plainEvent(b.Record)
		if errA == nil && errB == nil {
			return timeline.DiffEvents(ea, eb)
		}
	}
	return diffPlainRecords(a.Record, b.Record)
}

// plainEvent reads an event record without looking anything up: enough to
// compare two versions (names are the record's slugs and titles).
func plainEvent(raw json.RawMessage) (timeline.Event, error) {
	var r eventRecord
	if err := json.Unmarshal(raw, &r); err != nil {
		return timeline.Event{}, err
	}
	e := timeline.Event{Slug: r.Slug, Title: r.Title, Summary: r.Summary, Place: r.Place, Status: r.Status,
		Visibility: timeline.Visibility(r.Visibility), Category: timeline.Category{Slug: r.Category}}
	// A part that does not parse compares as written: history shows what
	// was stored, even from an older format.
	e.When.Start, _ = timeline.ParseDate(r.Start)
	e.When.End, _ = timeline.ParseDate(r.End)
	e.When.StartTime, _ = timeline.ParseTimeOfDay(r.StartTime)
	e.When.EndTime, _ = timeline.ParseTimeOfDay(r.EndTime)
	for _, a := range r.Actors {
		e.Actors = append(e.Actors, timeline.EventActor{Actor: timeline.Actor{Slug: a.Actor}, Role: a.Role})
	}
	for _, c := range r.Citations {
		e.Citations = append(e.Citations, timeline.Citation{Source: timeline.Source{ID: c.SourceID, Title: c.Title},
			Locator: c.Locator, Note: c.Note})
	}
	for _, f := range r.Figures {
		asOf, _ := timeline.ParseDate(f.AsOf)
		e.Figures = append(e.Figures, timeline.Figure{Metric: f.Metric, Value: f.Value,
			Qualifier: timeline.Qualifier(f.Qualifier), Scope: timeline.Scope(f.Scope), AsOf: asOf,
			Source: timeline.Source{ID: f.SourceID}, Attribution: f.Attribution, Note: f.Note})
	}
	return e, nil
}

// hiddenFields are internal to a record: ids, positions, flags.
var hiddenFields = map[string]bool{"id": true, "pending": true, "position": true, "version": true,
	"event_id": true, "source_id": true, "updated_by": true, "created_by": true, "published_by": true, "author_id": true}

// fieldLabels name the fields of source, figure and translation records.
var fieldLabels = map[string]string{"title": "Title", "summary": "Summary", "url": "URL", "publisher": "Publisher",
	"published_date": "Published", "archive_url": "Archive URL", "kind": "Kind", "language": "Language",
	"confidential": "Confidential", "sha256": "SHA-256 of the captured copy", "accessed_at": "Accessed",
	"metric": "Metric", "value": "Count", "qualifier": "Qualifier", "scope": "Scope", "as_of_date": "As of",
	"attribution": "Attributed to", "note": "Note", "lang": "Language", "status": "Status",
	"published_title": "Published title", "published_summary": "Published summary", "slug": "Permalink slug",
	"name": "Name"}

// longText fields get word-level marks when they change.
var longText = map[string]bool{"title": true, "summary": true, "note": true, "published_title": true,
	"published_summary": true, "attribution": true}

func diffPlainRecords(a, b json.RawMessage) []timeline.Change {
	fa, fb := plainFields(a), plainFields(b)
	old := map[string]string{}
	for _, f := range fa {
		old[f.Name] = f.Value
	}
	seen := map[string]bool{}
	var out []timeline.Change
	for _, f := range fb {
		seen[f.Name] = true
		o, ok := old[f.Name]
		c := timeline.Change{Label: labelOf(f.Name), Kind: timeline.ChangeSame, Old: o, New: f.Value}
		switch {
		case !ok:
			c.Kind = timeline.ChangeChanged
		case o != f.Value:
			c.Kind = timeline.ChangeChanged
			if longText[f.Name] {
				c.Words = timeline.WordDiff(o, f.Value)
			}
		}
		out = append(out, c)
	}
	for _, f := range fa {
		if !seen[f.Name] {
			out = append(out, timeline.Change{Label: labelOf(f.Name), Kind: timeline.ChangeChanged, Old: f.Value})
		}
	}
	return out
}

// plainFields are a record's fields as staff read them: no internal
// fields, dates written with their precision, yes and no for flags.
func plainFields(record json.RawMessage) []Field {
	all := Fields(record)
	values := map[string]string{}
	for _, f := range all {
		values[f.Name] = f.Value
	}
	var out []Field
	for _, f := range all {
		if hiddenFields[f.Name] || strings.HasSuffix(f.Name, "_precision") {
			continue
		}
		if base, ok := strings.CutSuffix(f.Name, "_date"); ok && f.Value != "" {
			if t, err := time.Parse("2006-01-02", f.Value); err == nil {
				p := timeline.Precision(values[base+"_precision"])
				if !p.Valid() {
					p = timeline.PrecisionDay
				}
				f.Value = timeline.FromTime(t, p).Format()
			}
		}
		switch f.Value {
		case "true":
			f.Value = "yes"
		case "false":
			f.Value = "no"
		}
		out = append(out, f)
	}
	return out
}

func labelOf(name string) string {
	if l, ok := fieldLabels[name]; ok {
		return l
	}
	l := strings.ReplaceAll(name, "_", " ")
	if l == "" {
		return l
	}
	return strings.ToUpper(l[:1]) + l[1:]
}

// RevisionLabel describes an action for people.
func RevisionLabel(action string) string {
	switch action {
	case "create":
		return "created"
	case "save":
		return "saved"
	case "submit":
		return "submitted for review"
	case "publish":
		return "published"
	case "send_back":
		return "sent back"
	case "retract":
		return "retracted"
	case "delete":
		return "deleted"
	case "restore":
		return "restored an earlier version"
	case "discard":
		return "pending edit discarded"
	case "timelines":
		return "timelines changed"
	case "merge":
		return "merged a duplicate into this"
	case "merged_away":
		return "merged into another source"
	case "update":
		return "updated"
	case "translation_save":
		return "translation saved"
	case "translation_publish":
		return "translation published"
	case "translation_delete":
		return "translation deleted"
	}
	return strings.ReplaceAll(action, "_", " ")
}
