package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/demo"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

func parse(t *testing.T, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func demoDoc(t *testing.T) timeline.Document {
	t.Helper()
	d, err := demo.Document()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func getOK(t *testing.T, app *webtest.App, path string) *goquery.Document {
	t.Helper()
	res, body := app.Get(t, path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", path, res.StatusCode, body)
	}
	return parse(t, body)
}

func TestTimelineShowsEveryEventInOrder(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	page := getOK(t, app, "/t/myanmar-2021")

	// The demo file lists its events oldest first; the page must too.
	var want []string
	for _, e := range demoDoc(t).Events {
		want = append(want, e.Title)
	}
	var got []string
	page.Find(`[data-testid=event] [data-testid=event-title]`).Each(func(_ int, s *goquery.Selection) {
		got = append(got, strings.TrimSpace(s.Text()))
	})
	if len(got) != 18 {
		t.Fatalf("%d events on the page, want 18", len(got))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events out of order:\n got %q\nwant %q", got, want)
	}
	if c := page.Find("[data-testid=count]").Text(); c != "18 events" {
		t.Errorf("count = %q", c)
	}
	if lang, _ := page.Find("html").Attr("lang"); lang != "en" {
		t.Errorf("lang = %q", lang)
	}
	if page.Find("title").Text() == "" || page.Find(`meta[name=description]`).AttrOr("content", "") == "" {
		t.Error("the page has no title or description")
	}
}

func TestMonthPrecisionEventShowsNoDay(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	page := getOK(t, app, "/t/myanmar-2021")
	ev := page.Find(`#pantsir-plant-visit`)
	if got := strings.TrimSpace(ev.Find("[data-testid=event-date]").Text()); got != "May 2021" {
		t.Errorf("date of the month-precision event = %q, want May 2021", got)
	}
	if dt := ev.Find("time").AttrOr("datetime", ""); dt != "2021-05" {
		t.Errorf("datetime = %q, want 2021-05", dt)
	}
	if got := strings.TrimSpace(page.Find("#russia-myanmar-cooperation-2001 [data-testid=event-date]").Text()); got != "2001" {
		t.Errorf("year-precision date = %q, want 2001", got)
	}
	if got := strings.TrimSpace(page.Find("#coup [data-testid=event-date]").Text()); got != "1 February 2021" {
		t.Errorf("day-precision date = %q, want 1 February 2021", got)
	}
}

func TestDisagreeingTollsSideBySide(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	page := getOK(t, app, "/t/myanmar-2021")
	ev := page.Find("#armed-forces-day-killings")
	var group *goquery.Selection
	ev.Find(".figure-group").Each(func(_ int, s *goquery.Selection) {
		if strings.Contains(s.Text(), "in this event") && strings.Contains(s.Text(), "Killed") {
			group = s
		}
	})
	if group == nil {
		t.Fatal("no event-scope group of killed figures")
	}
	var phrases []string
	group.Find("[data-testid=figure] .count").Each(func(_ int, s *goquery.Selection) {
		phrases = append(phrases, s.Text())
	})
	if strings.Join(phrases, "|") != "at least 64|91|114" {
		t.Errorf("tolls = %q, want at least 64, 91 and 114 side by side", phrases)
	}
	if group.Find(".disagree").Length() != 1 {
		t.Error("the group is not marked as disagreeing")
	}
	// Each toll cites its own source.
	seen := map[string]bool{}
	group.Find("[data-testid=cite]").Each(func(_ int, s *goquery.Selection) { seen[s.AttrOr("href", "")] = true })
	if len(seen) != 3 {
		t.Errorf("the three tolls cite %d distinct sources, want 3", len(seen))
	}
}

func TestEveryCitationPointsAtASource(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for _, path := range []string{"/t/myanmar-2021", "/t/myanmar-2021/e/armed-forces-day-killings"} {
		page := getOK(t, app, path)
		cites := page.Find("[data-testid=cite]")
		if cites.Length() == 0 {
			t.Fatalf("%s: no citations", path)
		}
		cites.Each(func(_ int, s *goquery.Selection) {
			href := s.AttrOr("href", "")
			num := strings.Trim(s.Text(), "[]")
			entry := page.Find(href)
			if !strings.HasPrefix(href, "#source-") || entry.Length() != 1 {
				t.Errorf("%s: citation [%s] points at %q, which is not a source entry", path, num, href)
				return
			}
			if entry.AttrOr("value", "") != num {
				t.Errorf("%s: citation [%s] points at source entry number %s", path, num, entry.AttrOr("value", ""))
			}
		})
		// Every listed source links out to an http(s) address, except the
		// one source the demo records without an address.
		page.Find("[data-testid=source]").Each(func(_ int, s *goquery.Selection) {
			link := s.Find("a.source-link")
			if link.Length() == 0 {
				if !strings.Contains(s.Text(), "Pantsir SAM Production Facility") {
					t.Errorf("%s: source %q has no link", path, s.Text())
				}
				return
			}
			if href := link.AttrOr("href", ""); !strings.HasPrefix(href, "https://") && !strings.HasPrefix(href, "http://") {
				t.Errorf("%s: source link %q", path, href)
			}
		})
	}
}

func TestSourceListMatchesData(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	page := getOK(t, app, "/t/myanmar-2021")
	links := map[string]bool{}
	page.Find("[data-testid=source] a.source-link").Each(func(_ int, s *goquery.Selection) { links[s.AttrOr("href", "")] = true })
	for _, e := range demoDoc(t).Events {
		for _, c := range e.Citations {
			if c.Source.URL != "" && !links[c.Source.URL] {
				t.Errorf("source %s of %s is not in the source list", c.Source.URL, e.Slug)
			}
		}
		for _, f := range e.Figures {
			if !links[f.Source.URL] {
				t.Errorf("figure source %s of %s is not in the source list", f.Source.URL, e.Slug)
			}
		}
	}
}

func TestFilterByCategory(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	page := getOK(t, app, "/t/myanmar-2021?category=un")
	want := 0
	for _, e := range demoDoc(t).Events {
		if e.Category.Slug == "un" {
			want++
		}
	}
	events := page.Find("[data-testid=event]")
	if events.Length() != want || want == 0 {
		t.Fatalf("%d events shown, want %d UN events", events.Length(), want)
	}
	events.Each(func(_ int, s *goquery.Selection) {
		if c := s.Find("[data-testid=event-category]").Text(); c != "United Nations" {
			t.Errorf("event %s has category %q", s.AttrOr("id", ""), c)
		}
	})
	if !page.Find(`input[name=category][value=un]`).Is(":checked") {
		t.Error("the filter form does not show the category as chosen")
	}
	if got := page.Find("[data-testid=count]").Text(); !strings.Contains(got, "of 18 events") {
		t.Errorf("count = %q", got)
	}
}

func TestFilterByActorAndDates(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	page := getOK(t, app, "/t/myanmar-2021?actor=aapp&from=2021-04&to=2021-06")
	var ids []string
	page.Find("[data-testid=event]").Each(func(_ int, s *goquery.Selection) { ids = append(ids, s.AttrOr("id", "")) })
	want := []string{}
	from, _ := timeline.ParseDate("2021-04")
	to, _ := timeline.ParseDate("2021-06")
	for _, e := range demoDoc(t).Events {
		hasAAPP := false
		for _, a := range e.Actors {
			hasAAPP = hasAAPP || a.Actor.Slug == "aapp"
		}
		if hasAAPP && !e.When.Last().Before(from.First()) && !e.When.Start.First().After(to.Last()) {
			want = append(want, e.Slug)
		}
	}
	if len(want) == 0 || strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Errorf("events %v, want %v", ids, want)
	}
}

func TestBadFilterIsExplained(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	page := getOK(t, app, "/t/myanmar-2021?from=2021-13")
	if msg := page.Find(".form-errors").Text(); !strings.Contains(msg, "month 13 does not exist") {
		t.Errorf("error message = %q", msg)
	}
	if n := page.Find("[data-testid=event]").Length(); n != 18 {
		t.Errorf("%d events, want all 18 (the unreadable filter is left out)", n)
	}
	// The reader's text stays in its field, to be mended; a date that
	// was read shows as read.
	page = getOK(t, app, "/t/myanmar-2021?from=2021-13&to=2021-03")
	if v, _ := page.Find("#filter-from").Attr("value"); v != "2021-13" {
		t.Errorf("From field = %q, want the text that could not be read, 2021-13", v)
	}
	if v, _ := page.Find("#filter-to").Attr("value"); v != "2021-03" {
		t.Errorf("To field = %q, want the date read, 2021-03", v)
	}
}

func TestEventPermalink(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	page := getOK(t, app, "/t/myanmar-2021/e/coup")
	if got := page.Find("h1[data-testid=event-title]").Text(); got != "Military seizes power and detains the elected leaders" {
		t.Errorf("title = %q", got)
	}
	if n := page.Find("[data-testid=source]").Length(); n != 2 {
		t.Errorf("%d sources, want 2", n)
	}
	for _, actor := range []string{"Min Aung Hlaing", "Aung San Suu Kyi", "Win Myint"} {
		if !strings.Contains(page.Find(".facts").Text(), actor) {
			t.Errorf("actor %s missing", actor)
		}
	}
	if !strings.Contains(page.Find(".facts").Text(), "Naypyidaw") {
		t.Error("place missing")
	}
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for _, path := range []string{"/t/no-such-timeline", "/t/myanmar-2021/e/no-such-event", "/nowhere", "/t/Bad%20Slug"} {
		res, body := app.Get(t, path)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, res.StatusCode)
		}
		page := parse(t, body)
		if page.Find("[data-testid=error] h1").Text() != "Not found" {
			t.Errorf("GET %s: not the 404 page:\n%s", path, body)
		}
	}
}

