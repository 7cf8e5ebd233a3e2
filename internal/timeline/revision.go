package timeline

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
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

// PendingRecord reports whether a revision's record is a pending edit of a
// published event (the public kept seeing the published version).
func PendingRecord(record json.RawMessage) bool {
	var r struct {
		Pending bool `json:"pending"`
	}
	return json.Unmarshal(record, &r) == nil && r.Pending
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
	case "propose":
		return "proposed"
	case "accept":
		return "accepted"
	case "reject":
		return "rejected"
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

// RevisionActions are the kinds of change a revision records, for the
// staff history list's filter.
var RevisionActions = []string{"create", "save", "update", "submit", "publish", "send_back", "retract", "delete",
	"restore", "discard", "timelines", "merge", "merged_away", "translation_save", "translation_publish",
	"translation_delete", "capture", "second_factor"}

// RevisionEntities are the kinds of record revisions are kept of.
var RevisionEntities = []string{"event", "event_translation", "source", "figure", "timeline", "timeline_translation",
	"era", "category", "actor", "place", "metric", "capture", "user", "setting", "api_token"}

// RevisionQuery narrows and orders the staff history list: every revision
// of the record, newest first by default. Every field is optional.
type RevisionQuery struct {
	Text     string   // part of the reason, the author's name or the record's title or name
	Author   int64    // the account that made the change
	Timeline string   // slug: changes of its events, their translations and figures, its eras and itself
	Action   string   // one of RevisionActions
	Entity   string   // one of RevisionEntities
	From, To string   // ISO dates (year, month or day): made on [From, To], UTC
	Entities []string // the kinds of record the reader may see (nil: all)
	Sort     string   // one of RevisionSorts ("" is "newest")
	After    string   // a page's Next
	Limit    int
}

// RevisionSorts are the orders of the staff history list.
var RevisionSorts = []string{"newest", "oldest", "author"}

// RevisionEntry is one revision as the history list shows it: without its
// record, but with the record's title or name.
type RevisionEntry struct {
	ID        int64
	Entity    string
	EntityID  int64
	Version   int
	Action    string
	Author    string
	Reason    string
	CreatedAt time.Time
	Title     string
}

// RevisionPage is one page of the history list and the cursor of the next
// ("" on the last page).
type RevisionPage struct {
	Revisions []RevisionEntry
	Next      string
}
