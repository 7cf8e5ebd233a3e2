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
	return d.Find(`meta[name="` + name + `"]`).AttrOr("content", "")
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
