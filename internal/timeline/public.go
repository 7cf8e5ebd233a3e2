package timeline

import "time"

// EventPage is one page of a timeline's public events.
type EventPage struct {
	Timeline Timeline
	Events   []Event
	Next     string // cursor of the next page; empty on the last page
}

// MaxPageSize bounds an API page.
const MaxPageSize = 200

// Fingerprint identifies the data behind a public page: it changes whenever
// anything the page shows changes, and only then. The web layer makes ETags
// from it without loading or rendering the page.
type Fingerprint struct {
	Digest  string    // hex SHA-256 of every row the page shows
	Changed time.Time // the latest change among those rows
	// Version is the data version (migration 00014) the fingerprint was
	// read at, in the same snapshot; 0 if unknown.
	Version int64
}

// SitemapEntry is one public address and when what it shows last changed.
type SitemapEntry struct {
	TimelineSlug string    // "" for the home page (when SourceID is 0)
	EventSlug    string    // "" for the timeline itself
	SourceID     int64     // a source's page, when set (no timeline or event)
	Updated      time.Time // zero when unknown (the home page of a site with no public timeline)
}

// SitemapFile is one file of the sitemap: the pages of one kind ("pages":
// the home page and the timelines; "events": the event permalinks of one
// timeline; "sources") whose keys fall in the file's range, Number counting
// from 1. Updated is the latest change among its pages.
type SitemapFile struct {
	Kind     string
	Timeline string // the timeline's slug, for "events"
	Number   int
	Updated  time.Time
}

// PublicSource is a source as the public may see it, with the published
// public events that cite it (as a citation or as the source of a figure).
type PublicSource struct {
	Source Source
	Citing []SourceCitation // oldest first
}

// SourceCitation is one public event citing the source, on the public
// timeline it is linked to (the oldest one it is on), as search finds it.
type SourceCitation struct {
	SearchHit
	Locator, Note string // of the event's citation of this source, if any
}

// TimelineSummary is a public timeline as listed on the home page.
type TimelineSummary struct {
	Timeline   Timeline
	EventCount int
	First      FuzzyDate
	Last       FuzzyDate
}

// PublicTimeline is a public timeline with the events a filter selects and
// what the filter form can offer.
type PublicTimeline struct {
	Timeline   Timeline
	Events     []Event
	Categories []Category // categories of the timeline's public events
	Actors     []Actor    // actors of the timeline's public events
}
