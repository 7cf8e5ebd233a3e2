package chart

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"annals/internal/timeline"
)

func day(t *testing.T, s string) timeline.FuzzyDate {
	t.Helper()
	d, err := timeline.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func src(id int64, publisher string) timeline.Source {
	return timeline.Source{ID: id, Publisher: publisher, Title: "Report " + publisher, Kind: "news"}
}

func fig(t *testing.T, id int64, metric string, scope timeline.Scope, v int64, q timeline.Qualifier, date string, s timeline.Source) timeline.Figure {
	return timeline.Figure{ID: id, Metric: metric, Scope: scope, Value: v, Qualifier: q, AsOf: day(t, date), Source: s}
}

// element is one SVG element, flattened, with the classes of its ancestors.
type element struct {
	name    string
	attr    map[string]string
	parents []map[string]string
	text    string
}

func parseSVG(t *testing.T, svg string) []element {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var out []element
	var stack []map[string]string
	var open []int
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			attr := map[string]string{}
			for _, a := range tok.Attr {
				attr[a.Name.Local] = a.Value
			}
			out = append(out, element{name: tok.Name.Local, attr: attr, parents: slices.Clone(stack)})
			open = append(open, len(out)-1)
			stack = append(stack, attr)
		case xml.CharData:
			if len(open) > 0 {
				out[open[len(open)-1]].text += string(tok)
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			open = open[:len(open)-1]
		}
	}
	return out
}

func TestBuildGroupsByScopeAndSource(t *testing.T) {
	a, b, c := src(1, "AAPP"), src(2, "Reuters"), src(3, "HRW")
	figures := []timeline.Figure{
		fig(t, 10, "killed", timeline.ScopeEvent, 64, timeline.QualifierAtLeast, "2021-03-27", b),
		fig(t, 11, "killed", timeline.ScopeCumulative, 738, timeline.QualifierExact, "2021-04-20", a),
		fig(t, 12, "killed", timeline.ScopeCumulative, 423, timeline.QualifierExact, "2021-03-27", a),
		fig(t, 13, "detained", timeline.ScopeCumulative, 3300, timeline.QualifierAbout, "2021-04-20", a),
		fig(t, 14, "killed", timeline.ScopeCumulative, 760, timeline.QualifierMoreThan, "2021-05", c),
		fig(t, 15, "killed", timeline.ScopeEvent, 91, timeline.QualifierExact, "2021-03-27", a),
	}
	got := Build("killed", figures, nil)
	if got.ID != "chart-killed" || got.Title != "Killed" || got.Len() != 5 {
		t.Fatalf("chart %q %q with %d points", got.ID, got.Title, got.Len())
	}
	if len(got.Panels) != 2 || got.Panels[0].Scope != timeline.ScopeCumulative || got.Panels[1].Scope != timeline.ScopeEvent {
		t.Fatalf("panels %+v, want cumulative then event", got.Panels)
	}
	cum := got.Panels[0]
	if len(cum.Series) != 2 || cum.Series[0].Name != "AAPP" || cum.Series[1].Name != "HRW" {
		t.Fatalf("cumulative series %+v", cum.Series)
	}
	// AAPP's two running totals, oldest first, whatever the input order.
	if p := cum.Series[0].Points; len(p) != 2 || p[0].Value != 423 || p[1].Value != 738 {
		t.Errorf("AAPP points %+v, want 423 then 738", p)
	}
	if p := cum.Series[1].Points[0]; p.Label != "more than 760 on May 2021" || p.FigureID != 14 {
		t.Errorf("HRW point %+v", p)
	}
	if ev := got.Panels[1]; len(ev.Series) != 2 || ev.Series[0].Name != "Reuters" {
		t.Errorf("event series %+v", ev.Series)
	}
	if only := Build("detained", figures, nil); len(only.Panels) != 1 || only.Len() != 1 {
		t.Errorf("detained: %+v", only)
	}
	if none := Build("injured", figures, nil); len(none.Panels) != 0 || !strings.Contains(none.SVG(), "No figures") {
		t.Errorf("a metric without figures: %+v", none)
	}
	if m := Metrics(figures); !slices.Equal(m, []string{"killed", "detained"}) {
		t.Errorf("Metrics = %v", m)
	}
	// Two sources by one publisher (two briefings) form one series.
	other := src(4, "AAPP")
	other.Published = day(t, "2021-12-20")
	two := Build("killed", append(figures, fig(t, 16, "killed", timeline.ScopeCumulative, 1348, timeline.QualifierExact, "2021-12-20", other)), nil)
	var names []string
	for _, s := range two.Panels[0].Series {
		names = append(names, s.Name)
	}
	if want := []string{"AAPP", "HRW"}; !slices.Equal(names, want) {
		t.Errorf("names %q, want %q", names, want)
	}
	if p := two.Panels[0].Series[0]; len(p.Points) != 3 || p.Points[2].Value != 1348 || len(p.Sources) != 2 {
		t.Errorf("AAPP's series %+v, want its three running totals from two sources", p)
	}
}

