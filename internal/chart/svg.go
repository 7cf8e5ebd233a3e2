package chart

import (
	"cmp"
	"context"
	"fmt"
	"html"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"annals/internal/timeline"
)

// Widths the chart is drawn at: wide for pages and print, narrow for
// phones and narrow embeds, where the wide drawing would shrink its text
// below reading size.
const (
	Wide   = 640
	Narrow = 340
)

// Geometry of the drawing, in SVG user units (pixels at 100%).
const (
	panelTitleH = 26
	plotH       = 170
	axisH       = 30
	panelGap    = 14
	legendRowH  = 20
	markerR     = 4.5
)

// Each series has a colour, a point shape and a dash pattern, so colour
// never carries meaning alone: the series of one chart differ in (colour,
// shape) up to 24 of them (8 colours by 6 shapes, both cycling), and past
// that in dash too. Colours: the Okabe-Ito palette (distinguishable with
// the common colour vision deficiencies) minus its yellow, its pink and
// sky blue darkened to purple tones, plus an olive; each stands out from
// white by at least 3:1.
var palette = []string{"#0072B2", "#D55E00", "#009E73", "#B8538F", "#B07800", "#6B4C9A", "#1d1d1f", "#7A7A1F"}
var shapes = []string{"circle", "square", "triangle", "diamond", "triangle-down", "hexagon"}
var dashes = []string{"", "6 3", "2 3", "8 3 2 3"}

const (
	ink   = "#1d1d1f"
	muted = "#5a5a60"
	grid  = "#d8d8de"
)

// SVG renders the chart as a standalone SVG document fragment (an <svg>
// element with its namespace), usable inline in HTML or served as
// image/svg+xml. Styling uses presentation attributes only, so no inline
// style is needed under a strict Content-Security-Policy.
func (c Chart) SVG() string { return c.Render(Wide, c.ID) }

// Render draws the chart width units wide; id prefixes its element ids,
// which must be unique on a page that shows several drawings.
func (c Chart) Render(width int, id string) string {
	svg, _ := c.RenderContext(context.Background(), width, id) // a background context never ends
	return svg
}

// RenderContext is Render for a request: it stops with ctx's error, and no
// drawing, once ctx is canceled or past its deadline. Every step of the
// drawing is bounded by the number of points; the checks keep a page with
// very many of them from outliving its request.
func (c Chart) RenderContext(ctx context.Context, width int, id string) (string, error) {
	var b strings.Builder
	// About what a point and a legend entry take: growing the drawing as
	// it is written copied it over and over.
	series := 0
	for _, p := range c.Panels {
		series += len(p.Series)
	}
	b.Grow(4096 + 640*c.Len() + 400*series)
	l := layout{width: width, left: 64, right: width - 24, maxTicks: 6, lang: c.Lang}
	if width < 500 {
		l.left, l.right, l.maxTicks = 44, width-14, 4
	}
	if err := c.write(ctx, &b, l, id); err != nil {
		return "", fmt.Errorf("draw chart %s: %w", c.ID, err)
	}
	return b.String(), nil
}

// layout is the geometry of one drawing.
type layout struct {
	width, left, right int
	maxTicks           int
	lang               string
}

type sourceStyle struct {
	colour, shape, dash string
}

