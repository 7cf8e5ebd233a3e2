package timeline

import (
	"encoding/json"
	"strings"
	"time"
)

// DiffRevisions compares the records of two revisions in staff words: an
// event's fields by name and its actors, sources and figures one by one;
// other records field by field. Internal ids and flags are left out.
func DiffRevisions(a, b Revision) []Change {
	if a.Entity == "event" && b.Entity == "event" {
		ea, errA := plainEvent(a.Record)
		eb, errB := plainEvent(b.Record)
		if errA == nil && errB == nil {
			return DiffEvents(ea, eb)
		}
	}
	return diffPlainRecords(a.Record, b.Record)
}

// plainEvent reads an event record without looking anything up: enough to
// compare two versions (names are the record's slugs and titles).
func plainEvent(raw json.RawMessage) (Event, error) {
	var r EventRecord
	if err := json.Unmarshal(raw, &r); err != nil {
		return Event{}, err
	}
	e := Event{Slug: r.Slug, Title: r.Title, Summary: r.Summary, Place: r.Place, Status: r.Status,
		Visibility: Visibility(r.Visibility), Category: Category{Slug: r.Category}}
	// A part that does not parse compares as written: history shows what
	// was stored, even from an older format.
	e.When.Start, _ = ParseDate(r.Start)
	e.When.End, _ = ParseDate(r.End)
	e.When.StartTime, _ = ParseTimeOfDay(r.StartTime)
	e.When.EndTime, _ = ParseTimeOfDay(r.EndTime)
	for _, a := range r.Actors {
		e.Actors = append(e.Actors, EventActor{Actor: Actor{Slug: a.Actor}, Role: a.Role})
	}
	for _, c := range r.Citations {
		e.Citations = append(e.Citations, Citation{Source: Source{ID: c.SourceID, Title: c.Title},
			Locator: c.Locator, Note: c.Note})
	}
	for _, f := range r.Figures {
		asOf, _ := ParseDate(f.AsOf)
		e.Figures = append(e.Figures, Figure{Metric: f.Metric, Value: f.Value,
			Qualifier: Qualifier(f.Qualifier), Scope: Scope(f.Scope), AsOf: asOf,
			Source: Source{ID: f.SourceID}, Attribution: f.Attribution, Note: f.Note})
	}
	for _, m := range r.Media {
		e.Media = append(e.Media, m.Media())
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

func diffPlainRecords(a, b json.RawMessage) []Change {
	fa, fb := plainFields(a), plainFields(b)
	old := map[string]string{}
	oldValue := map[string]any{}
	for _, f := range fa {
		old[f.Name] = f.Value
		oldValue[f.Name] = f.value
	}
	seen := map[string]bool{}
	var out []Change
	for _, f := range fb {
		seen[f.Name] = true
		o, ok := old[f.Name]
		c := Change{Label: labelOf(f.Name), Kind: ChangeSame, Old: o, New: f.Value, Field: f.Name,
			OldValue: oldValue[f.Name], NewValue: f.value}
		switch {
		case !ok:
			c.Kind = ChangeChanged
		case o != f.Value:
			c.Kind = ChangeChanged
			if longText[f.Name] {
				c.Words = WordDiff(o, f.Value)
			}
		}
		out = append(out, c)
	}
	for _, f := range fa {
		if !seen[f.Name] {
			out = append(out, Change{Label: labelOf(f.Name), Kind: ChangeChanged, Old: f.Value, Field: f.Name, OldValue: f.value})
		}
	}
	return out
}

// plainField is a field as staff read it; value is the date or flag it
// writes (a FuzzyDate, a bool), nil for other fields.
type plainField struct {
	Field
	value any
}

// plainFields are a record's fields as staff read them: no internal
// fields, dates written with their precision, yes and no for flags.
func plainFields(record json.RawMessage) []plainField {
	all := Fields(record)
	values := map[string]string{}
	for _, f := range all {
		values[f.Name] = f.Value
	}
	var out []plainField
	for _, field := range all {
		f := plainField{Field: field}
		if hiddenFields[f.Name] || strings.HasSuffix(f.Name, "_precision") {
			continue
		}
		if base, ok := strings.CutSuffix(f.Name, "_date"); ok && f.Value != "" {
			if t, err := time.Parse("2006-01-02", f.Value); err == nil {
				p := Precision(values[base+"_precision"])
				if !p.Valid() {
					p = PrecisionDay
				}
				d := FromTime(t, p)
				f.Value, f.value = d.Format(), d
			}
		}
		switch f.Value {
		case "true":
			f.Value, f.value = "yes", true
		case "false":
			f.Value, f.value = "no", false
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
