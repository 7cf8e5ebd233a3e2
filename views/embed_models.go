package views

// View models for embeds, charts and the print view.

import (
	"github.com/a-h/templ"

	"annals/internal/timeline"
)

// MaxLatest is the most events an embed's "latest N" shows.
func MaxLatest() int { return timeline.MaxLatest }

// Alternate is a <link rel="alternate"> in a page's head, such as the
// oEmbed discovery link.
type Alternate struct {
	Type  string // "application/json+oembed"
	Href  string
	Title string
}

// TimelineExtras is what embeds, charts and print add to a timeline page.
type TimelineExtras struct {
	EmbedURL string // the embed chooser, with the page's filters
	PrintURL string // the print view, with the page's filters
	Charts   []ChartView
}

// EventExtras is what embeds add to an event page.
type EventExtras struct {
	Snippet string // a ready <iframe> snippet for the event card
}

// ChartView is one metric's chart with the table of its figures.
type ChartView struct {
	ID     string // "chart-killed"
	Title  string // "Killed"
	SVG    string // markup made by internal/chart, which escapes all text
	Narrow string // the same chart drawn for narrow screens
	SVGURL string // the chart on its own
	Rows   []ChartRow
	// Collapsed puts the data table behind a disclosure (embeds).
	Collapsed bool
	// A chart with too many figures to list on the page has no SVG or
	// rows: it shows SVGURL as an image, says how many figures it draws,
	// and links to DataURL, its own page with the data table.
	Figures string
	DataURL string
}

// ChartRow is one figure in a chart's data table.
type ChartRow struct {
	Scope       string // "Running total", "In this event"
	Date        string // "27 March 2021"
	DateTime    string // "2021-03-27"
	Phrase      string // "at least 64"
	Value       string // "64"
	Qualifier   string // "at least", "exact"
	Source      string // the source's name
	Citation    CitationRef
	Attribution string
	Note        string
	Event       Link
}

// EmbedPage is a timeline inside another site's page: minimal chrome, links
// that open in a new tab.
type EmbedPage struct {
	Meta       Meta
	Title      string
	PageURL    string // "Open in Annals": the full page with the same filters
	FilterText string // what the filter shows, empty for everything
	Count      string
	Years      []YearGroup
	Chart      *ChartView // with view=chart
	Sources    []SourceEntry
	Window     WindowNav // the earlier and later windows, inside the frame
}

// EmbedEventPage is one event as a card inside another site's page.
type EmbedEventPage struct {
	Meta    Meta
	PageURL string // the event's permalink
	Event   EventCard
	Sources []SourceEntry
}

// EmbedChooserPage lets an author choose what to embed and copy the snippet.
type EmbedChooserPage struct {
	Meta        Meta
	Title       string // the timeline's
	TimelineURL string
	Form        EmbedForm
	Errors      []string
	Snippet     string // the <iframe> snippet to copy
	PreviewURL  string // the embed, framed on the page itself
	Height      int
	OEmbedURL   string
}

// EmbedForm is the chooser's GET form.
type EmbedForm struct {
	Action     string
	Categories []Option
	Actors     []Option
	From, To   string
	Languages  []Option
	Order      []Option // oldest, newest
	Latest     string   // "" or N: only the newest N events
	Views      []Option // timeline, chart
	Metrics    []Option
	Height     string
}

// PrintPage is a timeline as a clean document to print or save as PDF.
type PrintPage struct {
	Meta        Meta
	Title       string
	SummaryHTML string
	FilterText  string // "All published events" or what the filter selects
	Snapshot    string // the date the document was made
	DataChanged string // the date the data last changed
	PageURL     string // the page online, written out
	// ChainHead is the record's chain hash the document was made at, with
	// its revision and when it was read (UTC), so a report can cite it.
	ChainHead, ChainRevision, ChainAt string
	Count                             string
	Events                            templ.Component // the events under their headings, streamed
	Charts                            []ChartView
	SourceList                        templ.Component // the endnotes, rendered after the events that number them
}