func (c Chart) write(ctx context.Context, b *strings.Builder, l layout, rawID string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	styles, order := c.styles()
	quals := c.qualifiers()
	cols := l.legendColumns(order)
	legendRows := (len(order)+cols-1)/cols + 1 // the sources, then the qualifier key
	if keys := l.qualifierKeys(quals); len(keys) > 0 {
		legendRows += keys[len(keys)-1][1]
	}
	height := 8
	for range c.Panels {
		height += panelTitleH + plotH + axisH + panelGap
	}
	height += legendRowH*legendRows + 8
	if len(c.Panels) == 0 {
		height = 60
	}
	id := html.EscapeString(rawID)
	width := l.width
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title %s-desc" class="chart" direction="ltr" data-metric-chart="%s" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Myanmar', 'Myanmar Text', Padauk, 'Noto Sans Arabic', sans-serif" font-size="12" fill="%s">`,
		width, height, width, height, id, id, id, ink)
	fmt.Fprintf(b, `<title id="%s-title">%s</title>`, id, esc(c.summary()))
	fmt.Fprintf(b, `<desc id="%s-desc">%s</desc>`, id, esc(c.description()))
	fmt.Fprintf(b, `<rect width="%d" height="%d" fill="#fff"/>`, width, height)
	if len(c.Panels) == 0 {
		fmt.Fprintf(b, `<text x="%d" y="34" fill="%s">%s</text></svg>`, l.left, muted, esc(term(c.Lang, "chart.none", "No figures.")))
		return nil
	}
	t0, t1 := c.axisSpan()
	y := 8
	for _, p := range c.Panels {
		if err := c.writePanel(ctx, b, l, p, y, t0, t1, styles); err != nil {
			return err
		}
		y += panelTitleH + plotH + axisH + panelGap
	}
	l.writeLegend(b, y, order, styles, quals)
	b.WriteString(`</svg>`)
	return nil
}

// styles gives each series one colour, shape and dash in both panels, in
// the order series first appear.
func (c Chart) styles() (map[string]sourceStyle, []Series) {
	styles := map[string]sourceStyle{}
	var order []Series
	for _, p := range c.Panels {
		for _, s := range p.Series {
			if _, ok := styles[s.Key]; ok {
				continue
			}
			i := len(order)
			pairs := len(palette) * len(shapes) / 2 // lcm(8, 6): the first repeat of a (colour, shape) pair
			styles[s.Key] = sourceStyle{palette[i%len(palette)], shapes[i%len(shapes)], dashes[(i/pairs)%len(dashes)]}
			order = append(order, s)
		}
	}
	return styles, order
}

func (c Chart) qualifiers() []timeline.Qualifier {
	seen := map[string]bool{}
	var out []timeline.Qualifier
	for _, q := range timeline.Qualifiers {
		for _, p := range c.Panels {
			for _, s := range p.Series {
				for _, pt := range s.Points {
					if pt.Qualifier == q && !seen[qualifierMark(q)] {
						seen[qualifierMark(q)] = true
						out = append(out, q)
					}
				}
			}
		}
	}
	return out
}

func (c Chart) summary() string {
	sources := map[string]bool{}
	for _, p := range c.Panels {
		for _, s := range p.Series {
			sources[s.Key] = true
		}
	}
	s := word(c.Lang, "chart.summary", "%s: %s from %s", c.Title, pluralIn(c.Lang, "chart.figures", c.Len(), "figure"),
		pluralIn(c.Lang, "chart.sources", len(sources), "source"))
	if first, last := c.span(); !first.IsZero() {
		s += word(c.Lang, "chart.span", ", %s to %s", monthIn(c.Lang, first), monthIn(c.Lang, last))
	}
	return s
}

func (c Chart) description() string {
	var parts []string
	for _, p := range c.Panels {
		n := 0
		for _, s := range p.Series {
			n += len(s.Points)
		}
		parts = append(parts, word(c.Lang, "chart.desc.panel", "%s: %s from %s.", p.Title,
			pluralIn(c.Lang, "chart.figures", n, "figure"), pluralIn(c.Lang, "chart.sources", len(p.Series), "source")))
	}
	return strings.Join(parts, " ") + " " + term(c.Lang, "chart.desc.tail",
		"Each publisher is drawn as its own line, with its own colour and point shape; a hollow point is a qualified count. The data table lists every figure.")
}

// axisSpan pads the chart's span so points do not sit on the frame. It
// counts in seconds: a time.Duration saturates past 292 years.
func (c Chart) axisSpan() (time.Time, time.Time) {
	first, last := c.span()
	last = last.AddDate(0, 0, 1)
	const day = 24 * 60 * 60
	width := last.Unix() - first.Unix()
	pad := max(width/25, 10*day)
	// At least two months on the axis, so it carries a date label or two.
	if width+2*pad < 62*day {
		pad = (62*day - width) / 2
	}
	return time.Unix(first.Unix()-pad, 0).UTC(), time.Unix(last.Unix()+pad, 0).UTC()
}

func (c Chart) writePanel(ctx context.Context, b *strings.Builder, l layout, p Panel, top int, t0, t1 time.Time, styles map[string]sourceStyle) error {
	marginLeft, right := l.left, l.right
	plotTop := top + panelTitleH
	plotBottom := plotTop + plotH
	// Seconds, not a time.Duration: a Duration saturates past 292 years,
	// and dates run from the year 1000 to 9999. Points stay inside the plot.
	span := float64(t1.Unix() - t0.Unix())
	x := func(t time.Time) float64 {
		f := float64(t.Unix()-t0.Unix()) / span
		return float64(marginLeft) + min(max(f, 0), 1)*float64(right-marginLeft)
	}
	var highest int64
	for _, s := range p.Series {
		for _, pt := range s.Points {
			highest = max(highest, pt.Value)
		}
	}
	ticks := valueTicks(highest)
	yMax := ticks[len(ticks)-1]
	yOf := func(v int64) float64 {
		return float64(plotBottom) - float64(max(v, 0))/float64(yMax)*plotH // a negative count sits on zero
	}

	fmt.Fprintf(b, `<g class="panel" data-scope="%s">`, esc(string(p.Scope)))
	fmt.Fprintf(b, `<text x="%d" y="%d" font-weight="600" font-size="13">%s</text>`, marginLeft, top+16, esc(p.Title))
	// Value grid and labels.
	for _, v := range ticks {
		yy := yOf(v)
		fmt.Fprintf(b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="1"/>`, marginLeft, right, yy, yy, grid)
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="end" fill="%s" font-size="11">%s</text>`, marginLeft-6, yy+4, muted, count(l.lang, v))
	}
	// Time axis.
	fmt.Fprintf(b, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="1"/>`, marginLeft, right, plotBottom, plotBottom, muted)
	for _, tk := range l.axisTicks(t0, t1, x) {
		xx := x(tk.at)
		fmt.Fprintf(b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="%s"/>`, xx, xx, plotBottom, plotBottom+4, muted)

		// Keep labels near the edges inside the drawing.
		anchor, half := "middle", float64(3*utf8.RuneCountInString(tk.label))
		switch {
		case xx+half > float64(l.width-2):
			anchor, xx = "end", float64(l.width-2)
		case xx-half < 2:
			anchor, xx = "start", 2
		}
		fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="%s" fill="%s" font-size="11">%s</text>`, xx, plotBottom+17, anchor, muted, esc(tk.label))
	}

	// Points that share a date are spread apart a little so none hides another.
	offsets, err := spread(ctx, p, func(pt Point) float64 { return x(mid(pt.Date)) }, yOf, float64(marginLeft), float64(right))
	if err != nil {
		return err
	}
	for si, s := range p.Series {
		if err := ctx.Err(); err != nil {
			return err
		}
		st := styles[s.Key]
		fmt.Fprintf(b, `<g class="series" data-series="%s" data-name="%s">`, esc(s.Key), esc(s.Name))
		type xy struct{ x, y float64 }
		centres := make([]xy, len(s.Points))
		for i, pt := range s.Points {
			// A long run of equal running totals on one day could push
			// markers past the frame: they stop at its edge.
			cx := min(x(mid(pt.Date))+offsets[[2]int{si, i}], float64(right))
			centres[i] = xy{cx, yOf(pt.Value)}
		}
		// One line through a series' points, in date order, so the eye
		// follows a publisher's counts; a running total is a level, so its
		// line is solid, while between event tolls it is faint, the stems
		// carrying the quantities.
		if len(centres) > 1 {
			var d strings.Builder
			for i, c := range centres {
				cmd := "L"
				if i == 0 {
					cmd = "M"
				}
				fmt.Fprintf(&d, "%s%.1f %.1f ", cmd, c.x, c.y)
			}
			width, opacity := "2", ""
			if p.Scope == timeline.ScopeEvent {
				width, opacity = "1.25", ` stroke-opacity="0.55"`
			}
			fmt.Fprintf(b, `<path class="line" d="%s" fill="none" stroke="%s" stroke-width="%s"%s%s/>`,
				strings.TrimSpace(d.String()), st.colour, width, opacity, dashAttr(st.dash))
		}
		for i, pt := range s.Points {
			c := centres[i]
			if p.Scope == timeline.ScopeEvent {
				// A stem from zero: a toll is a quantity, not a level.
				fmt.Fprintf(b, `<line class="stem" x1="%.1f" x2="%.1f" y1="%d" y2="%.1f" stroke="%s" stroke-width="2"%s/>`,
					c.x, c.x, plotBottom, c.y, st.colour, dashAttr(st.dash))
			}
			if pt.Date.Precision != timeline.PrecisionDay {
				// A month or a year is a span: show it, rather than invent a day.
				fmt.Fprintf(b, `<line class="precision" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="1.5" opacity="0.6"/>`,
					x(pt.Date.First()), x(pt.Date.Last().AddDate(0, 0, 1)), c.y, c.y, st.colour)
			}
			// An exact count is a filled marker; a qualified one is hollow,
			// with a tick above ("at least") or below ("up to").
			fill, stroke := st.colour, "#fff"
			if qualifierMark(pt.Qualifier) != "exact" {
				fill, stroke = "#fff", st.colour
			}
			if tick := qualifierTick(pt.Qualifier, c.x, c.y); tick != "" {
				fmt.Fprintf(b, `<path class="qualifier" d="%s" stroke="%s" stroke-width="2" fill="none"/>`, tick, st.colour)
			}
			fmt.Fprintf(b, `<path class="point" data-value="%d" data-qualifier="%s" data-date="%s" data-figure="%d" data-colour="%s" data-shape="%s" data-x="%.1f" d="%s" fill="%s" stroke="%s" stroke-width="1.5"><title>%s: %s</title></path>`,
				pt.Value, esc(string(pt.Qualifier)), esc(pt.Date.String()), pt.FigureID, st.colour, st.shape, c.x, marker(st.shape, c.x, c.y), fill, stroke,
				esc(s.Name), esc(pt.Label))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</g>`)
	return nil
}

// spread returns an x offset for each point (series, index) so that no
// marker hides another. The table gives the exact dates.
//
// In the panel of event tolls the stems run down to zero, so points whose
// markers would touch move apart whatever their values: they form groups,
// each spread evenly around where its points belong, no wider than a third
// of the plot (a crowded day packs its markers closer rather than leave
// the plot), and groups that then touch merge. Each merge leaves one group
// fewer, so it ends after at most one merge per point.
//
// Among running totals a point only hides another near its value too: a
// point that would cover one already placed moves right, past it. Positions
// are whole tenths of a unit, so "past" is exact, and the placed points are
// kept sorted, so one scan finds every one in the way.
func spread(ctx context.Context, p Panel, x func(Point) float64, y func(int64) float64, left, right float64) (map[[2]int]float64, error) {
	var items []spreadItem
	for si, s := range p.Series {
		for i, pt := range s.Points {
			items = append(items, spreadItem{key: [2]int{si, i}, x: x(pt), y: y(pt.Value)})
		}
	}
	// Sorted by position, then by series and index, so the drawing does not
	// depend on the order of equal positions.
	slices.SortFunc(items, func(a, b spreadItem) int {
		return cmp.Or(cmp.Compare(a.x, b.x), cmp.Compare(a.y, b.y), cmp.Compare(a.key[0], b.key[0]), cmp.Compare(a.key[1], b.key[1]))
	})
	if p.Scope == timeline.ScopeEvent {
		return spreadGroups(ctx, items, left, right)
	}
	return spreadRight(ctx, items)
}

type spreadItem struct {
	key  [2]int
	x, y float64
}

// markerGap is the distance between the centres of two markers side by side.
const markerGap = 2*markerR + 1

// spreadGroups spreads points sorted by x in groups (see spread).
func spreadGroups(ctx context.Context, items []spreadItem, left, right float64) (map[[2]int]float64, error) {
	type group struct {
		from, to int     // items[from:to]
		sum      float64 // of their x, for the centre
	}
	maxWidth := (right - left) / 3
	extent := func(g group) (lo, hi float64) {
		n := float64(g.to - g.from)
		width := min((n-1)*markerGap, maxWidth)
		centre := g.sum / n
		centre = min(max(centre, left+width/2), right-width/2) // inside the plot
		return centre - width/2, centre + width/2
	}
	var groups []group // left to right, none touching the next
	for i, it := range items {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		groups = append(groups, group{i, i + 1, it.x})
		for len(groups) > 1 {
			a, b := groups[len(groups)-2], groups[len(groups)-1]
			_, aHi := extent(a)
			bLo, _ := extent(b)
			if bLo-aHi >= markerGap {
				break
			}
			groups = append(groups[:len(groups)-2], group{a.from, b.to, a.sum + b.sum})
		}
	}
	out := make(map[[2]int]float64, len(items))
	for _, g := range groups {
		lo, hi := extent(g)
		n := g.to - g.from
		for j := range n {
			px := lo
			if n > 1 {
				px += (hi - lo) * float64(j) / float64(n-1)
			}
			it := items[g.from+j]
			out[it.key] = px - it.x
		}
	}
	return out, nil
}

// spreadRight moves points sorted by x right past those they would cover
// (see spread).
func spreadRight(ctx context.Context, items []spreadItem) (map[[2]int]float64, error) {
	const gap = markerGap * 10
	tenths := func(v float64) int64 { return int64(math.Round(v * 10)) }
	type placed struct{ x, y int64 }
	var done []placed // sorted by x
	out := make(map[[2]int]float64, len(items))
	for i, it := range items {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		px, py := tenths(it.x), tenths(it.y)
		k, _ := slices.BinarySearchFunc(done, px-gap+1, func(d placed, x int64) int { return cmp.Compare(d.x, x) })
		// px only grows, so a point passed once is never in the way again.
		for ; k < len(done) && done[k].x < px+gap; k++ {
			if d := done[k]; d.x > px-gap && abs(d.y-py) < gap {
				px = d.x + gap
			}
		}
		at, _ := slices.BinarySearchFunc(done, px, func(d placed, x int64) int { return cmp.Compare(d.x, x) })
		done = slices.Insert(done, at, placed{px, py})
		out[it.key] = float64(px)/10 - it.x
	}
	return out, nil
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// legendColumns is 2 when every source name fits half the width, else 1.
func (l layout) legendColumns(order []Series) int {
	for _, s := range order {
		if utf8.RuneCountInString(s.Name) > l.nameRunes()/2-6 {
			return 1
		}
	}
	return 2
}

// nameRunes is about how many characters of legend text fit the width.
func (l layout) nameRunes() int { return (l.right - l.left - 30) / 6 }

func (l layout) writeLegend(b *strings.Builder, top int, order []Series, styles map[string]sourceStyle, quals []timeline.Qualifier) {
	cols := l.legendColumns(order)
	colW := (l.right - l.left) / cols
	marginLeft := l.left
	b.WriteString(`<g class="legend">`)
	for i, s := range order {
		st := styles[s.Key]
		x := marginLeft + (i%cols)*colW
		y := top + (i/cols)*legendRowH + 12
		fmt.Fprintf(b, `<g class="legend-series" data-series="%s">`, esc(s.Key))
		fmt.Fprintf(b, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="2"%s/>`, x, x+22, y-4, y-4, st.colour, dashAttr(st.dash))
		fmt.Fprintf(b, `<path class="legend-marker" data-colour="%s" data-shape="%s" d="%s" fill="%s" stroke="#fff"/>`,
			st.colour, st.shape, marker(st.shape, float64(x+11), float64(y-4)), st.colour)
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11">%s</text></g>`, x+30, y, esc(truncate(s.Name, l.nameRunes())))
	}
	y := top + ((len(order)+cols-1)/cols)*legendRowH + 12
	b.WriteString(`<g class="legend-qualifiers">`)
	for i, pos := range l.qualifierKeys(quals) {
		q := quals[i]
		x, yy := marginLeft+pos[0], y+pos[1]*legendRowH
		fill, stroke := muted, "none"
		if qualifierMark(q) != "exact" {
			fill, stroke = "#fff", muted
		}
		if tick := qualifierTick(q, float64(x+5), float64(yy-4)); tick != "" {
			fmt.Fprintf(b, `<path d="%s" stroke="%s" stroke-width="2" fill="none"/>`, tick, muted)
		}
		fmt.Fprintf(b, `<path d="%s" fill="%s" stroke="%s" stroke-width="1.5"/>`, marker("circle", float64(x+5), float64(yy-4)), fill, stroke)
		fmt.Fprintf(b, `<text x="%d" y="%d" fill="%s">%s</text>`, x+14, yy, muted, esc(l.qualifierKey(q)))
	}
	b.WriteString(`</g></g>`)
}

