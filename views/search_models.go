package views

import "github.com/a-h/templ"

// SearchPage is a search across every public timeline, or within one.
type SearchPage struct {
	Meta      Meta
	Heading   string
	Scope     Link // the timeline searched; empty for every timeline
	Form      SearchBox
	Errors    []string // query-string values that could not be read
	Searched  bool     // a query or filter was given
	Summary   string   // "3 events match “coup”"
	Active    []Link   // filters in force, each linking to the search without it
	Facets    []FacetGroup
	Results   []SearchResult
	PageLabel string // "Page 2 of 7", when there is more than one page
	Prev      string
	Next      string
}

// SearchBox is a search form: on the search page, the home page and every
// timeline. Hidden carries the filters a new query keeps.
type SearchBox struct {
	Action string
	Query  string
	Label  string
	ID     string // of the input, unique on the page
	Hidden []HiddenField
}

// HiddenField is a name and value a form sends along.
type HiddenField struct {
	Name, Value string
}

// FacetGroup is the counts for one kind of facet.
type FacetGroup struct {
	Title string
	ID    string
	Items []FacetItem
}

// FacetItem is a value, how many results have it, and the link that adds it
// to the search (or, when Selected, drops it).
type FacetItem struct {
	Label    string
	Count    int // 0: not shown (counted over a sample of the results)
	URL      string
	Selected bool
}

// SearchResult is one matching event. Text fields are split into segments
// so matched words can be marked without building HTML.
type SearchResult struct {
	URL           string
	Title         []Segment
	TitleLang     string // "my" for Burmese text, "" for the page's language
	Date          string
	DateTime      string
	Category      string
	Place         []Segment
	Actors        [][]Segment
	Snippet       []Segment
	SnippetLang   string
	Sources       [][]Segment // titles of sources that matched
	TimelineTitle string
	TimelineURL   string
}

// Segment is a run of text, marked when it matched the search.
type Segment struct {
	Text string
	Mark bool
}

// langAttr is a lang attribute when the language differs from the page's.
func langAttr(lang string) templ.Attributes {
	if lang == "" {
		return templ.Attributes{}
	}
	return templ.Attributes{"lang": lang}
}
