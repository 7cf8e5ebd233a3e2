package views

import "annals/internal/timeline"

// SourcePage is a source's public page: what it is and which public events
// cite it.
type SourcePage struct {
	Meta       Meta
	Title      string
	TitleLang  string // the source's language, when recorded
	Publisher  string
	Published  timeline.FuzzyDate
	Kind       string // news, ngo_report, ... (labelled in the reader's language)
	Language   string // BCP 47 tag, when recorded
	URL        string // http(s) only, checked before it gets here
	ArchiveURL string
	Citing     []SourceCiting
}

// SourceCiting is one event citing the source.
type SourceCiting struct {
	Title         string
	TitleLang     string
	URL           string
	When          timeline.DateRange
	DateTime      string
	TimelineTitle string
	TimelineLang  string
	TimelineURL   string
	Locator, Note string
	NotesLang     string // the language locators and notes are written in (the timeline's)
}
