package web_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"annals/internal/auth"
	"annals/internal/demo"
	"annals/internal/web"
	"annals/internal/webtest"
)

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
}

// readSitemap fetches the sitemap index and every file it names, checking
// each is sitemaps.org XML with W3C datetimes and at most limit URLs, and
// returns the URLs of every file by the file's address.
func readSitemap(t *testing.T, app *webtest.App, limit int) map[string][]sitemapURL {
	t.Helper()
	res, body := app.Get(t, "/sitemap.xml")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("GET /sitemap.xml: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var index struct {
		XMLName xml.Name
		Files   []sitemapURL `xml:"sitemap"`
	}
	if err := xml.Unmarshal([]byte(body), &index); err != nil {
		t.Fatalf("the sitemap index is not XML: %v", err)
	}
	if index.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" || index.XMLName.Local != "sitemapindex" {
		t.Fatalf("/sitemap.xml is a %v, not a sitemap index", index.XMLName)
	}
	files := map[string][]sitemapURL{}
	for _, f := range index.Files {
		if !strings.HasPrefix(f.Loc, app.URL+"/sitemap-") || strings.Count(strings.TrimPrefix(f.Loc, app.URL+"/"), "/") > 0 {
			t.Errorf("sitemap file %q is not at the root of the site", f.Loc)
		}
		if _, err := time.Parse(time.RFC3339, f.LastMod); err != nil {
			t.Errorf("sitemap file %s: lastmod %q is not a W3C datetime", f.Loc, f.LastMod)
		}
		if _, ok := files[f.Loc]; ok {
			t.Errorf("sitemap file %s is listed twice", f.Loc)
		}
		res, body := app.Get(t, strings.TrimPrefix(f.Loc, app.URL))
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/xml") {
			t.Fatalf("GET %s: %d %s", f.Loc, res.StatusCode, res.Header.Get("Content-Type"))
		}
		var set struct {
			XMLName xml.Name
			URLs    []sitemapURL `xml:"url"`
		}
		if err := xml.Unmarshal([]byte(body), &set); err != nil {
			t.Fatalf("sitemap file %s is not XML: %v", f.Loc, err)
		}
		if set.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" || set.XMLName.Local != "urlset" {
			t.Fatalf("%s is a %v, not a sitemap", f.Loc, set.XMLName)
		}
		if len(set.URLs) == 0 || len(set.URLs) > limit {
			t.Errorf("sitemap file %s holds %d URLs (at most %d, at least one)", f.Loc, len(set.URLs), limit)
		}
		files[f.Loc] = set.URLs
	}
	return files
}

// The sitemap index names files that together list every public page
// worth finding exactly once, in absolute form, each with when it last
// changed: the home page, the timeline, each published event's permalink
// and each source page.
func TestSitemapListsThePublicPages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	doc, err := demo.Document()
	if err != nil {
		t.Fatal(err)
	}
	locs := map[string]bool{}
	events, sources := 0, 0
	files := readSitemap(t, app, 50000)
	if len(files) != 3 {
		t.Errorf("%d sitemap files, want 3 (pages, the timeline's events, sources): %v", len(files), files)
	}
	for _, urls := range files {
		for _, u := range urls {
			if !strings.HasPrefix(u.Loc, app.URL+"/") {
				t.Errorf("%q is not an absolute address of the site", u.Loc)
			}
			path := strings.TrimPrefix(u.Loc, app.URL)
			if locs[path] {
				t.Errorf("%s is listed twice", path)
			}
			locs[path] = true
			switch {
			case strings.Contains(path, "/e/"):
				events++
			case strings.HasPrefix(path, "/sources/"):
				sources++
			}
			if _, err := time.Parse(time.RFC3339, u.LastMod); err != nil {
				t.Errorf("%s: lastmod %q is not a W3C datetime", path, u.LastMod)
			}
			// Every listed page answers.
			if r, _ := app.Get(t, path); r.StatusCode != http.StatusOK {
				t.Errorf("%s is in the sitemap but answers %d", path, r.StatusCode)
			}
		}
	}
	if !locs["/"] || !locs["/t/"+doc.Timeline.Slug] {
		t.Errorf("the home page or the timeline is missing: %v", locs)
	}
	for _, e := range doc.Events {
		if !locs["/t/"+doc.Timeline.Slug+"/e/"+e.Slug] {
			t.Errorf("event %s is missing", e.Slug)
		}
	}
	if events != len(doc.Events) || sources < 20 {
		t.Errorf("%d event pages (want %d) and %d source pages", events, len(doc.Events), sources)
	}

	res, robots := app.Get(t, "/robots.txt")
	if res.StatusCode != http.StatusOK || !strings.Contains(robots, "Sitemap: "+app.URL+"/sitemap.xml") ||
		!strings.Contains(robots, "Disallow: /staff") {
		t.Errorf("robots.txt: %d\n%s", res.StatusCode, robots)
	}
}