func TestSVGHasOneSeriesPerSourceAndOnePointPerFigure(t *testing.T) {
	a, b := src(1, "AAPP"), src(2, `Evil <script>alert("x")</script> & Co`)
	conf := timeline.Source{ID: 9, Confidential: true, Kind: "other"}
	figures := []timeline.Figure{
		fig(t, 1, "killed", timeline.ScopeCumulative, 423, timeline.QualifierExact, "2021-03-27", a),
		fig(t, 2, "killed", timeline.ScopeCumulative, 738, timeline.QualifierExact, "2021-04-20", a),
		fig(t, 3, "killed", timeline.ScopeCumulative, 730, timeline.QualifierAbout, "2021-04", b),
		fig(t, 4, "killed", timeline.ScopeEvent, 64, timeline.QualifierAtLeast, "2021-03-27", b),
		fig(t, 5, "killed", timeline.ScopeEvent, 100, timeline.QualifierUpTo, "2021-03-27", conf),
	}
	c := Build("killed", figures, nil)
	svg := c.SVG()
	if strings.Contains(svg, "<script") {
		t.Fatal("a source name was not escaped")
	}
	els := parseSVG(t, svg)
	if els[0].name != "svg" || els[0].attr["role"] != "img" || els[0].attr["viewBox"] == "" {
		t.Fatalf("root %+v", els[0])
	}
	type seriesKey struct{ scope, series string }
	points := map[seriesKey][]element{}
	lines := map[seriesKey]int{}
	precision := 0
	for _, e := range els {
		if len(e.parents) < 2 {
			continue
		}
		panel, series := e.parents[len(e.parents)-2], e.parents[len(e.parents)-1]
		k := seriesKey{panel["data-scope"], series["data-series"]}
		switch e.attr["class"] {
		case "point":
			points[k] = append(points[k], e)
		case "line":
			lines[k]++
		case "precision":
			precision++
		}
	}
	want := map[seriesKey][]int64{
		{"cumulative", "publisher-aapp"}:                                    {423, 738},
		{"cumulative", "publisher-evil <script>alert(\"x\")</script> & co"}: {730},
		{"event", "publisher-evil <script>alert(\"x\")</script> & co"}:      {64},
		{"event", "source-9"}:                                               {100},
	}
	if len(points) != len(want) {
		t.Errorf("%d series with points, want %d: %v", len(points), len(want), points)
	}
	for k, values := range want {
		got := points[k]
		if len(got) != len(values) {
			t.Errorf("%v: %d points, want %d", k, len(got), len(values))
			continue
		}
		for i, v := range values {
			if got[i].attr["data-value"] != timelineInt(v) {
				t.Errorf("%v point %d = %s, want %d", k, i, got[i].attr["data-value"], v)
			}
		}
	}
	// Only a series of several points gets a line.
	if lines[seriesKey{"cumulative", "publisher-aapp"}] != 1 || len(lines) != 1 {
		t.Errorf("lines %v, want one, for AAPP's running total", lines)
	}
	if precision != 1 {
		t.Errorf("%d precision bars, want 1 (for the April 2021 figure)", precision)
	}
	// The key explains each shape used, and every source is named.
	for _, key := range []string{"exact count", "at least / more than", "nearly / up to", "about"} {
		if !strings.Contains(svg, ">"+key+"<") {
			t.Errorf("the legend does not explain %q", key)
		}
	}
	for _, name := range []string{"AAPP", "Confidential source", "Evil &lt;script&gt;"} {
		if !strings.Contains(svg, name) {
			t.Errorf("the legend does not name %q", name)
		}
	}
}