// qualifierKeys places the keys of the qualifier shapes in rows: each
// key's x offset and row.
func (l layout) qualifierKeys(quals []timeline.Qualifier) [][2]int {
	var out [][2]int
	x, row := 0, 0
	for _, q := range quals {
		w := 30 + 7*utf8.RuneCountInString(l.qualifierKey(q))
		if x > 0 && l.left+x+w > l.right+20 {
			x, row = 0, row+1
		}
		out = append(out, [2]int{x, row})
		x += w
	}
	return out
}

// axisTicks are the time axis's ticks with their labels in the drawing's
// language, every other one dropped while neighbouring labels would touch
// (Burmese month names are long, a phone's drawing narrow).
func (l layout) axisTicks(t0, t1 time.Time, x func(time.Time) float64) []timeTick {
	ticks := timeTicks(t0, t1, l.maxTicks)
	for i := range ticks {
		ticks[i].label = tickIn(l.lang, ticks[i])
	}
	crowded := func(ts []timeTick) bool {
		for i := 1; i < len(ts); i++ {
			need := 3.5*float64(utf8.RuneCountInString(ts[i-1].label)+utf8.RuneCountInString(ts[i].label)) + 8
			if x(ts[i].at)-x(ts[i-1].at) < need {
				return true
			}
		}
		return false
	}
	for len(ticks) > 2 && crowded(ticks) {
		var kept []timeTick
		for i := 0; i < len(ticks); i += 2 {
			kept = append(kept, ticks[i])
		}
		ticks = kept
	}
	return ticks
}

