package views

import "context"

// HistoryListPage is /staff/history: every revision, a page at a time.
type HistoryListPage struct {
	Meta      StaffMeta
	Action    string // the list's own path, for the filter form
	Query     HistoryListQuery
	Rows      []HistoryListRow
	ErrorList []string
	// The filter form's choices.
	Authors, Timelines, Actions, Entities, Sorts []Choice
	NextURL                                      string
	FirstURL                                     string // the first page, when this is a later one
}

// HistoryListQuery is the history list's GET parameters as asked.
type HistoryListQuery struct {
	Q, Author, Timeline, Action, Entity, From, To, Sort string
}

// Params are the query's parameters by name.
func (q HistoryListQuery) Params() map[string]string {
	return map[string]string{"q": q.Q, "author": q.Author, "timeline": q.Timeline, "action": q.Action,
		"entity": q.Entity, "from": q.From, "to": q.To, "sort": q.Sort}
}

// Filtered says a filter or order other than the search is set, so the
// form shows them open.
func (q HistoryListQuery) Filtered() bool {
	return q.Author != "" || q.Timeline != "" || q.Action != "" || q.Entity != "" || q.From != "" || q.To != "" || q.Sort != ""
}

// HistoryListRow is one revision of the list.
type HistoryListRow struct {
	ID                             int64
	When, Author, What, Title, URL string
	Change, Reason                 string
	Version                        int
}

// PickerList is what one of the editor's pickers found for its search:
// each item (a library source, Value its id; an actor, Value its slug) a
// button that adds it to the event.
type PickerList struct {
	Kind  string // "source" or "actor": the picker's field, button and words
	Query string
	Items []Choice
	More  bool // more match than offered
}

// PickerMessage is the message key of a picker's word ("found", "none",
// "attach", "more", "notfound"): the source picker's came first, as
// staff.picker.*; another kind's are staff.picker.<kind>.*.
func PickerMessage(kind, word string) string {
	if kind == "source" {
		return "staff.picker." + word
	}
	return "staff.picker." + kind + "." + word
}

// listHint is what the editor says under a picker about its rows' lists
// (kind "sources" or "actors"): how many they offer when there are more
// to find.
func listHint(ctx context.Context, kind string, more bool, n int) string {
	if more {
		return T(ctx, "staff.editor."+kind+".more", n)
	}
	return T(ctx, "staff.editor."+kind+".narrow")
}