// TestNarrowDrawingHasTheSamePoints draws the chart for phones: the same
// points, its own ids, the narrow width.
func TestNarrowDrawingHasTheSamePoints(t *testing.T) {
	var figures []timeline.Figure
	for i, v := range []int64{67, 423, 730, 738, 769, 760, 858, 1348} {
		figures = append(figures, fig(t, int64(i), "killed", timeline.ScopeCumulative, v, timeline.Qualifiers[i%6],
			[]string{"2021-03-10", "2021-03-27", "2021-04-19", "2021-04-20", "2021-05-04", "2021-05-05", "2021-06-18", "2021-12-20"}[i],
			src(int64(i), strings.Repeat("Publisher with a long name ", 1+i%3))))
	}
	c := Build("killed", figures, nil)
	wide, narrow := parseSVG(t, c.SVG()), parseSVG(t, c.Render(Narrow, "chart-killed-narrow"))
	if narrow[0].attr["width"] != "340" || !strings.HasPrefix(narrow[0].attr["aria-labelledby"], "chart-killed-narrow-title") {
		t.Errorf("narrow root %v", narrow[0].attr)
	}
	count := func(els []element) (n int) {
		for _, e := range els {
			if e.attr["class"] == "point" {
				n++
			}
			if x := e.attr["x"]; x != "" && e.name == "text" {
				if v, _ := strconv.ParseFloat(x, 64); v < 0 || v > 640 {
					t.Errorf("text at x=%s, outside the drawing", x)
				}
			}
		}
		return n
	}
	if count(wide) != 8 || count(narrow) != 8 {
		t.Errorf("points: wide %d, narrow %d, want 8", count(wide), count(narrow))
	}
}

func timelineInt(v int64) string { return strings.ReplaceAll(timeline.FormatCount(v), ",", "") }

func TestMarkersDifferByQualifier(t *testing.T) {
	seen := map[string]timeline.Qualifier{}
	for _, q := range timeline.Qualifiers {
		d := qualifierMark(q) + qualifierTick(q, 10, 10)
		if prev, ok := seen[d]; ok && qualifierMark(prev) != qualifierMark(q) {
			t.Errorf("%s and %s share a mark", prev, q)
		}
		seen[d] = q
	}
	if len(seen) != 4 {
		t.Errorf("%d distinct marks, want 4 (exact, at least, up to, about)", len(seen))
	}
	shapesSeen := map[string]bool{}
	for _, sh := range shapes {
		shapesSeen[marker(sh, 10, 10)] = true
	}
	if len(shapesSeen) != len(shapes) {
		t.Errorf("%d distinct shapes drawn for %d names", len(shapesSeen), len(shapes))
	}
}

func TestValueTicks(t *testing.T) {
	tests := []struct {
		max  int64
		want []int64
	}{
		{0, []int64{0, 1}},
		{1, []int64{0, 1}},
		{3, []int64{0, 1, 2, 3}},
		{7, []int64{0, 2, 4, 6, 8}},
		{114, []int64{0, 50, 100, 150}},
		{1348, []int64{0, 500, 1000, 1500}},
		{8131, []int64{0, 2500, 5000, 7500, 10000}},
		{1000, []int64{0, 250, 500, 750, 1000}},
	}
	for _, tt := range tests {
		if got := valueTicks(tt.max); !slices.Equal(got, tt.want) {
			t.Errorf("valueTicks(%d) = %v, want %v", tt.max, got, tt.want)
		}
	}
}

