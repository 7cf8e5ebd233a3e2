package mapsvg

import (
	"math"
	"strings"
	"testing"
)

func TestAtlasDecodes(t *testing.T) {
	t.Parallel()
	countries, err := atlas()
	if err != nil {
		t.Fatal(err)
	}
	mm, ok := countries["MM"]
	if !ok {
		t.Fatalf("no Myanmar among %d countries", len(countries))
	}
	// Myanmar lies between about 92°E and 101.2°E, 9.6°N and 28.6°N.
	b := mm.bound
	if math.Abs(b.Min[0]-92.2) > 0.5 || math.Abs(b.Max[0]-101.2) > 0.5 || math.Abs(b.Min[1]-9.8) > 0.5 || math.Abs(b.Max[1]-28.5) > 0.5 {
		t.Errorf("Myanmar's bound %v", b)
	}
	if len(countries) < 200 {
		t.Errorf("%d countries", len(countries))
	}
}

func TestDrawClustersAndCounts(t *testing.T) {
	t.Parallel()
	points := []Point{
		{Key: "yangon", Lat: 16.87, Lon: 96.2, Count: 5},
		{Key: "bago", Lat: 17.34, Lon: 96.48, Count: 2}, // 60 km away: merges with Yangon
		{Key: "mandalay", Lat: 21.96, Lon: 96.09, Count: 3},
		{Key: "bangkok", Lat: 13.76, Lon: 100.5, Count: 1},
	}
	m := Draw(points, Options{Width: 640})
	total, keys := 0, map[string]int{}
	for _, mk := range m.Markers {
		total += mk.Count
		sum := 0
		for _, p := range mk.Points {
			keys[p.Key] = mk.Count
			sum += p.Count
		}
		if sum != mk.Count {
			t.Errorf("marker %+v counts %d, its points %d", mk, mk.Count, sum)
		}
		if mk.X < 0 || mk.X > m.Width || mk.Y < 0 || mk.Y > m.Height {
			t.Errorf("marker at (%v, %v) outside %vx%v", mk.X, mk.Y, m.Width, m.Height)
		}
	}
	if total != 11 || len(m.Markers) != 3 || keys["yangon"] != 7 || keys["bago"] != 7 || keys["mandalay"] != 3 {
		t.Errorf("markers %+v", m.Markers)
	}
	// The busiest marker is the largest.
	if m.Markers[0].Count != 7 || m.Markers[0].R <= m.Markers[1].R {
		t.Errorf("markers by size: %+v", m.Markers)
	}
	var codes []string
	size := 0
	for _, c := range m.Countries {
		codes = append(codes, c.Code)
		size += len(c.D)
	}
	joined := strings.Join(codes, ",")
	for _, want := range []string{"MM", "TH"} {
		if !strings.Contains(joined, want) {
			t.Errorf("countries %s lack %s", joined, want)
		}
	}
	if strings.Contains(joined, "US") || strings.Contains(joined, "BR") {
		t.Errorf("countries %s reach beyond the view", joined)
	}
	if size > 40_000 {
		t.Errorf("paths of %d bytes", size)
	}
}

func TestDrawMinimumExtent(t *testing.T) {
	t.Parallel()
	// One place: the view is a region around it, not a point.
	m := Draw([]Point{{Key: "naypyidaw", Lat: 19.76, Lon: 96.08, Count: 2}}, Options{Width: 640})
	if m.View.Max[0]-m.View.Min[0] < 10 || m.View.Max[1]-m.View.Min[1] < 8 {
		t.Errorf("view %v", m.View)
	}
	if len(m.Markers) != 1 || math.Abs(m.Markers[0].X-m.Width/2) > 1 {
		t.Errorf("markers %+v in a view %v wide", m.Markers, m.Width)
	}
	// A world of places fits the world, and stays small.
	m = Draw([]Point{{Key: "ny", Lat: 40.7, Lon: -74, Count: 6}, {Key: "moscow", Lat: 55.75, Lon: 37.6, Count: 1},
		{Key: "naypyidaw", Lat: 19.76, Lon: 96.08, Count: 2}}, Options{Width: 640})
	size := 0
	for _, c := range m.Countries {
		size += len(c.D)
	}
	if len(m.Markers) != 3 || size > 120_000 || len(m.Countries) < 100 {
		t.Errorf("%d markers, %d countries, %d bytes of paths", len(m.Markers), len(m.Countries), size)
	}
}

func TestLocator(t *testing.T) {
	t.Parallel()
	m := Draw([]Point{{Key: "yangon", Lat: 16.87, Lon: 96.2, Count: 1}}, Options{Width: 320, Country: "MM"})
	var mm *Country
	for i, c := range m.Countries {
		if c.Code == "MM" {
			mm = &m.Countries[i]
		}
	}
	if mm == nil || !mm.Highlight {
		t.Fatalf("Myanmar not highlighted: %+v", m.Countries)
	}
	// The whole country is in view.
	if m.View.Min[1] > 10 || m.View.Max[1] < 28 {
		t.Errorf("view %v cuts Myanmar", m.View)
	}
	// Points without a drawable place draw nothing.
	if m := Draw(nil, Options{Width: 320}); len(m.Markers) != 0 || len(m.Countries) != 0 {
		t.Errorf("empty map %+v", m)
	}
}