// qualifierMark groups qualifiers by what they say about the true number.
func qualifierMark(q timeline.Qualifier) string {
	switch q {
	case timeline.QualifierAtLeast, timeline.QualifierMoreThan:
		return "up"
	case timeline.QualifierNearly, timeline.QualifierUpTo:
		return "down"
	case timeline.QualifierAbout:
		return "about"
	}
	return "exact"
}

// qualifierKey explains a qualifier's mark in the legend.
func qualifierKey(q timeline.Qualifier) string {
	switch qualifierMark(q) {
	case "up":
		return "at least / more than"
	case "down":
		return "nearly / up to"
	case "about":
		return "about"
	}
	return "exact count"
}

// qualifierKey is qualifierKey in the drawing's language.
func (l layout) qualifierKey(q timeline.Qualifier) string {
	key := map[string]string{"exact": "circle", "about": "diamond"}[qualifierMark(q)] // the message keys' names
	if key == "" {
		key = qualifierMark(q)
	}
	return term(l.lang, "chart.key."+key, qualifierKey(q))
}

// qualifierTick is the short stroke that says which way the true number
// may lie: above the marker for "at least", below for "up to"; "" for
// the others.
func qualifierTick(q timeline.Qualifier, x, y float64) string {
	r := markerR
	switch qualifierMark(q) {
	case "up":
		return fmt.Sprintf("M%.1f %.1fV%.1f", x, y-r-1, y-r-7)
	case "down":
		return fmt.Sprintf("M%.1f %.1fV%.1f", x, y+r+1, y+r+7)
	}
	return ""
}

