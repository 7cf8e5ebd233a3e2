package web_test

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/webtest"
)

// embSVGPoint is a point of the chart as drawn: its panel, series and data.
type embSVGPoint struct {
	scope, series, value, qualifier, date string
}

func embSVGPoints(t *testing.T, svg string) []embSVGPoint {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var out []embSVGPoint
	var scope, series string
	var stack []string // class of each open element
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the chart is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			attr := map[string]string{}
			for _, a := range tok.Attr {
				attr[a.Name.Local] = a.Value
			}
			switch attr["class"] {
			case "panel":
				scope = attr["data-scope"]
			case "series":
				series = attr["data-series"]
			case "point":
				if !slices.Contains(stack, "series") {
					t.Errorf("a point outside a series: %v", attr)
				}
				out = append(out, embSVGPoint{scope, series, attr["data-value"], attr["data-qualifier"], attr["data-date"]})
			}
			stack = append(stack, attr["class"])
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	return out
}

// TestChartSVGOfTheDemoKilledMetric checks the chart against the demo data:
// one series per source in each scope, and one point per figure.
func TestChartSVGOfTheDemoKilledMetric(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	doc := embDemo(t)
	res, svg := app.Get(t, "/t/myanmar-2021/chart/killed.svg")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/svg+xml") {
		t.Fatalf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	points := embSVGPoints(t, svg)

	// What the data says: for each scope, each source's values.
	type key struct{ scope, source string }
	want := map[key][]string{}
	var wantPoints []string
	publishers := map[string]bool{}
	for _, e := range doc.Events {
		for _, f := range e.Figures {
			if f.Metric != "killed" {
				continue
			}
			k := key{string(f.Scope), strings.ToLower(f.Source.Publisher)} // a publisher's counts are one series
			want[k] = append(want[k], fmt.Sprint(f.Value))
			wantPoints = append(wantPoints, fmt.Sprintf("%s %d %s %s", f.Scope, f.Value, f.Qualifier, f.AsOf))
			publishers[f.Source.Publisher] = true
		}
	}
	got := map[key][]string{}
	var gotPoints []string
	for _, p := range points {
		k := key{p.scope, p.series}
		got[k] = append(got[k], p.value)
		gotPoints = append(gotPoints, fmt.Sprintf("%s %s %s %s", p.scope, p.value, p.qualifier, p.date))
	}
	if len(wantPoints) < 10 {
		t.Fatalf("fixture: only %d killed figures in the demo", len(wantPoints))
	}
	slices.Sort(wantPoints)
	slices.Sort(gotPoints)
	if !slices.Equal(gotPoints, wantPoints) {
		t.Errorf("points drawn:\n%s\nfigures in the data:\n%s", strings.Join(gotPoints, "\n"), strings.Join(wantPoints, "\n"))
	}
	// Series: as many per scope as publishers, each with its values.
	perScope := func(m map[key][]string) map[string][]string {
		out := map[string][]string{}
		for k, values := range m {
			slices.Sort(values)
			out[k.scope] = append(out[k.scope], strings.Join(values, ","))
		}
		for _, v := range out {
			slices.Sort(v)
		}
		return out
	}
	gs, ws := perScope(got), perScope(want)
	for _, scope := range []string{"cumulative", "event"} {
		if !slices.Equal(gs[scope], ws[scope]) || len(ws[scope]) == 0 {
			t.Errorf("%s series (values per source): got %v, want %v", scope, gs[scope], ws[scope])
		}
	}
	for p := range publishers {
		if !strings.Contains(svg, xmlText(p)) {
			t.Errorf("the legend does not name %q", p)
		}
	}

	// Filters apply; unknown metrics and names are 404.
	_, svg = app.Get(t, "/t/myanmar-2021/chart/killed.svg?from=2021-06")
	for _, p := range embSVGPoints(t, svg) {
		if p.date < "2021-06" {
			t.Errorf("from=2021-06 draws a figure as of %s", p.date)
		}
	}
	for _, path := range []string{"/t/myanmar-2021/chart/eaten.svg", "/t/myanmar-2021/chart/killed.png",
		"/t/myanmar-2021/chart/Killed.svg", "/t/no-such/chart/killed.svg"} {
		if res, _ := app.Get(t, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, res.StatusCode)
		}
	}
}

