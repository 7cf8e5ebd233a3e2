package views

import (
	"context"

	"annals/internal/i18n"
)

// MapView is a map drawn as SVG in the page: country shapes, and markers
// that each link to the timeline filtered by their places. The zero
// MapView draws nothing.
type MapView struct {
	ID            string // prefix of the SVG's element ids
	Width, Height float64
	Label         string // what the map shows, for screen readers
	Summary       string // the disclosure's label ("Map of 4 places")
	Countries     []MapCountry
	Markers       []MapMarker
	Places        []MapPlace // the same places as a list
	More          string     // "and 12 more places", when the list is cut
	Open          bool       // the disclosure starts open
	// Dots draws markers without counts (a locator map's one place).
	Dots bool
	// Zoom adds zoom in, zoom out and reset buttons and lets the map be
	// dragged once zoomed in (static/js/map-zoom.js, with Panzoom); the
	// buttons stay hidden without JavaScript, and the map works as drawn.
	Zoom bool
}

// IsZero reports whether there is nothing to draw.
func (m MapView) IsZero() bool { return len(m.Markers) == 0 }

// MapCountry is one country's visible shape, and its name where it shows
// large enough to carry one.
type MapCountry struct {
	Code, D        string
	Highlight      bool
	Name           string
	LabelX, LabelY float64
}

// MapMarker is a circle sized by its count, with the count written in it.
type MapMarker struct {
	X, Y, R float64
	Count   int
	URL     string
	Label   string // "Yangon, Myanmar: 15 events"
}

// MapPlace is one place in the list beside a map.
type MapPlace struct {
	Label string
	Count string
	URL   string
}

// PlaceChip is a place the filter is narrowed to, with the link that
// widens it again.
type PlaceChip struct {
	ID, Label, RemoveURL string
}

// CountryName is code's country in the reader's language.
func CountryName(ctx context.Context, code string) string {
	return i18n.CountryName(Lang(ctx), code)
}

// ShowCountry reports whether a place's country adds to its name (it does
// not for "Myanmar", Myanmar).
func ShowCountry(ctx context.Context, name, code string) bool {
	return code != "" && i18n.PlaceName(Lang(ctx), name, code) != name
}

// PlaceSeparator stands between a place's name and its country.
func PlaceSeparator(ctx context.Context) string {
	return i18n.PlaceSeparator(Lang(ctx))
}
