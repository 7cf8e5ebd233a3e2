package timeline

// SearchQuery is a public search: words, and the filters that narrow it.
type SearchQuery struct {
	Text     string
	Timeline string // a public timeline's slug; "" searches every public timeline
	Filter   Filter // categories and places: any of them; actors: all of them; from/to: overlap
	Limit    int    // results per page: 50 when 0, at most 200
	Offset   int
	// Cap is the most matches a search gathers, counts and sorts: 1,000
	// when 0. A common word then costs what a rarer one does.
	Cap int
}

// SearchResults are the events a search found, one page of them, and the
// facet counts over all of them. When more than SearchQuery.Cap events
// match, More is set and only the first Cap found (in no particular order)
// are counted, sorted into pages and faceted: Total is then the cap.
type SearchResults struct {
	Timeline   Timeline     // the timeline searched, when SearchQuery.Timeline is set
	Terms      []string     // the words searched for as substrings (for highlighting)
	Stems      []string     // their English stems, found by full-text search (for highlighting)
	Total      int          // matching events, across all pages (at most the cap)
	More       bool         // more events than Total match
	Hits       []SearchHit  // this page, oldest first
	Categories []FacetCount // per category, most events first
	Actors     []FacetCount // per actor, most events first (the top 15)
	Years      []FacetCount // per year of the event's start, oldest first
	Places     []FacetCount // per place (value: its key; label: its name), most events first (the top 15)
}

// SearchHit is one matching event and the public timeline it is shown on.
type SearchHit struct {
	TimelineSlug  string
	TimelineTitle string
	TimelineLang  string // the timeline's language: the event's original one
	Event         Event
}

// FacetCount is how many matching events share one value.
type FacetCount struct {
	Value   string `json:"value"` // slug, the year, or a place's key
	Label   string `json:"label"`
	Count   int    `json:"count"`
	Country string `json:"country,omitempty"` // a place's country code
}
