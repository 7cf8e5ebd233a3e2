package web_test

import (
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/webtest"
)

func page(t *testing.T, body string) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// meta is the content of <meta property=name> or <meta name=name>.
func meta(d *goquery.Document, name string) string {
	if s := d.Find(`meta[property="` + name + `"]`); s.Length() > 0 {
		return s.AttrOr("content", "")
	}
	return d.Find(`meta[name="`+name+`"]`).AttrOr("content", "")
}

// TestShareCards: timeline and event pages carry Open Graph and Twitter
// card tags with absolute URLs, and the card image they name is served as
// a 1200x630 PNG.
func TestShareCards(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for _, tc := range []struct {
		path, title, typ, desc string
	}{
		{"/t/myanmar-2021", "Myanmar 2021: the coup, the crackdown and the arms pipeline", "website", "From the November 2020 election"},
		{"/t/myanmar-2021/e/coup", "Military seizes power and detains the elected leaders", "article", "The military declares a state of emergency"},
	} {
		_, body := app.Get(t, tc.path)
		d := page(t, body)
		want := map[string]string{
			"og:title":      tc.title,
			"og:type":       tc.typ,
			"og:url":        app.URL + tc.path,
			"og:site_name":  "Annals",
			"og:locale":     "en_US",
			"twitter:card":  "summary_large_image",
			"twitter:title": tc.title,
		}
		for k, v := range want {
			if got := meta(d, k); got != v {
				t.Errorf("%s: %s = %q, want %q", tc.path, k, got, v)
			}
		}
		if got := meta(d, "og:description"); !strings.HasPrefix(got, tc.desc) {
			t.Errorf("%s: og:description = %q, want it to start %q", tc.path, got, tc.desc)
		}
		img := meta(d, "og:image")
		if !strings.HasPrefix(img, app.URL+"/") || meta(d, "og:image:width") != "1200" || meta(d, "og:image:height") != "630" || meta(d, "og:image:alt") == "" {
			t.Fatalf("%s: og:image %q (%s x %s, alt %q): want an absolute URL on this site, 1200x630, with alt text",
				tc.path, img, meta(d, "og:image:width"), meta(d, "og:image:height"), meta(d, "og:image:alt"))
		}
		res, err := http.Get(img)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(res.Body)
		res.Body.Close()
		if err != nil || cfg.Width != 1200 || cfg.Height != 630 {
			t.Errorf("%s: the card image %s is not a 1200x630 PNG: %v %dx%d", tc.path, img, err, cfg.Width, cfg.Height)
		}
	}
	// The Burmese interface names its locale.
	_, body := app.Get(t, "/t/myanmar-2021", "Accept-Language", "my")
	if got := meta(page(t, body), "og:locale"); got != "my_MM" {
		t.Errorf("Burmese page og:locale = %q, want my_MM", got)
	}
}

// TestCopyLink: each event shows its permalink as a plain link, and a
// copy button that the script enhances, with a live region to announce it.
func TestCopyLink(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for _, path := range []string{"/t/myanmar-2021", "/t/myanmar-2021/e/coup"} {
		_, body := app.Get(t, path)
		d := page(t, body)
		ev := d.Find(`[data-testid=event][data-slug=coup]`)
		link := ev.Find(`a[data-testid=permalink]`)
		if href := link.AttrOr("href", ""); href != app.URL+"/t/myanmar-2021/e/coup" {
			t.Errorf("%s: the coup's permalink is %q, want the absolute address as a visible link", path, href)
		}
		if strings.TrimSpace(link.Text()) == "" {
			t.Errorf("%s: the permalink has no visible text", path)
		}
		btn := ev.Find(`button[data-copy]`)
		if btn.Length() != 1 || btn.AttrOr("data-copy", "") != app.URL+"/t/myanmar-2021/e/coup" || !btn.Is("[hidden]") {
			t.Errorf("%s: want one copy button, hidden until the script shows it, copying the permalink; got %d", path, btn.Length())
		}
		if d.Find(`[aria-live=polite][data-copied]`).Length() != 1 {
			t.Errorf("%s: no live region announces the copy", path)
		}
		if d.Find(`script[src*="copy-link"]`).Length() != 1 {
			t.Errorf("%s: the copy-link script is not loaded", path)
		}
	}
}

