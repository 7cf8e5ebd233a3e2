package views

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

// SourceSuggestList is what the editor's source picker found: each item a
// library source (Value is its id) to attach to the event.
type SourceSuggestList struct {
	Query string
	Items []Choice
	More  bool // more sources match than offered
}