func TestErrorsAsJSONForAPIClients(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	res, body := app.Get(t, "/t/no-such-timeline", "Accept", "application/json")
	if res.StatusCode != http.StatusNotFound || !strings.Contains(body, `"status":404`) {
		t.Errorf("%d %s", res.StatusCode, body)
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for _, path := range []string{"/", "/t/myanmar-2021", "/nowhere"} {
		res, _ := app.Get(t, path)
		h := res.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", path, h)
		}
		if h.Get("X-Frame-Options") != "DENY" || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: framing allowed: %v", path, h)
		}
		if res.Header.Get("Set-Cookie") != "" {
			t.Errorf("%s: a public page sets a cookie", path)
		}
	}
}

func TestNoInlineScripts(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for _, path := range []string{"/", "/t/myanmar-2021", "/t/myanmar-2021/e/coup"} {
		page := getOK(t, app, path)
		page.Find("script").Each(func(_ int, s *goquery.Selection) {
			if _, ok := s.Attr("src"); !ok {
				t.Errorf("%s: inline script %q", path, s.Text())
			}
		})
		page.Find("*").Each(func(_ int, s *goquery.Selection) {
			for _, a := range s.Nodes[0].Attr {
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" {
					t.Errorf("%s: inline %s attribute on <%s>", path, a.Key, s.Nodes[0].Data)
				}
			}
		})
	}
}

func TestHomeListsTimeline(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	page := getOK(t, app, "/")
	link := page.Find("[data-testid=timelines] a")
	if link.Length() != 1 || link.AttrOr("href", "") != "/t/myanmar-2021" {
		t.Errorf("timeline links: %d, first %q", link.Length(), link.AttrOr("href", ""))
	}
	if !strings.Contains(page.Find("[data-testid=timelines]").Text(), "18 events") {
		t.Error("event count missing")
	}
}

func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	for _, path := range []string{"/healthz", "/readyz"} {
		if res, body := app.Get(t, path); res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d %s", path, res.StatusCode, body)
		}
	}
	// A database that lacks a migration is not ready.
	if _, err := app.Store.Pool().Exec(t.Context(), `DELETE FROM goose_db_version WHERE version_id = (SELECT max(version_id) FROM goose_db_version)`); err != nil {
		t.Fatal(err)
	}
	if res, _ := app.Get(t, "/readyz"); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("GET /readyz with a missing migration: %d, want 503", res.StatusCode)
	}
}
