package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/demo"
	"annals/internal/timeline"
	"annals/internal/webtest"
	"annals/views"
)

// embDemo is the demo document: the data the tests compare pages with.
func embDemo(t *testing.T) timeline.Document {
	t.Helper()
	doc, err := demo.Document()
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func embDoc(t *testing.T, body string) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func embTitles(d *goquery.Document) []string {
	var out []string
	d.Find(`[data-testid=event] [data-testid=event-title]`).Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.TrimSpace(s.Text()))
	})
	return out
}

// embPublicTitles lists the titles of the demo's public events, oldest
// first, that keep reports whether an event is selected.
func embPublicTitles(t *testing.T, app *webtest.App, keep func(timeline.Event) bool) []string {
	t.Helper()
	pt, err := app.Store.PublicTimeline(context.Background(), "myanmar-2021", timeline.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range pt.Events {
		if keep == nil || keep(e) {
			out = append(out, e.Title)
		}
	}
	return out
}

func embExec(t *testing.T, app *webtest.App, sql string, args ...any) {
	t.Helper()
	if _, err := app.Store.Pool().Exec(context.Background(), sql, args...); err != nil {
		t.Fatal(err)
	}
	app.Sync(t)
}

func TestEmbedTimelineHasMinimalChromeAndMayBeFramed(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	doc := embDemo(t)
	res, body := app.Get(t, "/embed/t/myanmar-2021")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	h := res.Header
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors *") || strings.Contains(csp, "'none'; frame") {
		t.Errorf("embed CSP = %q, want frame-ancestors *", csp)
	}
	if xfo := h.Get("X-Frame-Options"); xfo != "" {
		t.Errorf("embed sends X-Frame-Options %q, which would refuse every framing site", xfo)
	}
	if c := h.Values("Set-Cookie"); len(c) > 0 {
		t.Errorf("embed sets cookies: %v", c)
	}
	d := embDoc(t, body)
	if got, want := embTitles(d), embPublicTitles(t, app, nil); !slices.Equal(got, want) || len(got) != len(doc.Events) {
		t.Errorf("embed shows %d events, want the %d of the demo in date order:\n got %q\nwant %q", len(got), len(doc.Events), got, want)
	}
	if d.Find("header.site, footer.site, form.filters, nav").Length() != 0 {
		t.Error("the embed carries the site's header, footer, navigation or filter form")
	}
	if href, _ := d.Find(`[data-testid=open-in-annals]`).Attr("href"); href != "/t/myanmar-2021" {
		t.Errorf("Open in Annals links to %q, want the full page", href)
	}
	if target, _ := d.Find("base").Attr("target"); target != "_blank" {
		t.Errorf("links in the embed open in %q, want a new tab (Annals pages refuse to be framed)", target)
	}
	if d.Find(`body[data-annals-embed]`).Length() != 1 || d.Find(`script[src="`+views.Static("embed.js")+`"]`).Length() != 1 {
		t.Error("the embed does not load embed.js to report its height")
	}
	// Every citation points at the embed's own list of sources, in the
	// frame (not a new tab), with the numbers of the full page.
	d.Find(`a.cite`).Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		if target, _ := a.Attr("target"); target != "_self" {
			t.Errorf("citation %q opens in %q, want the frame itself", href, target)
		}
		if !strings.HasPrefix(href, "#source-") || d.Find(href).Length() != 1 {
			t.Errorf("citation links to %q, which is not a source listed in the embed", href)
		}
	})
	if href, _ := d.Find(`a.cite`).First().Attr("href"); href != "#source-1" {
		t.Errorf("first citation links to %q, want #source-1 (the same number as on the full page)", href)
	}

	// Pages that are not embeds refuse to be framed.
	res, _ = app.Get(t, "/t/myanmar-2021")
	if res.Header.Get("X-Frame-Options") != "DENY" || !strings.Contains(res.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("timeline page framing headers: X-Frame-Options %q, CSP %q", res.Header.Get("X-Frame-Options"), res.Header.Get("Content-Security-Policy"))
	}
}

