package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/demo"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

func coord(f float64) *float64 { return &f }

// geoApp serves timeline "geo": 40 published events at Yangon, Mandalay,
// Bangkok (ten each), Bago (five, near Yangon) and "Myanmar" (five, no
// coordinates), by position; categories "even" and "odd" alternate.
func geoApp(t *testing.T) *webtest.App {
	t.Helper()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	doc := demo.Generated("geo", 40)
	places := []timeline.Place{
		{Name: "Yangon", Country: "MM", Lat: coord(16.8661), Lon: coord(96.1951)},
		{Name: "Mandalay", Country: "MM", Lat: coord(21.9588), Lon: coord(96.0891)},
		{Name: "Bangkok", Country: "TH", Lat: coord(13.7563), Lon: coord(100.5018)},
		{Name: "Bago", Country: "MM", Lat: coord(17.3352), Lon: coord(96.4813)},
		{Name: "Myanmar", Country: "MM"},
	}
	for i := range doc.Events {
		p := places[i%4]
		if i%8 == 7 {
			p = places[4]
		}
		doc.Events[i].Place = p
	}
	if _, err := app.Store.ImportDocument(context.Background(), doc, timeline.ImportOptions{Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	return app
}

// mapMarker is a marker read back from the SVG: its count as shown and the
// places its link filters by.
type mapMarker struct {
	count  int
	places []string
	href   string
}

func mapMarkers(t *testing.T, doc *goquery.Document) []mapMarker {
	t.Helper()
	var out []mapMarker
	doc.Find(`[data-testid=map] svg a[data-testid=map-marker]`).Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		u, err := url.Parse(href)
		if err != nil {
			t.Fatalf("marker link %q: %v", href, err)
		}
		n, err := strconv.Atoi(strings.TrimSpace(s.Find("text").Text()))
		if err != nil {
			t.Errorf("marker %q shows no count: %v", href, err)
		}
		if s.Find("circle").Length() != 1 {
			t.Errorf("marker %q has no circle", href)
		}
		if label, _ := s.Attr("aria-label"); label == "" {
			t.Errorf("marker %q has no label", href)
		}
		out = append(out, mapMarker{count: n, places: u.Query()["place"], href: href})
	})
	return out
}

func TestTimelineMapMatchesData(t *testing.T) {
	t.Parallel()
	app := geoApp(t)
	ctx := context.Background()
	for _, tc := range []struct {
		query string
		want  int // events with coordinates under the filter
	}{
		{"", 35},
		{"?category=odd", 15}, // Mandalay 10, Bago 5
		{"?to=2019-06", -1},   // whatever the data says
	} {
		f, err := timeline.FilterFromQuery(mustQuery(t, tc.query))
		if err != nil {
			t.Fatal(err)
		}
		places, err := app.Store.PublicPlaceCounts(ctx, "geo", f)
		if err != nil {
			t.Fatal(err)
		}
		counts, total := map[string]int{}, 0
		for _, p := range places {
			counts[strconv.FormatInt(p.ID, 10)] = p.Count
			total += p.Count
		}
		if tc.want >= 0 && total != tc.want {
			t.Fatalf("%s: the store counts %d events with coordinates, want %d", tc.query, total, tc.want)
		}
		doc := getOK(t, app, "/t/geo"+tc.query)
		markers := mapMarkers(t, doc)
		seen, sum := map[string]bool{}, 0
		for _, m := range markers {
			n := 0
			for _, p := range m.places {
				if seen[p] {
					t.Errorf("%s: place %s on two markers", tc.query, p)
				}
				seen[p] = true
				n += counts[p]
			}
			if n != m.count {
				t.Errorf("%s: marker %s shows %d, its places have %d events", tc.query, m.href, m.count, n)
			}
			sum += m.count
		}
		if sum != total || len(seen) != len(counts) {
			t.Errorf("%s: markers add up to %d over %d places, want %d over %d", tc.query, sum, len(seen), total, len(counts))
		}
		// Filters other than the place are kept by the markers' links.
		for _, m := range markers {
			if tc.query == "?category=odd" && !strings.Contains(m.href, "category=odd") {
				t.Errorf("marker link %q drops the category", m.href)
			}
		}
	}
	// Bago is clustered with Yangon at this scale: one marker of 15.
	markers := mapMarkers(t, getOK(t, app, "/t/geo"))
	var counts []int
	for _, m := range markers {
		counts = append(counts, m.count)
	}
	slices.Sort(counts)
	if !slices.Equal(counts, []int{10, 10, 15}) {
		t.Errorf("marker counts %v, want 10, 10 and 15", counts)
	}
}

