package web_test

import (
	"encoding/xml"
	"net/http"
	"strings"
	"testing"

	"annals/internal/demo"
	"annals/internal/webtest"
)

// The sitemap names every public page worth finding, in absolute form:
// the timeline, each published event's permalink and each source page.
func TestSitemapListsThePublicPages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	doc, err := demo.Document()
	if err != nil {
		t.Fatal(err)
	}
	res, body := app.Get(t, "/sitemap.xml")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("GET /sitemap.xml: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var set struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(body), &set); err != nil {
		t.Fatalf("the sitemap is not XML: %v", err)
	}
	locs := map[string]bool{}
	events, sources := 0, 0
	for _, u := range set.URLs {
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
		if path != "/" && u.LastMod == "" {
			t.Errorf("%s has no lastmod", path)
		}
		// Every listed page answers.
		if r, _ := app.Get(t, path); r.StatusCode != http.StatusOK {
			t.Errorf("%s is in the sitemap but answers %d", path, r.StatusCode)
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