// marker draws a series' point shape centred on x, y.
func marker(shape string, x, y float64) string {
	r := markerR
	switch shape {
	case "square":
		s := r * 0.9
		return fmt.Sprintf("M%.1f %.1fh%.1fv%.1fh%.1fZ", x-s, y-s, 2*s, 2*s, -2*s)
	case "triangle":
		return fmt.Sprintf("M%.1f %.1fL%.1f %.1fL%.1f %.1fZ", x, y-r*1.3, x+r*1.2, y+r*0.9, x-r*1.2, y+r*0.9)
	case "triangle-down":
		return fmt.Sprintf("M%.1f %.1fL%.1f %.1fL%.1f %.1fZ", x, y+r*1.3, x+r*1.2, y-r*0.9, x-r*1.2, y-r*0.9)
	case "diamond":
		return fmt.Sprintf("M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ", x, y-r*1.35, x+r*1.15, y, x, y+r*1.35, x-r*1.15, y)
	case "hexagon":
		h, w := r*1.1, r*0.95
		return fmt.Sprintf("M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ",
			x-h, y, x-h/2, y-w, x+h/2, y-w, x+h, y, x+h/2, y+w, x-h/2, y+w)
	}
	return fmt.Sprintf("M%.1f %.1fa%.1f %.1f 0 1 0 %.1f 0a%.1f %.1f 0 1 0 %.1f 0Z", x-r, y, r, r, 2*r, r, r, -2*r)
}