// TestBurmeseDemo: the Burmese interface of the demo timeline shows its
// published Burmese title and at least six Burmese event titles.
func TestBurmeseDemo(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{DemoTranslations: true})
	_, body := app.Get(t, "/t/myanmar-2021", "Accept-Language", "my")
	d := page(t, body)
	burmese := func(s string) bool {
		for _, r := range s {
			if r >= 0x1000 && r <= 0x109F {
				return true
			}
		}
		return false
	}
	if h1 := d.Find("h1"); !burmese(h1.Text()) || h1.AttrOr("lang", "my") != "my" {
		t.Errorf("the Burmese timeline's heading is %q (lang %q), want its Burmese title", h1.Text(), h1.AttrOr("lang", ""))
	}
	n := 0
	d.Find("[data-testid=event-title]").Each(func(_ int, s *goquery.Selection) {
		if burmese(s.Text()) && s.AttrOr("lang", "my") == "my" {
			n++
		}
	})
	if n < 6 {
		t.Errorf("%d events have Burmese titles on the Burmese timeline, want at least 6", n)
	}
	// English readers still read English.
	_, body = app.Get(t, "/t/myanmar-2021")
	if h1 := page(t, body).Find("h1").Text(); burmese(h1) {
		t.Errorf("the English page shows %q", h1)
	}
}

// isolated reports whether s sits in its own bidirectional context: a
// <bdi>, or an element with a dir attribute, at or above it within stop.
func isolated(s *goquery.Selection) bool {
	for n := s; n.Length() > 0 && !n.Is("body"); n = n.Parent() {
		if n.Is("bdi") || n.AttrOr("dir", "") != "" {
			return n.Is("bdi") || n.AttrOr("dir", "") == "auto" || n.AttrOr("dir", "") == "ltr"
		}
	}
	return false
}

// TestArabicIsolatesMixedText: on Arabic pages the English titles, names
// and sources are isolated (bdi or dir), so neither they nor the Arabic
// labels and dates around them are reordered, and the arrows of the
// earlier/later and previous/next links point the way an RTL reader goes.
func TestArabicIsolatesMixedText(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	_, body := app.Get(t, "/t/myanmar-2021/e/coup", "Accept-Language", "ar")
	d := page(t, body)
	checks := map[string]*goquery.Selection{
		"event title":        d.Find("h1[data-testid=event-title]"),
		"timeline crumb":     d.Find("nav.crumbs a"),
		"previous title":     d.Find("[data-testid=previous-event] .neighbour-title"),
		"next title":         d.Find("[data-testid=next-event] .neighbour-title"),
		"source publisher":   d.Find("[data-testid=source] .publisher").First(),
		"source title":       d.Find("[data-testid=source] .source-link").First(),
		"hidden source name": d.Find("[data-testid=source] .source-page-link .visually-hidden bdi").First(),
	}
	for name, s := range checks {
		if s.Length() == 0 {
			t.Errorf("Arabic event page: no %s", name)
		} else if !isolated(s) {
			t.Errorf("Arabic event page: the %s %q is not isolated (bdi or dir)", name, strings.TrimSpace(s.Text()))
		}
	}
	if prev := d.Find("[data-testid=previous-event] .neighbour-dir").Text(); !strings.Contains(prev, "→") {
		t.Errorf("Arabic previous-event link %q: in RTL the earlier side is the right, want →", prev)
	}
	if next := d.Find("[data-testid=next-event] .neighbour-dir").Text(); !strings.Contains(next, "←") {
		t.Errorf("Arabic next-event link %q: want ←", next)
	}
	_, body = app.Get(t, "/t/myanmar-2021?at=2021-05", "Accept-Language", "ar")
	d = page(t, body)
	if e := d.Find("[data-testid=window-earlier]").First().Text(); !strings.Contains(e, "→") {
		t.Errorf("Arabic earlier-window link %q: want →", e)
	}
	d.Find("[data-testid=chart-source]").Each(func(_ int, s *goquery.Selection) {
		if !isolated(s) {
			t.Errorf("Arabic chart table: the source %q is not isolated", s.Text())
		}
	})
	if d.Find("[data-testid=chart-source]").Length() == 0 {
		t.Error("the Arabic timeline has no chart table")
	}
	d.Find("svg.chart").Each(func(_ int, s *goquery.Selection) {
		if s.AttrOr("direction", "") != "ltr" {
			t.Error("a chart's drawing does not fix its direction: its anchors would flip in RTL")
		}
	})
	// English keeps its arrows.
	_, body = app.Get(t, "/t/myanmar-2021/e/coup")
	if prev := page(t, body).Find("[data-testid=previous-event] .neighbour-dir").Text(); !strings.Contains(prev, "←") {
		t.Errorf("English previous-event link %q: want ←", prev)
	}
}