func TestEmbedFiltersOrderAndChartView(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	doc := embDemo(t)
	category := doc.Events[len(doc.Events)-1].Category.Slug

	_, body := app.Get(t, "/embed/t/myanmar-2021?order=newest")
	want := embPublicTitles(t, app, nil)
	slices.Reverse(want)
	if got := embTitles(embDoc(t, body)); !slices.Equal(got, want) {
		t.Errorf("order=newest:\n got %q\nwant %q", got, want)
	}

	_, body = app.Get(t, "/embed/t/myanmar-2021?category="+category+"&from=2021-03")
	from, _ := timeline.ParseDate("2021-03")
	want = embPublicTitles(t, app, func(e timeline.Event) bool {
		return e.Category.Slug == category && !e.When.Last().Before(from.First())
	})
	if got := embTitles(embDoc(t, body)); !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("category %s from 2021-03:\n got %q\nwant %q", category, got, want)
	}
	d := embDoc(t, body)
	if href, _ := d.Find(`[data-testid=open-in-annals]`).Attr("href"); href != "/t/myanmar-2021?category="+category+"&from=2021-03" {
		t.Errorf("Open in Annals = %q, want the page with the same filter", href)
	}

	// The chart view: the chart and its table, no event list.
	res, body := app.Get(t, "/embed/t/myanmar-2021?view=chart&metric=killed")
	d = embDoc(t, body)
	if res.StatusCode != http.StatusOK || d.Find(".chart-wide svg.chart").Length() != 1 || d.Find("[data-testid=event]").Length() != 0 {
		t.Errorf("view=chart: status %d, %d charts, %d events", res.StatusCode, d.Find(".chart-wide svg.chart").Length(), d.Find("[data-testid=event]").Length())
	}
	if n := d.Find("[data-testid=chart-row]").Length(); n != embCount(doc, "killed") {
		t.Errorf("chart embed lists %d figures, want %d", n, embCount(doc, "killed"))
	}
	// In an embed the table waits behind a disclosure.
	if d.Find("details[data-testid=chart-table-disclosure] > summary").Length() != 1 ||
		d.Find("details[data-testid=chart-table-disclosure] [data-testid=chart-table]").Length() != 1 {
		t.Error("the chart embed's data table is not behind a <details> disclosure")
	}

	// Bad parameters are named; unknown timelines and metrics are 404.
	for path, status := range map[string]int{
		"/embed/t/myanmar-2021?order=sideways":          http.StatusBadRequest,
		"/embed/t/myanmar-2021?view=chart":              http.StatusBadRequest,
		"/embed/t/myanmar-2021?view=chart&metric=eaten": http.StatusNotFound,
		"/embed/t/no-such-timeline":                     http.StatusNotFound,
		"/embed/t/myanmar-2021/e/no-such-event":         http.StatusNotFound,
	} {
		res, body := app.Get(t, path)
		if res.StatusCode != status {
			t.Errorf("%s: status %d, want %d", path, res.StatusCode, status)
		}
		if status == http.StatusBadRequest && !strings.Contains(body, "order") && !strings.Contains(body, "metric") {
			t.Errorf("%s: the error does not name the parameter", path)
		}
	}
}

func embCount(doc timeline.Document, metric string) int {
	n := 0
	for _, e := range doc.Events {
		for _, f := range e.Figures {
			if f.Metric == metric {
				n++
			}
		}
	}
	return n
}

func TestEmbedHidesWhatIsNotPublic(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	embExec(t, app, `UPDATE events SET status = 'draft', version = version + 1, updated_at = now() WHERE slug = 'coup'`)
	embExec(t, app, `UPDATE events SET visibility = 'internal', version = version + 1, updated_at = now() WHERE slug = 'eu-sanctions-apr'`)
	_, body := app.Get(t, "/embed/t/myanmar-2021")
	for _, canary := range []string{`id="coup"`, `id="eu-sanctions-apr"`} {
		if strings.Contains(body, canary) {
			t.Errorf("the embed shows a non-public event (%s)", canary)
		}
	}
	for _, path := range []string{"/embed/t/myanmar-2021/e/coup", "/embed/t/myanmar-2021/e/eu-sanctions-apr"} {
		if res, _ := app.Get(t, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, res.StatusCode)
		}
	}
	embExec(t, app, `UPDATE timelines SET visibility = 'internal'`)
	if res, _ := app.Get(t, "/embed/t/myanmar-2021"); res.StatusCode != http.StatusNotFound {
		t.Errorf("internal timeline embed: status %d, want 404", res.StatusCode)
	}
}