// valueTicks returns 0 and the multiples of a round step (1, 2, 2.5 or 5
// times a power of ten) up to the first one at or above max: 0, 200, 400,
// ... 1,400. It counts in integers, so any int64 gives at most six ticks;
// where the round tick above max would overflow, the last tick is
// math.MaxInt64 itself.
func valueTicks(max int64) []int64 {
	if max <= 0 {
		return []int64{0, 1}
	}
	// The step is the least round number with 4 steps >= max.
	raw := max / 4
	if max%4 != 0 {
		raw++
	}
	// raw is at most ceil(MaxInt64/4) < 2.5 * 10^18, so a step is found by
	// mag = 10^18, and no candidate overflows.
	var step int64
search:
	for mag := int64(1); ; mag *= 10 {
		candidates := []int64{mag, 2 * mag, 5 * mag}
		if mag >= 10 { // 2.5 times 1 is no whole step
			candidates = []int64{mag, 2 * mag, mag / 10 * 25, 5 * mag}
		}
		for _, c := range candidates {
			if c >= raw {
				step = c
				break search
			}
		}
	}
	out := []int64{0}
	for v := int64(0); v < max; {
		if v > math.MaxInt64-step {
			out = append(out, math.MaxInt64)
			break
		}
		v += step
		out = append(out, v)
	}
	return out
}