func TestTimeTicks(t *testing.T) {
	d := func(s string) time.Time {
		v, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		from, to string
		max      int
		want     []string
	}{
		{"2021-02-20", "2021-06-10", 6, []string{"Mar 2021", "Apr 2021", "May 2021", "Jun 2021"}},
		{"2021-02-20", "2021-12-31", 6, []string{"Mar 2021", "May 2021", "Jul 2021", "Sep 2021", "Nov 2021"}},
		{"2021-02-20", "2021-12-31", 3, []string{"Apr 2021", "Jul 2021", "Oct 2021"}},
		{"2001-01-01", "2021-12-31", 6, []string{"2005", "2010", "2015", "2020"}},
		{"2021-03-25", "2021-03-30", 6, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range timeTicks(d(tt.from), d(tt.to), tt.max) {
			got = append(got, tk.label)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("timeTicks(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestMidRespectsPrecision(t *testing.T) {
	tests := []struct{ date, want string }{
		{"2021-03-27", "2021-03-27T12:00"},
		{"2021-04", "2021-04-16T00:00"},
		{"2021", "2021-07-02T12:00"},
	}
	for _, tt := range tests {
		if got := mid(day(t, tt.date)).Format("2006-01-02T15:04"); got != tt.want {
			t.Errorf("mid(%s) = %s, want %s", tt.date, got, tt.want)
		}
	}
}

// TestSeriesReadApart parses the drawing: every series has its own
// (colour, shape) pair, drawn the same in both panels; a series of several
// points has a line through them in date order; one publisher's counts
// (two briefings) form one series; the legend names every publisher with
// its series' colour and shape.
func TestSeriesReadApart(t *testing.T) {
	var figures []timeline.Figure
	pubs := []string{"AAPP", "Reuters", "HRW", "Amnesty", "AP", "AFP", "DVB", "Irrawaddy", "Myanmar Now", "RFA"}
	for i, p := range pubs {
		for j := range 3 {
			s := src(int64(10*i+j%2), p) // two sources, one publisher
			date := fmt.Sprintf("2021-%02d-%02d", 3+j*2, 1+i)
			figures = append(figures,
				fig(t, int64(100*i+j), "killed", timeline.ScopeCumulative, int64(100*(i+1)+50*(2-j)), timeline.Qualifiers[j%len(timeline.Qualifiers)], date, s),
				fig(t, int64(100*i+j+50), "killed", timeline.ScopeEvent, int64(10*(i+1)+j), timeline.QualifierExact, date, s))
		}
	}
	c := Build("killed", figures, nil)
	els := parseSVG(t, c.SVG())
	type style struct{ colour, shape string }
	styleOf := map[string]style{} // series -> style
	seen := map[style]string{}
	for _, e := range els {
		if e.attr["class"] != "point" {
			continue
		}
		series := e.parents[len(e.parents)-1]["data-series"]
		st := style{e.attr["data-colour"], e.attr["data-shape"]}
		if st.colour == "" || st.shape == "" {
			t.Fatalf("point %v names no colour or shape", e.attr)
		}
		if prev, ok := styleOf[series]; ok && prev != st {
			t.Errorf("series %s drawn as %v and as %v", series, prev, st)
		}
		styleOf[series] = st
		if other, ok := seen[st]; ok && other != series {
			t.Errorf("series %s and %s share %v", series, other, st)
		}
		seen[st] = series
	}
	if len(styleOf) != len(pubs) {
		t.Errorf("%d series, want one per publisher (%d)", len(styleOf), len(pubs))
	}
	// Lines through each series' points, in date order.
	type panelSeries struct{ scope, series string }
	xs := map[panelSeries][]float64{}
	lines := map[panelSeries]string{}
	for _, e := range els {
		if len(e.parents) < 2 {
			continue
		}
		k := panelSeries{e.parents[len(e.parents)-2]["data-scope"], e.parents[len(e.parents)-1]["data-series"]}
		switch e.attr["class"] {
		case "point":
			x, _ := strconv.ParseFloat(e.attr["data-x"], 64)
			xs[k] = append(xs[k], x)
		case "line":
			lines[k] = e.attr["d"]
		}
	}
	for k, pts := range xs {
		d := lines[k]
		if len(pts) > 1 && d == "" {
			t.Errorf("%v: %d points and no line", k, len(pts))
			continue
		}
		var lx []float64
		for _, f := range strings.Fields(strings.NewReplacer("M", " ", "L", " ").Replace(d)) {
			v, _ := strconv.ParseFloat(f, 64)
			lx = append(lx, v)
		}
		var xsOnLine []float64
		for i := 0; i < len(lx); i += 2 {
			xsOnLine = append(xsOnLine, lx[i])
		}
		if !slices.Equal(xsOnLine, pts) || !slices.IsSorted(pts) {
			t.Errorf("%v: line through x %v, points at %v: want the points, in date order", k, xsOnLine, pts)
		}
	}
	// The legend: every publisher, with its series' colour and shape.
	legend := map[string]style{}
	for _, e := range els {
		if e.attr["class"] == "legend-marker" {
			legend[e.parents[len(e.parents)-1]["data-series"]] = style{e.attr["data-colour"], e.attr["data-shape"]}
		}
	}
	for series, st := range styleOf {
		if legend[series] != st {
			t.Errorf("legend of %s: %v, the drawing: %v", series, legend[series], st)
		}
	}
	svg := c.SVG()
	for _, p := range pubs {
		if !strings.Contains(svg, ">"+p+"<") {
			t.Errorf("the legend does not name %s", p)
		}
	}
}

// TestPaletteContrast: every series colour stands out from the white
// ground by at least 3:1 (WCAG's minimum for graphics).
func TestPaletteContrast(t *testing.T) {
	for _, c := range palette {
		if r := contrast(c, "#ffffff"); r < 3 {
			t.Errorf("%s on white: %.2f:1, want at least 3:1", c, r)
		}
	}
	if len(shapes) < 5 {
		t.Errorf("%d shapes, want at least 5", len(shapes))
	}
}

// contrast is the WCAG contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	lum := func(hex string) float64 {
		var rgb [3]float64
		for i := range rgb {
			v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
			c := float64(v) / 255
			if c <= 0.03928 {
				rgb[i] = c / 12.92
			} else {
				rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
	}
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}
