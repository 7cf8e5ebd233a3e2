// Package views renders Annals' pages with templ. Views take page-shaped
// view models built by internal/web; they never query. Dates, counts and
// figures that the reader's language writes differently reach the views as
// values (timeline.FuzzyDate, int) and are written in the request's
// interface language (lang.go, lang_format.go).
package views

import "annals/internal/timeline"

// Meta is what every page's <head> needs.
type Meta struct {
	Title       string
	Description string
	Lang        string // BCP 47 tag of the page's content (a timeline's); <html lang> is the interface language from ctx
	Canonical   string // absolute URL of the page, when known
	NoIndex     bool
	Alternates  []Alternate // <link rel="alternate">: oEmbed discovery, feeds
	// Share is the link preview (Open Graph, Twitter card) of a page
	// people share: timelines and events. Its zero value writes none.
	Share Share
}

// Share is what a link preview shows (share.templ).
type Share struct {
	Type  string // og:type: "website" for a timeline, "article" for an event
	URL   string // absolute canonical address
	Title string // the timeline's or the event's own title, without the site's
	// Image is the card's picture: DefaultCard unless the page has one of
	// its own (an event's image, set by the event media work).
	Image Image
}

// Image is a picture with its size and alt text, at an absolute URL.
type Image struct {
	URL           string
	Width, Height int
	Alt           string
}

// Link is a labelled URL.
type Link struct {
	Label string
	URL   string
}

// HomePage lists the public timelines.
type HomePage struct {
	Meta      Meta
	Timelines []TimelineCard
}

// TimelineCard is a timeline as listed on the home page.
type TimelineCard struct {
	URL     string
	Title   string
	Summary string
	Span    string // "2001 – 2021"
	Count   string // "18 events"
	Lang    string // the language Title and Summary are written in
}

// TimelinePage is a timeline with its filter form, events and sources.
type TimelinePage struct {
	Meta        Meta
	Title       string
	SummaryHTML string // sanitised
	Filter      FilterForm
	Count       string // "18 events" or "3 of 18 events"
	Years       []YearGroup
	Sources     []SourceEntry
	Extras      TimelineExtras // embed and print links, charts (embed_models.go)
	Overview    Overview       // events over time and the jump form (window_models.go)
	Window      WindowNav      // the earlier and later windows
	Map         MapView        // the places under the filter (map_models.go)
}

// FilterForm is the plain GET form that narrows a timeline.
type FilterForm struct {
	Action     string
	Categories []Option
	Actors     []Option
	From, To   string
	Errors     []string
	Active     bool   // a filter is in force
	ClearURL   string // the unfiltered timeline
	Places     []PlaceChip
}

// Option is one choice in a filter.
type Option struct {
	Value, Label string
	Checked      bool
}

// YearGroup holds a year's events, by month.
type YearGroup struct {
	Year   string // ASCII digits; written in the reader's digits
	ID     string
	Months []MonthGroup
}

// MonthGroup holds a month's events; Label is empty for events known only to
// the year, which come first.
type MonthGroup struct {
	Label  string             // grouping key ("February 2021"); not shown
	Month  timeline.FuzzyDate // the month, shown in the reader's language
	ID     string
	Events []EventCard
}

// EventCard is an event as shown on a timeline and on its own page.
type EventCard struct {
	ID          string // HTML id
	URL         string // permalink
	Permalink   string // the same, absolute, shown with a copy button; "" in embeds
	Title       string
	When        timeline.DateRange // written in the reader's language
	DateTime    string             // machine-readable: "2021-02-01", "2021-05"
	Category    Link
	Actors      []Link
	Place       string // the place's name
	PlaceURL    string // the timeline filtered by the place
	Country     string // ISO code, named in the reader's language where shown
	SummaryHTML string // sanitised
	Figures     []FigureGroup
	Citations   []CitationRef
	Media       []MediaView // images and video cards, in order
	Retracted   bool        // shows the retraction notice
	// Lang is the language Title and Summary are shown in: a published
	// translation's, or the original's (staff_translations.go).
	Lang string
	// NamesLang is the language of the category, actor and place names:
	// they are not translated, so they stay in the timeline's language.
	NamesLang string
}

// FigureGroup is every count of one metric and scope as of one date; when
// sources disagree there are several values, shown side by side.
type FigureGroup struct {
	Metric   string // "killed": labelled in the reader's language
	Scope    timeline.Scope
	AsOf     timeline.FuzzyDate
	Disagree bool
	Values   []FigureValue
}

// FigureValue is one source's count.
type FigureValue struct {
	Qualifier   timeline.Qualifier // with Value: "at least 64"
	Value       int64
	Attribution string
	Note        string
	Citation    CitationRef
}

// CitationRef is a numbered pointer to an entry in the source list.
type CitationRef struct {
	N            int
	URL          string // "#source-3" or the event page's anchor
	Title        string // for the link's title attribute
	Confidential bool   // titled "confidential source on file" instead
}

// SourceEntry is one numbered source in a page's source list.
type SourceEntry struct {
	N            int
	ID           string
	Confidential bool
	Title        string
	Publisher    string
	Published    timeline.FuzzyDate
	URL          string // http(s) only, checked before it gets here
	ArchiveURL   string
	Kind         string
	Language     string
	Locator      string
	Note         string
	Page         string // the source's public page, listing every event citing it
}

// EventPage is an event's permalink page.
type EventPage struct {
	Meta          Meta
	TimelineTitle string
	TimelineURL   string
	Event         EventCard
	Sources       []SourceEntry
	Extras        EventExtras // the embed snippet (embed_models.go)
	Neighbours    Neighbours  // the events before and after (window_models.go)
	Locator       MapView     // the event's place in its country (map_models.go)
}

// ErrorPage is shown for 404s and every other error.
type ErrorPage struct {
	Meta    Meta
	Status  int
	Heading string
	Message string
}