type timeTick struct {
	at    time.Time
	label string
}

// timeTicks marks the first days of months (or years) between t0 and t1,
// about max of them.
func timeTicks(t0, t1 time.Time, max int) []timeTick {
	months := (t1.Year()-t0.Year())*12 + int(t1.Month()-t0.Month()) + 1
	step := 1
	for _, s := range []int{1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400, 6000, 12000, 24000} {
		step = s
		if months/s <= max {
			break
		}
	}
	start := time.Date(t0.Year(), t0.Month(), 1, 0, 0, 0, 0, time.UTC)
	if start.Before(t0) {
		start = start.AddDate(0, 1, 0)
	}
	// From the first month on the step, a step at a time: a span of
	// millennia takes as few turns as one of months.
	idx := start.Year()*12 + int(start.Month()) - 1
	idx += (step - idx%step) % step
	var out []timeTick
	for t := time.Date(idx/12, time.Month(idx%12+1), 1, 0, 0, 0, 0, time.UTC); !t.After(t1); t = t.AddDate(0, step, 0) {
		label := t.Format("Jan 2006")
		if step >= 12 {
			label = t.Format("2006")
		}
		out = append(out, timeTick{t, label})
	}
	return out
}

// mid is the middle of the span a date can mean: the day itself, the middle
// of a month, the middle of a year.
func mid(d timeline.FuzzyDate) time.Time {
	first, end := d.First(), d.Last().AddDate(0, 0, 1)
	if d.Precision == timeline.PrecisionDay {
		return first.Add(12 * time.Hour)
	}
	return first.Add(end.Sub(first) / 2)
}

func dashAttr(d string) string {
	if d == "" {
		return ""
	}
	return ` stroke-dasharray="` + d + `"`
}

func esc(s string) string { return html.EscapeString(s) }

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
