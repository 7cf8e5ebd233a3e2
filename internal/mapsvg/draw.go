// Package mapsvg lays out maps of places: the view fitted to the places,
// the country boundaries in it (Natural Earth, from the vendored
// world-atlas package) as SVG path data, and the places clustered into
// markers. It draws nothing itself: views/ writes the SVG, escaped.
package mapsvg

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/simplify"
)

// Point is a place to mark, with its number of events.
type Point struct {
	Key      string // what the caller links it by
	Lat, Lon float64
	Count    int
}

// Options shape a map.
type Options struct {
	Width float64 // in SVG units; the height follows the view's shape
	// Country, when set, is highlighted and fitted into the view (a
	// locator map: the place in its country).
	Country string
}

// Map is a laid-out map: SVG coordinates from (0, 0) to (Width, Height).
type Map struct {
	Width, Height float64
	View          orb.Bound // the degrees shown
	Countries     []Country
	Markers       []Marker // largest first
}

// Country is a country's visible shape.
type Country struct {
	Code      string // ISO 3166-1 alpha-2
	D         string // SVG path data
	Highlight bool
	// LabelX, LabelY place its name, when it shows large enough to carry
	// one (ShowLabel).
	LabelX, LabelY float64
	ShowLabel      bool
}

// Marker is one or more places close together on the map.
type Marker struct {
	X, Y, R float64
	Count   int
	Points  []Point // busiest first
}

// Limits of the view, in degrees.
const (
	minLonSpan = 14  // one place shows its region (Myanmar and its neighbours)
	minLatSpan = 10  //
	maxFitSpan = 40  // a locator map of a large country stays near the place
	padding    = 0.1 // of the places' span, on each side
	// mergeGap: markers nearer than this (SVG units, on top of their
	// radii) become one.
	mergeGap = 6
)

// Draw lays out a map of points (those with a zero count are left out). With
// no point to mark it returns the zero Map.
func Draw(points []Point, opt Options) Map {
	var pts []Point
	for _, p := range points {
		if p.Count > 0 && !math.IsNaN(p.Lat) && !math.IsNaN(p.Lon) {
			pts = append(pts, p)
		}
	}
	if len(pts) == 0 {
		return Map{}
	}
	width := cmp.Or(opt.Width, 640)
	countries, err := atlas()
	if err != nil {
		countries = nil // a map without boundaries still shows the places
	}
	b := orb.Bound{Min: orb.Point{pts[0].Lon, pts[0].Lat}, Max: orb.Point{pts[0].Lon, pts[0].Lat}}
	for _, p := range pts {
		b = b.Extend(orb.Point{p.Lon, p.Lat})
	}
	if c, ok := countries[opt.Country]; ok {
		cb := c.bound
		// A large country (or one with far islands) is cut to a
		// window around the place.
		centre := b.Center()
		cb.Min[0], cb.Max[0] = max(cb.Min[0], centre[0]-maxFitSpan/2), min(cb.Max[0], centre[0]+maxFitSpan/2)
		cb.Min[1], cb.Max[1] = max(cb.Min[1], centre[1]-maxFitSpan/2), min(cb.Max[1], centre[1]+maxFitSpan/2)
		b = b.Union(cb)
	}
	view := fit(b, width)
	if view.bound.Max[0]-view.bound.Min[0] > wideView {
		if small, err := atlasSmall(); err == nil {
			countries = small
		}
	}
	m := Map{Width: width, View: view.bound, Height: view.height}
	m.Countries = view.countries(countries, opt.Country)
	m.Markers = view.cluster(pts)
	// A name under a marker would be hidden by it: left out.
	for i := range m.Countries {
		c := &m.Countries[i]
		for _, mk := range m.Markers {
			if c.ShowLabel && math.Abs(c.LabelX-mk.X) < mk.R+40 && math.Abs(c.LabelY-mk.Y) < mk.R+8 {
				c.ShowLabel = false
			}
		}
	}
	return m
}

// view is an equirectangular projection of bound onto width by height,
// longitudes shrunk by the cosine of the middle latitude so shapes near
// the view's centre keep their proportions.
type view struct {
	bound         orb.Bound
	width, height float64
	kx, ky        float64 // SVG units per degree
}

// fit pads b, widens it to the minimum spans, and shapes it to between
// 2:1 and 5:4 (width to height), growing the shorter side.
func fit(b orb.Bound, width float64) view {
	lonSpan, latSpan := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	b.Min[0], b.Max[0] = b.Min[0]-lonSpan*padding, b.Max[0]+lonSpan*padding
	b.Min[1], b.Max[1] = b.Min[1]-latSpan*padding, b.Max[1]+latSpan*padding
	grow := func(lo, hi *float64, span float64) {
		if d := span - (*hi - *lo); d > 0 {
			*lo, *hi = *lo-d/2, *hi+d/2
		}
	}
	grow(&b.Min[0], &b.Max[0], minLonSpan)
	grow(&b.Min[1], &b.Max[1], minLatSpan)
	b.Min[1], b.Max[1] = max(b.Min[1], -85), min(b.Max[1], 85)
	shrink := math.Cos((b.Min[1] + b.Max[1]) / 2 * math.Pi / 180)
	w := (b.Max[0] - b.Min[0]) * shrink // in degrees of latitude
	h := b.Max[1] - b.Min[1]
	switch {
	case h/w > 0.8: // too tall: widen
		grow(&b.Min[0], &b.Max[0], h/0.8/shrink)
	case h/w < 0.5: // too wide: heighten
		grow(&b.Min[1], &b.Max[1], w*0.5)
		b.Min[1], b.Max[1] = max(b.Min[1], -85), min(b.Max[1], 85)
	}
	if b.Max[0]-b.Min[0] > 360 {
		b.Min[0], b.Max[0] = -180, 180
	}
	kx := width / (b.Max[0] - b.Min[0])
	ky := kx / shrink
	return view{bound: b, width: width, height: math.Round((b.Max[1] - b.Min[1]) * ky), kx: kx, ky: ky}
}

