package chart

import (
	"cmp"
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

// Colours: the Okabe-Ito palette (distinguishable with the common colour
// vision deficiencies) minus its yellow, plus an olive. Past eight sources
// the colours repeat with a dash pattern, and every source is also named in
// the legend and the table, so colour never carries meaning alone.
var palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#B07800", "#3A8FC0", "#1d1d1f", "#7A7A1F"}
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
	var b strings.Builder
	l := layout{width: width, left: 64, right: width - 24, maxTicks: 6, lang: c.Lang}
	if width < 500 {
		l.left, l.right, l.maxTicks = 44, width-14, 4
	}
	c.write(&b, l, id)
	return b.String()
}

// layout is the geometry of one drawing.
type layout struct {
	width, left, right int
	maxTicks           int
	lang               string
}

type sourceStyle struct {
	colour, dash string
}

func (c Chart) write(b *strings.Builder, l layout, rawID string) {
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
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title %s-desc" class="chart" data-metric-chart="%s" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Myanmar', 'Myanmar Text', Padauk, 'Noto Sans Arabic', sans-serif" font-size="12" fill="%s">`,
		width, height, width, height, id, id, id, ink)
	fmt.Fprintf(b, `<title id="%s-title">%s</title>`, id, esc(c.summary()))
	fmt.Fprintf(b, `<desc id="%s-desc">%s</desc>`, id, esc(c.description()))
	fmt.Fprintf(b, `<rect width="%d" height="%d" fill="#fff"/>`, width, height)
	if len(c.Panels) == 0 {
		fmt.Fprintf(b, `<text x="%d" y="34" fill="%s">%s</text></svg>`, l.left, muted, esc(term(c.Lang, "chart.none", "No figures.")))
		return
	}
	t0, t1 := c.axisSpan()
	y := 8
	for _, p := range c.Panels {
		c.writePanel(b, l, p, y, t0, t1, styles)
		y += panelTitleH + plotH + axisH + panelGap
	}
	l.writeLegend(b, y, order, styles, quals)
	b.WriteString(`</svg>`)
}

// styles gives each source one colour and dash in both panels, in the
// order sources first appear.
func (c Chart) styles() (map[string]sourceStyle, []Series) {
	styles := map[string]sourceStyle{}
	var order []Series
	for _, p := range c.Panels {
		for _, s := range p.Series {
			if _, ok := styles[s.Key]; ok {
				continue
			}
			i := len(order)
			styles[s.Key] = sourceStyle{palette[i%len(palette)], dashes[(i/len(palette))%len(dashes)]}
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
					if pt.Qualifier == q && !seen[shapeOf(q)] {
						seen[shapeOf(q)] = true
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
		"Each source is drawn on its own; the shape of a point shows how the source qualified its count. The data table lists every figure.")
}

// axisSpan pads the chart's span so points do not sit on the frame.
func (c Chart) axisSpan() (time.Time, time.Time) {
	first, last := c.span()
	last = last.AddDate(0, 0, 1)
	pad := last.Sub(first) / 25
	if min := 10 * 24 * time.Hour; pad < min {
		pad = min
	}
	// At least two months on the axis, so it carries a date label or two.
	if min := 62 * 24 * time.Hour; last.Sub(first)+2*pad < min {
		pad = (min - last.Sub(first)) / 2
	}
	return first.Add(-pad), last.Add(pad)
}

func (c Chart) writePanel(b *strings.Builder, l layout, p Panel, top int, t0, t1 time.Time, styles map[string]sourceStyle) {
	marginLeft, right := l.left, l.right
	plotTop := top + panelTitleH
	plotBottom := plotTop + plotH
	x := func(t time.Time) float64 {
		return float64(marginLeft) + float64(t.Sub(t0))/float64(t1.Sub(t0))*float64(right-marginLeft)
	}
	var max int64
	for _, s := range p.Series {
		for _, pt := range s.Points {
			if pt.Value > max {
				max = pt.Value
			}
		}
	}
	ticks := valueTicks(max)
	yMax := ticks[len(ticks)-1]
	yOf := func(v int64) float64 {
		return float64(plotBottom) - float64(v)/float64(yMax)*plotH
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
	for _, tk := range timeTicks(t0, t1, l.maxTicks) {
		tk.label = tickIn(l.lang, tk)
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
	offsets := spread(p, func(pt Point) float64 { return x(mid(pt.Date)) }, yOf)
	for si, s := range p.Series {
		st := styles[s.Key]
		fmt.Fprintf(b, `<g class="series" data-series="%s" data-name="%s">`, esc(s.Key), esc(s.Name))
		type xy struct{ x, y float64 }
		centres := make([]xy, len(s.Points))
		for i, pt := range s.Points {
			centres[i] = xy{x(mid(pt.Date)) + offsets[[2]int{si, i}], yOf(pt.Value)}
		}
		if p.Scope == timeline.ScopeCumulative && len(centres) > 1 {
			var d strings.Builder
			for i, c := range centres {
				cmd := "L"
				if i == 0 {
					cmd = "M"
				}
				fmt.Fprintf(&d, "%s%.1f %.1f ", cmd, c.x, c.y)
			}
			fmt.Fprintf(b, `<path class="line" d="%s" fill="none" stroke="%s" stroke-width="2"%s/>`,
				strings.TrimSpace(d.String()), st.colour, dashAttr(st.dash))
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
			fmt.Fprintf(b, `<path class="point" data-value="%d" data-qualifier="%s" data-date="%s" data-figure="%d" d="%s" fill="%s" stroke="#fff" stroke-width="1.5"><title>%s: %s</title></path>`,
				pt.Value, esc(string(pt.Qualifier)), esc(pt.Date.String()), pt.FigureID, marker(pt.Qualifier, c.x, c.y), st.colour,
				esc(s.Name), esc(pt.Label))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</g>`)
}

