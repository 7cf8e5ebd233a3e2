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
	// Captures are the source's archived copies, newest first.
	Captures []PublicCapture
}

// PublicCapture is an archived copy on a public source page: its date and
// hash always; its screenshot and text when the organisation allows.
type PublicCapture struct {
	At         string
	DateTime   string
	SHA256     string // of the WARC, the exchange as fetched
	Screenshot string // URL, "" when not shown
	TextURL    string // URL, "" when not shown
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
