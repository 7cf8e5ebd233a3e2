// Package timeline is the domain of Annals: timelines of events, each tied to
// the sources that support it. It does no I/O.
package timeline

import (
	"strconv"
	"time"
)

// Visibility says whether a record may ever be shown to the public.
type Visibility string

const (
	VisibilityPublic   Visibility = "public"
	VisibilityInternal Visibility = "internal"
)

// Valid reports whether v is a known visibility.
func (v Visibility) Valid() bool { return v == VisibilityPublic || v == VisibilityInternal }

// Timeline is a named, ordered collection of events.
type Timeline struct {
	ID         int64
	Slug       string
	Title      string
	Summary    string // Markdown
	Language   string
	Visibility Visibility
	UpdatedAt  time.Time
	// TextLang is the language Title and Summary are written in as loaded:
	// a published translation's language, or Language (the original).
	// Empty when no translation was looked for. (Not a column: the tag
	// keeps row-to-struct scans by position working.)
	TextLang string `db:"-"`
	// SummaryHTML is Summary rendered when saved, as for Event.
	SummaryHTML string `db:"-"`
}

// Validate checks every field and returns a *ValidationError naming each
// problem.
func (t Timeline) Validate() error {
	p := NewProblems("timeline")
	p.AddErr("slug", ValidateSlug(t.Slug))
	p.AddErr("title", ValidateText(t.Title, true, MaxTitleLength))
	p.AddErr("summary", ValidateText(t.Summary, false, MaxSummaryLength))
	p.AddErr("language", ValidateLanguage(t.Language))
	if !t.Visibility.Valid() {
		p.AddMsg("visibility", "problem.visibility", "%q must be public or internal", t.Visibility)
	}
	return p.Err()
}

// Category groups events by kind ("Killings and detentions").
type Category struct {
	Slug string
	Name string
}

// Validate checks the category.
func (c Category) Validate() error {
	p := NewProblems("category " + quote(c.Slug))
	p.AddErr("slug", ValidateSlug(c.Slug))
	p.AddErr("name", ValidateText(c.Name, true, MaxNameLength))
	return p.Err()
}

// ActorKinds lists what an actor can be.
var ActorKinds = []string{
	"person", "armed_force", "state", "company", "intergovernmental", "ngo", "party", "media", "group", "other",
}

// Actor is a person or body that takes part in events.
type Actor struct {
	Slug string
	Name string
	Kind string
	Note string
}

// Validate checks the actor.
func (a Actor) Validate() error {
	p := NewProblems("actor " + quote(a.Slug))
	p.AddErr("slug", ValidateSlug(a.Slug))
	p.AddErr("name", ValidateText(a.Name, true, MaxNameLength))
	if !contains(ActorKinds, a.Kind) {
		p.AddMsg("kind", "problem.oneof", "%q is not one of %s", a.Kind, oneOf(ActorKinds))
	}
	p.AddErr("note", ValidateText(a.Note, false, MaxNoteLength))
	return p.Err()
}

// Place is where an event happened. Country is ISO 3166-1 alpha-2 and may be
// empty ("Global"); coordinates are optional and come as a pair.
type Place struct {
	Name    string
	Country string
	Lat     *float64
	Lon     *float64
}

// IsZero reports whether no place is recorded.
func (p Place) IsZero() bool { return p.Name == "" && p.Country == "" }

func (pl Place) validate(p *Problems, field string) {
	if pl.IsZero() {
		return
	}
	p.AddErr(field+".name", ValidateText(pl.Name, true, MaxNameLength))
	if pl.Country != "" {
		p.AddErr(field+".country", ValidateCountry(pl.Country))
	}
	if (pl.Lat == nil) != (pl.Lon == nil) {
		p.AddMsg(field, "problem.latlon.together", "latitude and longitude must be given together")
	}
	if pl.Lat != nil && (*pl.Lat < -90 || *pl.Lat > 90) {
		p.AddMsg(field+".lat", "problem.lat", "%s is not a latitude (%d to %d)", strconv.FormatFloat(*pl.Lat, 'f', -1, 64), -90, 90)
	}
	if pl.Lon != nil && (*pl.Lon < -180 || *pl.Lon > 180) {
		p.AddMsg(field+".lon", "problem.lon", "%s is not a longitude (%d to %d)", strconv.FormatFloat(*pl.Lon, 'f', -1, 64), -180, 180)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func quote(s string) string { return `"` + s + `"` }

// CatalogQuery narrows and orders a list of actors or categories.
type CatalogQuery struct {
	Text  string   // part of the name or slug
	Kind  string   // of actor, one of ActorKinds
	Slugs []string // only these
	Sort  string   // "name" ("") or "newest"
	After string   // a page's Next
	Limit int
}

// CatalogItem is an actor or a category as listed: a category has no kind.
type CatalogItem struct {
	Slug, Name, Kind, Note string
	Uses                   int    // events that name it
	State                  string // ItemProposed, ItemAccepted or ItemRejected
}

// CatalogPage is one page of actors or categories and the cursor of the
// next ("" on the last page).
type CatalogPage struct {
	Items []CatalogItem
	Next  string
}