func mustQuery(t *testing.T, q string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(strings.TrimPrefix(q, "?"))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestPlaceLinkFiltersTimeline(t *testing.T) {
	t.Parallel()
	app := geoApp(t)
	var bangkok mapMarker
	for _, m := range mapMarkers(t, getOK(t, app, "/t/geo")) {
		if len(m.places) == 1 && m.count == 10 {
			bangkok = m // Mandalay or Bangkok: both stand alone
		}
	}
	if bangkok.href == "" {
		t.Fatal("no marker of a single place")
	}
	doc := getOK(t, app, bangkok.href)
	names := map[string]int{}
	doc.Find(`[data-testid=event] [data-testid=event-place]`).Each(func(_ int, s *goquery.Selection) {
		names[strings.TrimSpace(s.Text())]++
	})
	if doc.Find(`[data-testid=event]`).Length() != 10 || len(names) != 1 {
		t.Errorf("the place's page shows %d events at %v, want 10 at one place", doc.Find(`[data-testid=event]`).Length(), names)
	}
	// Its events are exactly the store's events at that place.
	id, _ := strconv.ParseInt(bangkok.places[0], 10, 64)
	pt, err := app.Store.PublicTimeline(context.Background(), "geo", timeline.Filter{Places: []int64{id}})
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, e := range pt.Events {
		want = append(want, e.Slug)
	}
	doc.Find(`[data-testid=event]`).Each(func(_ int, s *goquery.Selection) {
		slug, _ := s.Attr("data-slug")
		got = append(got, slug)
	})
	if !slices.Equal(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
	// The filter form shows the place, with a link that removes it.
	chip := doc.Find(`[data-testid=filter-place]`)
	for name := range names {
		if !strings.Contains(chip.Text(), name) {
			t.Errorf("filter form shows %q, not the place %q", chip.Text(), name)
		}
	}
	if href, _ := chip.Find("a").Attr("href"); href != "/t/geo" {
		t.Errorf("removing the place links to %q", href)
	}
	if v, _ := doc.Find(`[data-testid=filters] input[type=hidden][name=place]`).Attr("value"); v != bangkok.places[0] {
		t.Errorf("the filter form does not keep the place (%q)", v)
	}
	if !strings.Contains(doc.Find(`[data-testid=count]`).Text(), "10") {
		t.Errorf("count %q", doc.Find(`[data-testid=count]`).Text())
	}
	// Every place on an event card links to its filter too.
	href, _ := doc.Find(`[data-testid=event-place]`).First().Attr("href")
	if href != "/t/geo?place="+bangkok.places[0] {
		t.Errorf("the card's place links to %q", href)
	}
	// A place key that is not one is reported, and the page still shows.
	res, body := app.Get(t, "/t/geo?place=Yangon")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "place") {
		t.Errorf("bad place key: %d", res.StatusCode)
	}
}

func TestEventLocatorMap(t *testing.T) {
	t.Parallel()
	app := geoApp(t)
	// event-0000 is at Yangon; event-0007 at "Myanmar", without coordinates.
	doc := getOK(t, app, "/t/geo/e/event-0000")
	loc := doc.Find(`[data-testid=locator-map]`)
	if loc.Find("svg").Length() != 1 {
		t.Fatal("no locator map on the event page")
	}
	if n := loc.Find(`[data-testid=map-marker]`).Length(); n != 1 {
		t.Errorf("%d markers on the locator map", n)
	}
	if loc.Find(`path[data-country=MM].highlight`).Length() != 1 {
		t.Error("the event's country is not highlighted")
	}
	href, _ := loc.Find(`[data-testid=map-marker]`).Attr("href")
	if !strings.HasPrefix(href, "/t/geo?place=") {
		t.Errorf("the locator's marker links to %q", href)
	}
	if getOK(t, app, "/t/geo/e/event-0007").Find(`[data-testid=locator-map]`).Length() != 0 {
		t.Error("a locator map for a place without coordinates")
	}
}

func TestCountryNamesInReadersLanguage(t *testing.T) {
	t.Parallel()
	app := geoApp(t)
	for lang, want := range map[string]string{"en": "Myanmar", "my": "မြန်မာ", "ar": "ميانمار"} {
		_, body := app.Get(t, "/t/geo/e/event-0000", "Accept-Language", lang)
		doc := parse(t, body)
		if got := doc.Find(`[data-testid=event-country]`).Text(); got != want {
			t.Errorf("%s: country %q, want %q", lang, got, want)
		}
		_, body = app.Get(t, "/t/geo", "Accept-Language", lang)
		if !strings.Contains(parse(t, body).Find(`[data-testid=map]`).Text(), want) {
			t.Errorf("%s: the map names no %q", lang, want)
		}
	}
	// A place named as its country is not named twice.
	doc := getOK(t, app, "/t/geo/e/event-0007")
	if n := doc.Find(`[data-testid=event-country]`).Length(); n != 0 {
		t.Errorf("Myanmar, Myanmar: %q", doc.Find(`.facts`).Text())
	}
}

func TestSearchPlaceFacetLinks(t *testing.T) {
	t.Parallel()
	app := geoApp(t)
	doc := getOK(t, app, "/t/geo/search?category=even")
	items := doc.Find(`[data-testid=facet-place] a`)
	if items.Length() != 2 {
		t.Fatalf("%d place facets, want Yangon and Bangkok", items.Length())
	}
	href, _ := items.First().Attr("href")
	doc = getOK(t, app, href)
	if !strings.Contains(doc.Find(`[data-testid=search-active], .active-filters`).Text()+doc.Text(), "Place:") {
		t.Error("the chosen place is not listed among the filters in force")
	}
}