func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// TestTimelinePageChartTableListsEveryFigure reads the data table beside
// each chart on the timeline page and compares it with the demo's figures.
func TestTimelinePageChartTableListsEveryFigure(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	doc := embDemo(t)
	_, body := app.Get(t, "/t/myanmar-2021")
	d := embDoc(t, body)
	metrics := map[string]bool{}
	for _, e := range doc.Events {
		for _, f := range e.Figures {
			metrics[f.Metric] = true
		}
	}
	if n := d.Find("[data-testid=chart]").Length(); n != len(metrics) {
		t.Errorf("%d charts, want one per metric (%d)", n, len(metrics))
	}
	for metric := range metrics {
		block := d.Find("#chart-" + metric)
		if block.Find(".chart-wide svg.chart").Length() != 1 || block.Find(".chart-narrow svg.chart").Length() != 1 {
			t.Errorf("%s: no chart", metric)
		}
		var want, got []string
		for _, e := range doc.Events {
			for _, f := range e.Figures {
				if f.Metric == metric {
					q := f.Qualifier.Words()
					if q == "" {
						q = "exact"
					}
					want = append(want, fmt.Sprintf("%s | %d | %s | %s | %s", f.AsOf.Format(), f.Value, q, f.Phrase(), f.Source.Publisher))
				}
			}
		}
		block.Find("[data-testid=chart-row]").Each(func(_ int, row *goquery.Selection) {
			cells := row.Find("td")
			v, _ := row.Attr("data-value")
			q, _ := row.Attr("data-qualifier")
			got = append(got, fmt.Sprintf("%s | %s | %s | %s | %s", strings.TrimSpace(cells.Eq(0).Text()), v, q,
				strings.TrimSpace(cells.Eq(1).Text()), strings.TrimSpace(row.Find("[data-testid=chart-source]").Text())))
		})
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s table:\n%s\nfigures in the data:\n%s", metric, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	// The table cites the same numbered sources as the page.
	d.Find("#chart-killed [data-testid=chart-row] a.cite").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		if !strings.HasPrefix(href, "#source-") || d.Find(href).Length() != 1 {
			t.Errorf("table citation %s points at no source on the page", href)
		}
	})
}

// TestManyFiguresAreDrawnAsImages gives the demo 200 more figures: the
// timeline page stops drawing charts and tables in place (it would grow
// with every figure) and shows each chart as its SVG image, linking to the
// chart's own page, which still lists every figure; the image draws them
// all.
func TestManyFiguresAreDrawnAsImages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	embExec(t, app, `
INSERT INTO figures (event_id, metric, value, qualifier, scope, as_of_date, as_of_precision, source_id, position)
SELECT e.id, 'killed', 1000 + i, 'at_least', 'cumulative', date '2021-06-01' + i, 'day',
       (SELECT min(source_id) FROM event_sources WHERE event_id = e.id), 100 + i
FROM (SELECT id FROM events WHERE slug = 'coup') e, generate_series(1, 200) i`)
	var want int
	if err := app.Store.Pool().QueryRow(t.Context(), `SELECT count(*) FROM figures WHERE metric = 'killed'`).Scan(&want); err != nil {
		t.Fatal(err)
	}
	res, body := app.Get(t, "/t/myanmar-2021")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("timeline: %d", res.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if n := doc.Find(`[data-testid="chart-row"]`).Length(); n != 0 {
		t.Errorf("the page lists %d figures in place", n)
	}
	if n := doc.Find(`[data-testid="charts"] svg`).Length(); n != 0 {
		t.Errorf("the page draws %d charts in place", n)
	}
	img := doc.Find(`#chart-killed img.chart-image`)
	src, _ := img.Attr("src")
	alt, _ := img.Attr("alt")
	if src != "/t/myanmar-2021/chart/killed.svg" || !strings.Contains(alt, fmt.Sprintf("%d figures", want)) {
		t.Errorf("killed chart image: src %q alt %q", src, alt)
	}
	data, _ := doc.Find(`#chart-killed [data-testid="chart-data-link"]`).Attr("href")
	res, body = app.Get(t, data)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", data, res.StatusCode)
	}
	page, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if n := page.Find(`[data-testid="chart-row"]`).Length(); n != want {
		t.Errorf("%s lists %d figures, want %d", data, n, want)
	}
	res, svg := app.Get(t, src)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", src, res.StatusCode)
	}
	if n := len(embSVGPoints(t, svg)); n != want {
		t.Errorf("%s draws %d points, want %d", src, n, want)
	}
}