// spread returns an x offset for each point (series, index) so that no
// marker hides another: a point that would overlap one already placed moves
// right, a marker's width at a time. The table gives the exact dates.
// In the panel of event tolls the stems run down to zero, so points that
// share a date move apart whatever their values.
func spread(p Panel, x func(Point) float64, y func(int64) float64) map[[2]int]float64 {
	type placed struct{ x, y float64 }
	type item struct {
		key  [2]int
		x, y float64
	}
	var items []item
	for si, s := range p.Series {
		for i, pt := range s.Points {
			items = append(items, item{[2]int{si, i}, x(pt), y(pt.Value)})
		}
	}
	slices.SortStableFunc(items, func(a, b item) int { return cmp.Compare(a.x, b.x) })
	const gap = 2*markerR + 1
	var done []placed
	out := map[[2]int]float64{}
	for _, it := range items {
		px := it.x
		for moved := true; moved; {
			moved = false
			for _, d := range done {
				if math.Abs(d.x-px) < gap && (p.Scope == timeline.ScopeEvent || math.Abs(d.y-it.y) < gap) {
					px = d.x + gap
					moved = true
				}
			}
		}
		done = append(done, placed{px, it.y})
		out[it.key] = px - it.x
	}
	return out
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
		fmt.Fprintf(b, `<path d="%s" fill="%s" stroke="#fff"/>`, marker(timeline.QualifierExact, float64(x+11), float64(y-4)), st.colour)
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11">%s</text></g>`, x+30, y, esc(truncate(s.Name, l.nameRunes())))
	}
	y := top + ((len(order)+cols-1)/cols)*legendRowH + 12
	b.WriteString(`<g class="legend-qualifiers">`)
	for i, pos := range l.qualifierKeys(quals) {
		q := quals[i]
		x, yy := marginLeft+pos[0], y+pos[1]*legendRowH
		fmt.Fprintf(b, `<path d="%s" fill="%s"/>`, marker(q, float64(x+5), float64(yy-4)), muted)
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
		w := 24 + 7*utf8.RuneCountInString(l.qualifierKey(q))
		if x > 0 && l.left+x+w > l.right+20 {
			x, row = 0, row+1
		}
		out = append(out, [2]int{x, row})
		x += w
	}
	return out
}

// shapeOf groups qualifiers by what they say about the true number.
func shapeOf(q timeline.Qualifier) string {
	switch q {
	case timeline.QualifierAtLeast, timeline.QualifierMoreThan:
		return "up"
	case timeline.QualifierNearly, timeline.QualifierUpTo:
		return "down"
	case timeline.QualifierAbout:
		return "diamond"
	}
	return "circle"
}

// qualifierKey explains a marker shape in the legend.
func qualifierKey(q timeline.Qualifier) string {
	switch shapeOf(q) {
	case "up":
		return "at least / more than"
	case "down":
		return "nearly / up to"
	case "diamond":
		return "about"
	}
	return "exact count"
}

// qualifierKey is qualifierKey in the drawing's language.
func (l layout) qualifierKey(q timeline.Qualifier) string {
	return term(l.lang, "chart.key."+shapeOf(q), qualifierKey(q))
}

// marker draws the point's shape: a circle for an exact count, a triangle
// pointing up for "at least", down for "up to", a diamond for "about".
func marker(q timeline.Qualifier, x, y float64) string {
	r := markerR
	switch shapeOf(q) {
	case "up":
		return fmt.Sprintf("M%.1f %.1fL%.1f %.1fL%.1f %.1fZ", x, y-r*1.3, x+r*1.2, y+r*0.9, x-r*1.2, y+r*0.9)
	case "down":
		return fmt.Sprintf("M%.1f %.1fL%.1f %.1fL%.1f %.1fZ", x, y+r*1.3, x+r*1.2, y-r*0.9, x-r*1.2, y-r*0.9)
	case "diamond":
		return fmt.Sprintf("M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ", x, y-r*1.35, x+r*1.15, y, x, y+r*1.35, x-r*1.15, y)
	}
	return fmt.Sprintf("M%.1f %.1fa%.1f %.1f 0 1 0 %.1f 0a%.1f %.1f 0 1 0 %.1f 0Z", x-r, y, r, r, 2*r, r, r, -2*r)
}

// valueTicks returns 0 and the multiples of a round step up to the first
// one at or above max: 0, 200, 400, ... 1,400.
func valueTicks(max int64) []int64 {
	if max <= 0 {
		return []int64{0, 1}
	}
	raw := float64(max) / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	s := int64(math.Max(1, math.Round(step)))
	var out []int64
	for v := int64(0); ; v += s {
		out = append(out, v)
		if v >= max {
			return out
		}
	}
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
	for _, s := range []int{1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200} {
		step = s
		if months/s <= max {
			break
		}
	}
	start := time.Date(t0.Year(), t0.Month(), 1, 0, 0, 0, 0, time.UTC)
	if start.Before(t0) {
		start = start.AddDate(0, 1, 0)
	}
	var out []timeTick
	for t := start; !t.After(t1); t = t.AddDate(0, 1, 0) {
		idx := t.Year()*12 + int(t.Month()) - 1
		if idx%step != 0 {
			continue
		}
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
