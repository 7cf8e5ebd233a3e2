package timeline

import (
	"fmt"
	"time"
)

// Status is where an event is in the editorial workflow. Only published
// events are ever shown to the public; retracted ones keep their permalink
// with a notice.
type Status string

const (
	StatusDraft     Status = "draft"
	StatusInReview  Status = "in_review"
	StatusPublished Status = "published"
	StatusRetracted Status = "retracted"
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	switch s {
	case StatusDraft, StatusInReview, StatusPublished, StatusRetracted:
		return true
	}
	return false
}

// ActorRoles lists the parts an actor can play in an event.
var ActorRoles = []string{"", "perpetrator", "victim", "target", "decision_maker", "witness", "supplier", "recipient", "other"}

// EventActor is an actor's part in one event.
type EventActor struct {
	Actor Actor
	Role  string // may be empty
}

// Event is something that happened, with the sources that support it.
type Event struct {
	ID       int64
	Slug     string
	Title    string
	Summary  string // Markdown, sanitised when rendered
	When     DateRange
	Category Category
	Actors   []EventActor
	Place    Place
	// PlaceID is the place's key in a filter (?place=ID); 0 when not loaded.
	PlaceID    int64 `db:"-"`
	Status     Status
	Visibility Visibility
	Version    int
	Citations  []Citation
	Figures    []Figure
	Media      []Media // images and videos, in the order shown
	CreatedAt  time.Time
	UpdatedAt  time.Time
	// TextLang is the language Title and Summary are written in as loaded:
	// a published translation's language, or OriginalLang. Both are empty
	// when no language was looked at (staff, imports, exports).
	TextLang     string `db:"-"`
	OriginalLang string `db:"-"`
	// SummaryHTML is Summary (or its translation, with TextLang) rendered
	// and sanitised when it was saved; empty when not loaded, and then
	// rendered where shown (markdown.Stored).
	SummaryHTML string `db:"-"`
}

// IsPublic reports whether the public may see the event.
func (e Event) IsPublic() bool {
	return e.Status == StatusPublished && e.Visibility == VisibilityPublic
}

// Validate checks the event and everything it carries, returning a
// *ValidationError that names the event and each field at fault.
func (e Event) Validate() error {
	p := NewProblems(EventItem(e.Slug))
	p.AddErr("slug", ValidateSlug(e.Slug))
	p.AddErr("title", ValidateText(e.Title, true, MaxTitleLength))
	p.AddErr("summary", ValidateText(e.Summary, false, MaxSummaryLength))
	if err := e.When.Validate(); err != nil {
		p.AddErr("end", err)
	}
	e.When.validateTimes(p)
	if e.Category.Slug == "" {
		p.AddMsg("category", "problem.required", "is required")
	}
	e.Place.validate(p, "place")
	if !e.Status.Valid() {
		p.AddMsg("status", "problem.status", "%q is not one of draft, in_review, published, retracted", e.Status)
	}
	if !e.Visibility.Valid() {
		p.AddMsg("visibility", "problem.visibility", "%q must be public or internal", e.Visibility)
	}
	seen := map[string]bool{}
	for i, a := range e.Actors {
		if seen[a.Actor.Slug] {
			p.AddMsg(fmt.Sprintf("actors[%d]", i), "problem.actor.twice", "actor %q is listed twice", a.Actor.Slug)
		}
		seen[a.Actor.Slug] = true
		if !contains(ActorRoles, a.Role) {
			p.AddMsg(fmt.Sprintf("actors[%d].role", i), "problem.oneof", "%q is not one of %s", a.Role, oneOf(ActorRoles[1:]))
		}
	}
	for i, c := range e.Citations {
		prefix := fmt.Sprintf("sources[%d].", i)
		c.Source.Validate(p, prefix)
		p.AddErr(prefix+"locator", ValidateText(c.Locator, false, MaxNameLength))
		p.AddErr(prefix+"note", ValidateText(c.Note, false, MaxNoteLength))
	}
	if e.IsPublic() && len(e.Citations) == 0 {
		p.AddMsg("sources", "problem.sources.none", "a published event needs at least one source")
	}
	for i, f := range e.Figures {
		f.Validate(p, fmt.Sprintf("figures[%d].", i))
	}
	if len(e.Media) > MaxMedia {
		p.AddMsg("media", "problem.media.many", "an event carries at most %d images and videos", MaxMedia)
	}
	for i, m := range e.Media {
		m.Validate(p, fmt.Sprintf("media[%d].", i))
	}
	return p.Err()
}