func TestEmbedEventCard(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	res, body := app.Get(t, "/embed/t/myanmar-2021/e/coup")
	if res.StatusCode != http.StatusOK || len(res.Header.Values("Set-Cookie")) > 0 {
		t.Fatalf("status %d, cookies %v", res.StatusCode, res.Header.Values("Set-Cookie"))
	}
	_, e, err := app.Store.PublicEvent(context.Background(), "myanmar-2021", "coup")
	if err != nil {
		t.Fatal(err)
	}
	d := embDoc(t, body)
	if got := embTitles(d); len(got) != 1 || got[0] != e.Title {
		t.Errorf("card titles %q, want %q", got, e.Title)
	}
	if n := d.Find("[data-testid=source]").Length(); n != len(e.Citations) {
		t.Errorf("card lists %d sources, want the event's %d", n, len(e.Citations))
	}
	if href, _ := d.Find(`[data-testid=open-in-annals]`).Attr("href"); href != "/t/myanmar-2021/e/coup" {
		t.Errorf("Open in Annals = %q", href)
	}
}

// TestEmbedChooserWritesTheSnippetWithoutJavaScript follows the Embed link
// of a filtered timeline page, submits the chooser's GET form as a browser
// without scripts would, and fetches what the snippet frames.
func TestEmbedChooserWritesTheSnippetWithoutJavaScript(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	doc := embDemo(t)
	category := doc.Events[0].Category.Slug

	_, body := app.Get(t, "/t/myanmar-2021?category="+category)
	link, ok := embDoc(t, body).Find("[data-testid=embed-link]").Attr("href")
	if !ok || link != "/t/myanmar-2021/embed?category="+category {
		t.Fatalf("Embed link = %q, want the chooser with the page's filter", link)
	}
	_, body = app.Get(t, link)
	d := embDoc(t, body)
	form := d.Find("form[data-testid=embed-form]")
	if method, _ := form.Attr("method"); method != "get" {
		t.Fatalf("chooser form method %q", method)
	}
	if v, _ := form.Find(`input[name=category][value="` + category + `"]`).Attr("checked"); v == "" && !form.Find(`input[name=category][value="`+category+`"]`).Is("[checked]") {
		t.Error("the chooser does not carry the page's filter")
	}
	// A date that cannot be read is named, and stays in its field.
	_, body = app.Get(t, link+"&from=2021-02-30")
	d = embDoc(t, body)
	if v, _ := d.Find("#embed-from").Attr("value"); v != "2021-02-30" || !strings.Contains(d.Find(".form-errors").Text(), "from") {
		t.Errorf("chooser with from=2021-02-30: field %q, errors %q; want the text kept and the problem named", v, d.Find(".form-errors").Text())
	}
	// Submit: newest first, 800 px, same category.
	action, _ := form.Attr("action")
	q := url.Values{"category": {category}, "order": {"newest"}, "height": {"800"}, "view": {"timeline"}, "lang": {""}}
	_, body = app.Get(t, action+"?"+q.Encode())
	snippet := embDoc(t, body).Find("textarea[data-testid=snippet]").Text()
	frag := embDoc(t, snippet)
	iframe := frag.Find("iframe")
	src, _ := iframe.Attr("src")
	if height, _ := iframe.Attr("height"); height != "800" {
		t.Errorf("snippet height %q, want 800", height)
	}
	if title, _ := iframe.Attr("title"); title == "" {
		t.Error("the snippet's iframe has no title for screen readers")
	}
	if s, _ := frag.Find("script").Attr("src"); s != app.URL+"/static/embed.js" {
		t.Errorf("snippet script %q", s)
	}
	u, err := url.Parse(src)
	if err != nil || u.Scheme+"://"+u.Host != app.URL || u.Path != "/embed/t/myanmar-2021" ||
		u.Query().Get("category") != category || u.Query().Get("order") != "newest" {
		t.Fatalf("snippet frames %q", src)
	}
	_, body = app.Get(t, u.RequestURI())
	want := embPublicTitles(t, app, func(e timeline.Event) bool { return e.Category.Slug == category })
	slices.Reverse(want)
	if got := embTitles(embDoc(t, body)); !slices.Equal(got, want) {
		t.Errorf("the snippet's embed shows\n %q\nwant\n %q", got, want)
	}
	if res, _ := app.Get(t, "/static/embed.js"); res.StatusCode != http.StatusOK {
		t.Errorf("embed.js: status %d", res.StatusCode)
	}
	// A bad choice is named, and a snippet is still offered.
	_, body = app.Get(t, action+"?height=9&order=newest")
	d = embDoc(t, body)
	if !strings.Contains(d.Find("[role=alert]").Text(), "height") || d.Find("textarea[data-testid=snippet]").Text() == "" {
		t.Error("a bad height is not reported, or no snippet is offered")
	}
	_, body = app.Get(t, action+"?latest=none")
	if alert := embDoc(t, body).Find("[role=alert]").Text(); !strings.Contains(alert, "latest") || !strings.Contains(alert, `"none"`) {
		t.Errorf("a bad latest is not named: %q", alert)
	}

	// "Only the newest 3": the snippet frames the three newest events, with
	// no links to other windows (a fixed view; the rest is on the full page).
	_, body = app.Get(t, action+"?latest=3&view=timeline")
	d = embDoc(t, body)
	if v, _ := d.Find("input[data-testid=embed-latest]").Attr("value"); v != "3" {
		t.Errorf("the chooser does not keep latest=3: %q", v)
	}
	src, _ = embDoc(t, d.Find("textarea[data-testid=snippet]").Text()).Find("iframe").Attr("src")
	if u, err = url.Parse(src); err != nil || u.Query().Get("latest") != "3" {
		t.Fatalf("the latest snippet frames %q", src)
	}
	_, body = app.Get(t, u.RequestURI())
	d = embDoc(t, body)
	all := embPublicTitles(t, app, func(timeline.Event) bool { return true })
	slices.Reverse(all)
	if got := embTitles(d); !slices.Equal(got, all[:3]) {
		t.Errorf("latest=3 shows\n %q\nwant the three newest\n %q", got, all[:3])
	}
	if d.Find("[data-testid=window-later], [data-testid=window-earlier]").Length() != 0 {
		t.Error("a latest-N embed links to other windows")
	}
	if got, want := strings.TrimSpace(d.Find("[data-testid=count]").Text()), fmt.Sprintf("The newest 3 of %d events", len(all)); got != want {
		t.Errorf("the latest-3 embed says %q, want %q", got, want)
	}
}

func TestEventPageOffersSnippetAndOEmbedDiscovery(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for _, path := range []string{"/t/myanmar-2021", "/t/myanmar-2021/e/coup"} {
		_, body := app.Get(t, path)
		d := embDoc(t, body)
		href, ok := d.Find(`link[rel=alternate][type="application/json+oembed"]`).Attr("href")
		if !ok {
			t.Errorf("%s has no oEmbed discovery link", path)
			continue
		}
		u, err := url.Parse(href)
		if err != nil || u.Query().Get("url") != app.URL+path {
			t.Errorf("%s: discovery link %q does not name the page", path, href)
			continue
		}
		res, body := app.Get(t, u.RequestURI())
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `"type":"rich"`) {
			t.Errorf("%s: discovery link answers %d %s", path, res.StatusCode, body)
		}
	}
	_, body := app.Get(t, "/t/myanmar-2021/e/coup")
	snippet := embDoc(t, body).Find("[data-testid=embed-share] textarea").Text()
	if !strings.Contains(snippet, `src="`+app.URL+`/embed/t/myanmar-2021/e/coup"`) {
		t.Errorf("event page snippet = %q", snippet)
	}
}
