package postgres_test

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"annals/internal/demo"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

func ptr(f float64) *float64 { return &f }

// geoPlaces are the places of geoStore's events, by position modulo 4; the
// last has no coordinates.
var geoPlaces = []timeline.Place{
	{Name: "Yangon", Country: "MM", Lat: ptr(16.8661), Lon: ptr(96.1951)},
	{Name: "Mandalay", Country: "MM", Lat: ptr(21.9588), Lon: ptr(96.0891)},
	{Name: "Bangkok", Country: "TH", Lat: ptr(13.7563), Lon: ptr(100.5018)},
	{Name: "Myanmar", Country: "MM"},
}

// geoStore holds timeline "geo": 40 published public events at geoPlaces
// in turn, and a draft and an internal event (at Mandalay and Bangkok) that
// no count may include.
func geoStore(t *testing.T) *postgres.Store {
	t.Helper()
	doc := demo.Generated("geo", 40)
	for i := range doc.Events {
		doc.Events[i].Place = geoPlaces[i%4]
	}
	store := postgres.NewStore(pgtest.NewPool(t))
	if _, err := store.ImportDocument(context.Background(), doc, timeline.ImportOptions{Reason: "test"}); err != nil {
		t.Fatalf("import: %v", err)
	}
	return store
}

func TestPublicPlaceCounts(t *testing.T) {
	t.Parallel()
	store := geoStore(t)
	ctx := context.Background()
	places, err := store.PublicPlaceCounts(ctx, "geo", timeline.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, p := range places {
		got[p.Name] = p.Count
		if p.ID == 0 || p.Lat == 0 || p.Lon == 0 {
			t.Errorf("place %+v lacks its key or coordinates", p)
		}
	}
	want := map[string]int{"Yangon": 10, "Mandalay": 10, "Bangkok": 10}
	if len(got) != len(want) || got["Yangon"] != 10 || got["Mandalay"] != 10 || got["Bangkok"] != 10 {
		t.Errorf("places %v, want %v", got, want)
	}
	// Filters combine: odd positions are Mandalay and the place without
	// coordinates.
	odd, err := store.PublicPlaceCounts(ctx, "geo", timeline.Filter{Categories: []string{"odd"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(odd) != 1 || odd[0].Name != "Mandalay" || odd[0].Count != 10 {
		t.Errorf("odd events' places: %+v", odd)
	}
	if _, err := store.PublicPlaceCounts(ctx, "nope", timeline.Filter{}); err == nil {
		t.Error("an unknown timeline has places")
	}
}

func TestPlaceFilter(t *testing.T) {
	t.Parallel()
	store := geoStore(t)
	ctx := context.Background()
	places, err := store.PublicPlaceCounts(ctx, "geo", timeline.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var yangon int64
	for _, p := range places {
		if p.Name == "Yangon" {
			yangon = p.ID
		}
	}
	f := timeline.Filter{Places: []int64{yangon}}
	pt, err := store.PublicTimeline(ctx, "geo", f)
	if err != nil {
		t.Fatal(err)
	}
	if len(pt.Events) != 10 {
		t.Errorf("%d events at Yangon, want 10", len(pt.Events))
	}
	for _, e := range pt.Events {
		if e.Place.Name != "Yangon" || e.PlaceID != yangon {
			t.Errorf("event %s at %q (%d)", e.Slug, e.Place.Name, e.PlaceID)
		}
	}
	win, err := store.PublicEventWindow(ctx, "geo", f, timeline.Window{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(slugs(win.Events), slugs(pt.Events)) {
		t.Errorf("window %v, want %v", slugs(win.Events), slugs(pt.Events))
	}
	// The overview's counts and the charts' metrics take the GROUP BY
	// path: the kept counts know nothing of places.
	for _, f := range []timeline.Filter{f, {Places: []int64{yangon}, Categories: []string{"even"}}} {
		counts, err := store.PublicEventCounts(ctx, "geo", f)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range counts {
			n += c.Count
		}
		if n != 10 {
			t.Errorf("counts under %+v add up to %d, want 10", f, n)
		}
	}
	if got, _ := store.PublicPlaceCounts(ctx, "geo", f); len(got) != 1 || got[0].Count != 10 {
		t.Errorf("places under the place filter: %+v", got)
	}
	// A place key of no public event is an empty view, not an error.
	none, err := store.PublicTimeline(ctx, "geo", timeline.Filter{Places: []int64{1 << 40}})
	if err != nil || len(none.Events) != 0 {
		t.Errorf("unknown place: %d events, %v", len(none.Events), err)
	}
}

func TestSearchPlaceFacet(t *testing.T) {
	t.Parallel()
	store := geoStore(t)
	ctx := context.Background()
	res, err := store.Search(ctx, timeline.SearchQuery{Timeline: "geo", Filter: timeline.Filter{Categories: []string{"even"}}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	var bangkok string
	for _, f := range res.Places {
		got[f.Label] = f.Count
		if f.Label == "Bangkok" {
			bangkok = f.Value
		}
	}
	if len(got) != 2 || got["Yangon"] != 10 || got["Bangkok"] != 10 {
		t.Errorf("place facet %v, want Yangon and Bangkok 10 each", got)
	}
	id, _ := strconv.ParseInt(bangkok, 10, 64)
	// Combined with words (every title has "Event").
	res, err = store.Search(ctx, timeline.SearchQuery{Timeline: "geo", Text: "event", Filter: timeline.Filter{Places: []int64{id}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 10 || len(res.Places) != 1 || res.Places[0].Label != "Bangkok" {
		t.Errorf("search at Bangkok: %d events, places %+v", res.Total, res.Places)
	}
}