func (v view) project(p orb.Point) orb.Point {
	return orb.Point{(p[0] - v.bound.Min[0]) * v.kx, (v.bound.Max[1] - p[1]) * v.ky}
}

// countries are the shapes of the countries the view meets, clipped to
// it (with a margin, so no cut edge shows) and simplified to what shows at
// this size.
func (v view) countries(all map[string]country, highlight string) []Country {
	margin := 0.02 * (v.bound.Max[0] - v.bound.Min[0])
	clipTo := v.bound.Pad(margin)
	simplifier := simplify.DouglasPeucker(0.6) // SVG units
	var out []Country
	for _, c := range all {
		if !c.bound.Intersects(clipTo) {
			continue
		}
		shape := clip.MultiPolygon(clipTo, c.shape.Clone())
		var d strings.Builder
		var largest orb.Polygon // the largest part, for the label
		var largestArea float64
		for _, poly := range shape {
			for ri, ring := range poly {
				r := make(orb.Ring, len(ring))
				for i, p := range ring {
					r[i] = v.project(p)
				}
				r = simplifier.Ring(r)
				if len(r) < 4 {
					continue
				}
				a := math.Abs(planar.Area(r))
				if a < 2 { // smaller than two unit squares: a speck
					continue
				}
				if ri == 0 && a > largestArea {
					largest, largestArea = orb.Polygon{r}, a
				}
				writeRing(&d, r)
			}
		}
		if d.Len() == 0 {
			continue
		}
		cc := Country{Code: c.code, D: d.String(), Highlight: c.code == highlight}
		// A name fits a country that shows large: its largest part's
		// centre, kept inside the map.
		// (when that centre is on land: a clipped or crooked country's
		// may not be).
		lb := clip.Bound(orb.Bound{Max: orb.Point{v.width, v.height}}, largest.Bound())
		if lb.Max[0]-lb.Min[0] > v.width/6 && lb.Max[1]-lb.Min[1] > 24 {
			if centre := lb.Center(); planar.PolygonContains(largest, centre) {
				cc.LabelX, cc.LabelY, cc.ShowLabel = round(centre[0]), round(centre[1]), true
			}
		}
		out = append(out, cc)
	}
	// Highlighted last (drawn on top), the rest by code: stable output.
	slices.SortFunc(out, func(a, b Country) int {
		if a.Highlight != b.Highlight {
			if a.Highlight {
				return 1
			}
			return -1
		}
		return strings.Compare(a.Code, b.Code)
	})
	return out
}

// writeRing appends a closed ring as absolute moves and lines, rounded to
// a tenth of a unit.
func writeRing(d *strings.Builder, r orb.Ring) {
	for i, p := range r[:len(r)-1] {
		if i == 0 {
			d.WriteByte('M')
		} else {
			d.WriteByte('L')
		}
		d.WriteString(num(p[0]))
		d.WriteByte(' ')
		d.WriteString(num(p[1]))
	}
	d.WriteByte('Z')
}

func round(f float64) float64 { return math.Round(f*10) / 10 }

func num(f float64) string { return strconv.FormatFloat(round(f), 'f', -1, 64) }

// radius of a marker for count, against the largest count on the map: its
// area grows with the count.
func radius(count, largest int) float64 {
	return round(8 + 10*math.Sqrt(float64(count)/float64(max(largest, 1))))
}

// cluster merges places whose markers would overlap, busiest first: each
// merged marker sits at the count-weighted centre of its places.
func (v view) cluster(pts []Point) []Marker {
	slices.SortStableFunc(pts, func(a, b Point) int { return cmp.Compare(b.Count, a.Count) })
	largest := pts[0].Count
	var markers []Marker
	for _, p := range pts {
		xy := v.project(orb.Point{p.Lon, p.Lat})
		r := radius(p.Count, largest)
		merged := false
		for i := range markers {
			mk := &markers[i]
			if math.Hypot(mk.X-xy[0], mk.Y-xy[1]) < mk.R+r/2+mergeGap {
				n := float64(mk.Count + p.Count)
				mk.X = (mk.X*float64(mk.Count) + xy[0]*float64(p.Count)) / n
				mk.Y = (mk.Y*float64(mk.Count) + xy[1]*float64(p.Count)) / n
				mk.Count += p.Count
				mk.Points = append(mk.Points, p)
				mk.R = radius(mk.Count, largest)
				merged = true
				break
			}
		}
		if !merged {
			markers = append(markers, Marker{X: xy[0], Y: xy[1], R: r, Count: p.Count, Points: []Point{p}})
		}
	}
	// Radii against the largest marker, not the largest place.
	top := 0
	for _, mk := range markers {
		top = max(top, mk.Count)
	}
	for i := range markers {
		mk := &markers[i]
		mk.R = radius(mk.Count, top)
		mk.X = round(min(max(mk.X, mk.R), v.width-mk.R))
		mk.Y = round(min(max(mk.Y, mk.R), v.height-mk.R))
	}
	slices.SortStableFunc(markers, func(a, b Marker) int { return cmp.Compare(b.Count, a.Count) })
	return markers
}