// With files of at most 5 URLs, the files of the index hold every public
// page exactly once, none over the limit, and nothing private: not a
// draft, an internal event, an event's page on an internal timeline, a
// confidential source or a source only a draft cites.
func TestSitemapFilesSplitThePublicPages(t *testing.T) {
	t.Parallel()
	const limit = 5
	app := webtest.Start(t, webtest.Options{Config: web.Config{SitemapFileURLs: limit}})
	ctx := context.Background()
	contributor := app.SignIn(t, app.User(t, auth.RoleContributor))
	reviewer := app.SignIn(t, app.User(t, auth.RoleReviewer))
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))

	draft := createEvent(t, contributor, eventForm("Sitemap draft", "https://example.org/sitemap-draft"))
	f := eventForm("Sitemap internal", "https://example.org/sitemap-internal")
	f.Set("internal", "on")
	f.Set("do", "submit")
	internal := createEvent(t, contributor, f)
	act(t, app, reviewer, internal, "publish", nil)
	f = eventForm("Sitemap public", "https://example.org/sitemap-confidential")
	f.Set("cite_confidential_0", "on")
	f.Set("fig_attribution_0", "")
	f.Set("do", "submit")
	public := createEvent(t, contributor, f)
	act(t, app, reviewer, public, "publish", nil)
	if res, body := editor.Post(t, "/staff/timelines", url.Values{"slug": {"sitemap-internal"}, "name": {"Internal"},
		"summary": {"Internal."}, "language": {"en"}, "internal": {"on"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create internal timeline: %d\n%s", res.StatusCode, errorsOf(body))
	}
	act(t, app, editor, public, "timelines", url.Values{"timelines": {"myanmar-2021", "sitemap-internal"}})

	slug := func(id int64) string {
		var s string
		if err := app.Store.Pool().QueryRow(ctx, `SELECT slug FROM events WHERE id = $1`, id).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	sourceOf := func(id int64) int64 {
		var s int64
		if err := app.Store.Pool().QueryRow(ctx, `SELECT source_id FROM event_sources WHERE event_id = $1`, id).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}

	// What the public may open, found without the sitemap: the home page,
	// the timeline, each published public event's permalink on it, and
	// each source whose page answers.
	want := map[string]bool{"/": true, "/t/myanmar-2021": true}
	rows, err := app.Store.Pool().Query(ctx, `SELECT slug FROM events WHERE status = 'published' AND visibility = 'public'`)
	if err != nil {
		t.Fatal(err)
	}
	slugs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(slugs) < 18 {
		t.Fatalf("%d public events, %v", len(slugs), err)
	}
	for _, s := range slugs {
		want["/t/myanmar-2021/e/"+s] = true
	}
	rows, err = app.Store.Pool().Query(ctx, `SELECT id FROM sources`)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if res, _ := app.Get(t, fmt.Sprintf("/sources/%d", id)); res.StatusCode == http.StatusOK {
			want[fmt.Sprintf("/sources/%d", id)] = true
		}
	}
	// The setup did what it says.
	if want["/t/myanmar-2021/e/"+slug(internal)] || want["/t/myanmar-2021/e/"+slug(draft)] || !want["/t/myanmar-2021/e/"+slug(public)] ||
		want[fmt.Sprintf("/sources/%d", sourceOf(public))] || want[fmt.Sprintf("/sources/%d", sourceOf(draft))] {
		t.Fatal("the private items are not set up as the test expects")
	}

	got := map[string]int{}
	files := readSitemap(t, app, limit)
	for _, urls := range files {
		for _, u := range urls {
			got[strings.TrimPrefix(u.Loc, app.URL)]++
		}
	}
	if len(files) < len(want)/limit {
		t.Errorf("%d files for %d pages of at most %d", len(files), len(want), limit)
	}
	for p := range want {
		if got[p] != 1 {
			t.Errorf("%s is listed %d times, want once", p, got[p])
		}
	}
	for p, n := range got {
		if !want[p] {
			t.Errorf("%s is listed (%d times) but is not a public page", p, n)
		}
	}
	for _, private := range []string{"/t/myanmar-2021/e/" + slug(draft), "/t/myanmar-2021/e/" + slug(internal),
		"/t/sitemap-internal", "/t/sitemap-internal/e/" + slug(public),
		fmt.Sprintf("/sources/%d", sourceOf(public)), fmt.Sprintf("/sources/%d", sourceOf(draft))} {
		if got[private] > 0 {
			t.Errorf("the private page %s is in the sitemap", private)
		}
	}
	for loc := range files {
		if strings.Contains(loc, "sitemap-internal") {
			t.Errorf("the sitemap has a file for the internal timeline: %s", loc)
		}
	}

	// Files are addressed one way only; others are not found.
	for _, p := range []string{"/sitemap-pages-01.xml", "/sitemap-pages-0.xml", "/sitemap-events-sitemap-internal-1.xml",
		"/sitemap-events-myanmar-2021-999.xml", "/sitemap-sources.xml", "/sitemap-other-1.xml", "/sitemap-pages-1.txt"} {
		if res, _ := app.Get(t, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, res.StatusCode)
		}
	}
}
