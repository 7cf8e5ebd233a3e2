package web

import (
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"annals/internal/i18n"
	"annals/internal/mapsvg"
	"annals/internal/timeline"
	"annals/views"
)

// Map sizes in SVG units (CSS scales them to the column).
const (
	mapWidth     = 640
	locatorWidth = 320
	// mapListed bounds the places listed beside a map; the markers show
	// them all.
	mapListed = 30
)

// placeMap draws a timeline's places under a filter: each marker links to
// the timeline narrowed to its places, keeping base's other filters.
func placeMap(c echo.Context, slug string, places []timeline.PlaceCount, base url.Values) views.MapView {
	lang := langOf(c)
	byKey := map[string]timeline.PlaceCount{}
	points := make([]mapsvg.Point, 0, len(places))
	for _, p := range places {
		key := strconv.FormatInt(p.ID, 10)
		byKey[key] = p
		points = append(points, mapsvg.Point{Key: key, Lat: p.Lat, Lon: p.Lon, Count: p.Count})
	}
	link := func(keys ...string) string {
		q := cloneQuery(base)
		q["place"] = keys
		return withQuery(timelinePath(slug), q)
	}
	m := mapView(c, mapsvg.Draw(points, mapsvg.Options{Width: mapWidth}), byKey, link)
	if m.IsZero() {
		return m
	}
	m.ID = "map"
	m.Zoom = true
	m.Summary = trN(c, "map.summary", len(places))
	m.Label = m.Summary
	for i, p := range places {
		if i == mapListed {
			m.More = trN(c, "map.more", len(places)-mapListed)
			break
		}
		m.Places = append(m.Places, views.MapPlace{
			Label: i18n.PlaceName(lang, p.Name, p.Country),
			Count: trN(c, "home.events", p.Count),
			URL:   link(strconv.FormatInt(p.ID, 10)),
		})
	}
	return m
}

// locatorMap is an event's place in its country, linking to the timeline
// narrowed to that place; the zero MapView for a place without
// coordinates.
func locatorMap(c echo.Context, slug string, e timeline.Event) views.MapView {
	p := e.Place
	if p.Lat == nil || p.Lon == nil || e.PlaceID == 0 {
		return views.MapView{}
	}
	key := strconv.FormatInt(e.PlaceID, 10)
	byKey := map[string]timeline.PlaceCount{key: {ID: e.PlaceID, Name: p.Name, Country: p.Country, Lat: *p.Lat, Lon: *p.Lon, Count: 1}}
	drawn := mapsvg.Draw([]mapsvg.Point{{Key: key, Lat: *p.Lat, Lon: *p.Lon, Count: 1}},
		mapsvg.Options{Width: locatorWidth, Country: p.Country})
	m := mapView(c, drawn, byKey, func(keys ...string) string {
		return withQuery(timelinePath(slug), url.Values{"place": keys})
	})
	if m.IsZero() {
		return m
	}
	m.ID = "locator"
	name := i18n.PlaceName(langOf(c), p.Name, p.Country)
	m.Label = tr(c, "map.locator", name)
	// On a map of one place the marker says where, not how many.
	m.Dots = true
	m.Markers[0].Label = tr(c, "map.locator.link", name)
	m.Markers[0].R = 7
	return m
}

// mapView turns a laid-out map into the view's, naming countries and
// markers in the reader's language.
func mapView(c echo.Context, drawn mapsvg.Map, byKey map[string]timeline.PlaceCount, link func(keys ...string) string) views.MapView {
	if len(drawn.Markers) == 0 {
		return views.MapView{}
	}
	lang := langOf(c)
	m := views.MapView{Width: drawn.Width, Height: drawn.Height}
	for _, co := range drawn.Countries {
		vc := views.MapCountry{Code: co.Code, D: co.D, Highlight: co.Highlight}
		if co.ShowLabel {
			vc.Name, vc.LabelX, vc.LabelY = i18n.CountryName(lang, co.Code), co.LabelX, co.LabelY
		}
		m.Countries = append(m.Countries, vc)
	}
	for _, mk := range drawn.Markers {
		keys := make([]string, len(mk.Points))
		for i, p := range mk.Points {
			keys[i] = p.Key
		}
		first := byKey[keys[0]]
		name := i18n.PlaceName(lang, first.Name, first.Country)
		if len(keys) > 1 {
			name = trN(c, "map.cluster", len(keys)-1, name)
		}
		m.Markers = append(m.Markers, views.MapMarker{
			X: mk.X, Y: mk.Y, R: mk.R, Count: mk.Count, URL: link(keys...),
			Label: tr(c, "map.marker", name, trN(c, "home.events", mk.Count)),
		})
	}
	return m
}

// placeChips are the places f is narrowed to, named from the events shown
// (every one of them is at one of those places), each with the link that
// drops it from base.
func placeChips(c echo.Context, slug string, f timeline.Filter, shown []timeline.Event, base url.Values) []views.PlaceChip {
	var out []views.PlaceChip
	for _, id := range f.Places {
		key := strconv.FormatInt(id, 10)
		label := tr(c, "map.place.unknown", key)
		for _, e := range shown {
			if e.PlaceID == id {
				label = i18n.PlaceName(langOf(c), e.Place.Name, e.Place.Country)
				break
			}
		}
		q := cloneQuery(base)
		q["place"] = nil
		for _, other := range f.Places {
			if other != id {
				q.Add("place", strconv.FormatInt(other, 10))
			}
		}
		if len(q["place"]) == 0 {
			delete(q, "place")
		}
		out = append(out, views.PlaceChip{ID: key, Label: label, RemoveURL: withQuery(timelinePath(slug), q)})
	}
	return out
}
