package timeline

import (
	"strings"
	"time"
)

// Translation is the title and summary of an event or a timeline in another
// language than the one it was written in. Staff write it; it reaches the
// public only once a reviewer publishes it.
type Translation struct {
	Lang    string // BCP 47 tag, like "my"
	Title   string
	Summary string // Markdown
	// SummaryHTML is the published Summary rendered when it was published
	// (public reads only).
	SummaryHTML string
}

// Validate checks the translation of a text written in original: the
// language must be a valid tag other than original, the title is required.
func (t Translation) Validate(original string) error {
	p := NewProblems("")
	if err := ValidateLanguage(t.Lang); err != nil {
		p.AddErr("lang", err)
	} else if SameLanguage(t.Lang, original) {
		p.AddMsg("lang", "problem.translation.same", "%q is the language the text was written in; choose another language to translate into", t.Lang)
	}
	p.AddErr("title", ValidateText(t.Title, true, MaxTitleLength))
	p.AddErr("summary", ValidateText(t.Summary, false, MaxSummaryLength))
	return p.Err()
}

// SameLanguage reports whether two language tags name the same language
// ("my" and "my-MM" do not: a regional variant is a translation of its own).
func SameLanguage(a, b string) bool { return strings.EqualFold(a, b) }

// Translated things.
const (
	OfEvent    = "event"
	OfTimeline = "timeline"
)

// TranslationKey names one translation: of the event or timeline ID, into Lang.
type TranslationKey struct {
	Of   string // OfEvent or OfTimeline
	ID   int64
	Lang string
}

// Translation statuses.
const (
	TranslationDraft     = "draft"     // a text waits for review
	TranslationPublished = "published" // the public reads Text
)

// Translation is a translation as staff see it.
type StaffTranslation struct {
	Key  TranslationKey
	Text Translation // the text being worked on
	// Status is TranslationDraft while Text waits for review, and
	// TranslationPublished when Text is what the public reads.
	Status string
	// Published is what the public reads; nil until first published.
	Published   *Translation
	Version     int // pass it back with the next action
	UpdatedBy   string
	UpdatedAt   time.Time
	PublishedBy string
	PublishedAt time.Time
	// Authors are the accounts that wrote the waiting text since the
	// translation was last published; by default none may publish it.
	Authors []int64
}

// TranslationSave is one save of a translation's text.
type TranslationSave struct {
	Key     TranslationKey
	Title   string
	Summary string
	Version int // the version the person edited; 0 for a new translation
	Reason  string
}

// TranslationAction is a workflow step on a translation.
type TranslationAction struct {
	Key     TranslationKey
	Version int
	Reason  string
	// AllowSelfPublish lets an author of the waiting text publish it.
	AllowSelfPublish bool
}
