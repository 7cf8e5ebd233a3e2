package a11y_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"annals/internal/auth"
	"annals/internal/browsertest"
	"annals/internal/capture"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

// notStaffPages are the GET routes under /staff that answer something other
// than a page to read: files, fragments and JSON. The sign-in pages are
// checked signed out.
var notStaffPages = map[string]string{
	"/staff/backup":      "a download",
	"/staff/media/:name": "an image file",
	"/staff/sources/:id/captures/:capture/:kind": "a capture's file",
	"/staff/actors/suggest":                      "an HTML fragment of the actor picker",
	"/staff/sources/suggest":                     "an HTML fragment of the source picker",
	"/staff/login":                               "checked signed out",
	"/staff/login/second-factor":                 "checked signed out",
}

// sidewaysScroll reports how far the page in ctx scrolls sideways (0 when
// it does not) and the first elements that stick out.
func sidewaysScroll(t *testing.T, ctx context.Context) (int, []string) {
	t.Helper()
	type overflow struct {
		Over int
		Wide []string
	}
	o, err := chromedp.Run(ctx, chromedp.Evaluate[overflow](`(() => {
		const over = document.scrollingElement.scrollWidth - window.innerWidth;
		const wide = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
			.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className ? "." + e.className : ""));
		return {over: Math.max(over, 0), wide};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	return o.Over, o.Wide
}

// TestEveryStaffPageAt360 opens every staff page an admin can open, as
// the router lists them (a new GET route fails here until it is given
// an address or a reason to leave it out), at 360 CSS px: none scrolls
// sideways. The records have long titles, web addresses and reasons to
// wrap. With ANNALS_SCREENSHOTS=dir it saves each page there.
func TestEveryStaffPageAt360(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	staffListData(t, app)
	admin := app.User(t, auth.RoleAdmin)
	session := app.SignIn(t, admin)

	// Something for each :id to point at, long enough to wrap: an event
	// saved through the editor with a source and a figure (so each has a
	// history), translated into Burmese with its timeline.
	res, _ := session.Post(t, "/staff/events", url.Values{
		"title": {"An event with a long title to wrap on a narrow phone screen, saved through the editor"},
		"start": {"2021-03-05"}, "category": {"casualties"}, "timelines": {"myanmar-2021"},
		"summary": {"What happened."}, "place_name": {"Yangon"}, "place_country": {"MM"},
		"cite_rows": {"1"}, "cite_title_0": {"A report"}, "cite_url_0": {"https://reports.example.org/a-very-long-path-that-does-not-break-easily?and=more"},
		"cite_publisher_0": {"Example News"}, "cite_kind_0": {"news"},
		"fig_rows": {"1"}, "fig_metric_0": {"killed"}, "fig_value_0": {"12"}, "fig_qualifier_0": {"at_least"},
		"fig_scope_0": {"event"}, "fig_asof_0": {"2021-03-05"}, "fig_source_0": {"row:0"}, "do": {"submit"},
		"reason": {"First report, checked against https://reports.example.org/another-very-long-address-that-does-not-break"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save an event: %d", res.StatusCode)
	}
	ev, err := strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), "/staff/events/"), 10, 64)
	if err != nil {
		t.Fatalf("saved to %q", res.Header.Get("Location"))
	}
	cur, err := app.Store.StaffEvent(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Store.PublishEvent(ctx, app.User(t, auth.RoleReviewer), timeline.EventAction{ID: ev, Version: cur.Version}); err != nil {
		t.Fatal(err)
	}
	var src, histSrc, fig, tl int64
	var srcURL string
	if err := app.Store.Pool().QueryRow(ctx, `
SELECT (SELECT max(entity_id) FROM revisions WHERE entity = 'figure'), (SELECT max(entity_id) FROM revisions WHERE entity = 'source'),
       (SELECT id FROM timelines WHERE slug = 'myanmar-2021')`).Scan(&fig, &histSrc, &tl); err != nil {
		t.Fatal(err)
	}
	for _, k := range []timeline.TranslationKey{{Of: timeline.OfEvent, ID: ev, Lang: "my"}, {Of: timeline.OfTimeline, ID: tl, Lang: "my"}} {
		if _, err := app.Store.SaveTranslation(ctx, admin, timeline.TranslationSave{Key: k, Title: "မြန်မာ", Summary: "မြန်မာ"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := app.Store.Pool().QueryRow(ctx, `SELECT id, url FROM sources WHERE url LIKE 'https://news.example.org/%' ORDER BY id LIMIT 1`).Scan(&src, &srcURL); err != nil {
		t.Fatal(err)
	}
	var captures []int64
	for i, text := range []string{"Four houses burned.\n", "Forty houses burned in " + strings.Repeat("Sagaing", 30) + ".\n"} {
		c := capture.Capture{SourceID: src, RequestedURL: srcURL, FinalURL: srcURL, HTTPStatus: 200, Software: "test",
			CapturedAt: time.Date(2024, 1+time.Month(i), 2, 3, 4, 5, 0, time.UTC),
			Artefacts:  []capture.Artefact{capture.NewArtefact("text", "text/plain; charset=utf-8", []byte(text))}}
		id, err := app.Store.SaveCapture(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		captures = append(captures, id)
	}
	addresses := map[string]string{
		":id":      fmt.Sprint(ev),
		":lang":    "my",
		":slug":    "myanmar-2021",
		":capture": fmt.Sprint(captures[0]),
	}
	special := map[string]string{
		"/staff/sources/:id":                  fmt.Sprintf("/staff/sources/%d", src),
		"/staff/sources/:id/history":          fmt.Sprintf("/staff/sources/%d/history", histSrc),
		"/staff/sources/:id/captures":         fmt.Sprintf("/staff/sources/%d/captures", src),
		"/staff/sources/:id/captures/compare": fmt.Sprintf("/staff/sources/%d/captures/compare?a=%d&b=%d", src, captures[0], captures[1]),
		"/staff/figures/:id/history":          fmt.Sprintf("/staff/figures/%d/history", fig),
	}
	var paths []string
	for _, r := range app.Server.Echo().Routes() {
		if r.Method != http.MethodGet || !strings.HasPrefix(r.Path, "/staff") {
			continue
		}
		if _, skip := notStaffPages[r.Path]; skip {
			continue
		}
		p, ok := special[r.Path]
		if !ok {
			p = r.Path
			for k, v := range addresses {
				p = strings.ReplaceAll(p, k, v)
			}
		}
		if strings.Contains(p, ":") {
			t.Errorf("staff page %s has no address in this test: give it one, or a reason in notStaffPages", r.Path)
			continue
		}
		paths = append(paths, p)
	}
	// A few states beyond the plain pages: filters open, a refused query,
	// the history filtered.
	paths = append(paths, "/staff/history?q=checked&sort=author", "/staff/history?from=yesterday",
		"/staff/events?sort=random", "/staff/sources?q=listed&sort=newest")
	sort.Strings(paths)
	for _, p := range paths {
		if res, body := session.Get(t, p); res.StatusCode != http.StatusOK && !strings.Contains(p, "=random") && !strings.Contains(p, "=yesterday") {
			t.Errorf("%s: status %d\n%.300s", p, res.StatusCode, body)
		}
	}

	shots := os.Getenv("ANNALS_SCREENSHOTS")
	browser := browsertest.New(t, 360, 800)
	for _, p := range []string{"/staff/login", "/staff/login/second-factor"} {
		if err := chromedp.Do(browser, chromedp.Navigate(app.URL+p)); err != nil {
			t.Fatal(err)
		}
		if over, wide := sidewaysScroll(t, browser); over > 0 {
			t.Errorf("%s (signed out) at 360 px scrolls sideways by %d px; too wide: %v", p, over, wide)
		}
	}
	signIn(t, browser, app, admin)
	for _, p := range paths {
		if err := chromedp.Do(browser, chromedp.Navigate(app.URL+p)); err != nil {
			t.Fatal(err)
		}
		if over, wide := sidewaysScroll(t, browser); over > 0 {
			t.Errorf("%s at 360 px scrolls sideways by %d px; too wide: %v", p, over, wide)
		}
		if shots != "" {
			png, err := chromedp.Run(browser, chromedp.FullScreenshot(80))
			if err != nil {
				t.Fatal(err)
			}
			name := strings.NewReplacer("/", "-", "?", "_", "&", "_", "=", "-").Replace(strings.TrimPrefix(p, "/staff"))
			if err := os.WriteFile(filepath.Join(shots, "360"+name+".jpg"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("%d staff pages at 360 px", len(paths)+2)
}
