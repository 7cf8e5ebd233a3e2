package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/demo"
	"annals/internal/webtest"
)

// Every public source has a page listing every published event that cites
// it (as a citation or as a figure's source), checked against the demo file.
func TestSourcePageListsEveryEventCitingIt(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	doc, err := demo.Document()
	if err != nil {
		t.Fatal(err)
	}
	// The events of the demo citing each source URL, in file order (which
	// is date order), and the title each source has.
	citing := map[string][]string{}
	titles := map[string]string{}
	for _, e := range doc.Events {
		urls := map[string]bool{}
		for _, c := range e.Citations {
			urls[c.Source.URL] = true
			titles[c.Source.URL] = c.Source.Title
		}
		for _, f := range e.Figures {
			urls[f.Source.URL] = true
			titles[f.Source.URL] = f.Source.Title
		}
		for u := range urls {
			citing[u] = append(citing[u], e.Title)
		}
	}

	// Reach each source page from the timeline's source list, as a reader does.
	tl, _ := getDoc(t, app, "/t/myanmar-2021", http.StatusOK)
	links := tl.Find("[data-testid=source] a.source-page-link")
	if links.Length() < 20 {
		t.Fatalf("%d links to source pages on the timeline, want one per source", links.Length())
	}
	checked := 0
	links.Each(func(_ int, a *goquery.Selection) {
		entry := a.Closest("[data-testid=source]")
		url, _ := entry.Find("a.source-link").Attr("href")
		if url == "" {
			return // a source without a URL
		}
		href, _ := a.Attr("href")
		page, _ := getDoc(t, app, href, http.StatusOK)
		if got := strings.TrimSpace(page.Find("[data-testid=source-title]").Text()); got != titles[url] {
			t.Errorf("%s: title %q, want %q", href, got, titles[url])
		}
		if got, _ := page.Find("[data-testid=source-url]").Attr("href"); got != url {
			t.Errorf("%s: links to %q, want %q", href, got, url)
		}
		var got []string
		page.Find("[data-testid=citing-event] > a:first-of-type").Each(func(_ int, s *goquery.Selection) {
			got = append(got, strings.TrimSpace(s.Text()))
		})
		if !slices.Equal(got, citing[url]) {
			t.Errorf("%s (%s) lists %q, want %q", href, url, got, citing[url])
		}
		checked++
	})
	if checked < 20 {
		t.Errorf("checked %d source pages", checked)
	}
	// A source's language is named in the reader's language (the demo cites
	// two Italian articles).
	for _, tc := range []struct{ lang, want string }{{"en", "Italian"}, {"my", "အီတလီ"}} {
		found := false
		tl.Find("[data-testid=source] a.source-page-link").EachWithBreak(func(_ int, a *goquery.Selection) bool {
			href, _ := a.Attr("href")
			_, body := app.Get(t, href, "Accept-Language", tc.lang)
			found = strings.Contains(body, "<dd>"+tc.want+"</dd>")
			return !found
		})
		if !found {
			t.Errorf("no source page names the language %q for a %s reader", tc.want, tc.lang)
		}
	}
	for _, path := range []string{"/sources/0", "/sources/-1", "/sources/abc", "/sources/99999999"} {
		if res, _ := app.Get(t, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
}
