package web_test

import (
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"

	"annals/internal/webtest"
)

var (
	styleElementRE    = regexp.MustCompile(`(?s)<style>(.*?)</style>`)
	stylesheetLinkRE  = regexp.MustCompile(`<link rel="stylesheet"[^>]*>`)
	styleSourceListRE = regexp.MustCompile(`style-src ([^;]*)`)
)

// Reading pages and embeds carry their stylesheet in the page, so nothing
// holds back the first paint; the Content-Security-Policy allows exactly
// that text by its digest (a browser drops a style it does not allow, and
// the page would show unstyled), and nothing but print styles is linked.
func TestReadingPagesCarryTheirStyleAllowedByDigest(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for _, path := range []string{"/t/myanmar-2021", "/t/myanmar-2021/e/coup", "/", "/embed/t/myanmar-2021"} {
		res, body := app.Get(t, path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
		styles := styleElementRE.FindAllStringSubmatch(body, -1)
		if len(styles) != 1 {
			t.Fatalf("%s: %d <style> elements, want 1", path, len(styles))
		}
		css := styles[0][1]
		// The page's own rules and the Burmese face, addressed by hashed name.
		for _, want := range []string{".event {", `font-family: "Annals Myanmar"`, "url(/static/fonts/padauk-myanmar-400-normal."} {
			if !strings.Contains(css, want) {
				t.Errorf("%s: the inline style lacks %q", path, want)
			}
		}
		sum := sha256.Sum256([]byte(css))
		digest := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		csp := res.Header.Get("Content-Security-Policy")
		sources := styleSourceListRE.FindStringSubmatch(csp)
		if sources == nil || !strings.Contains(" "+sources[1]+" ", " "+digest+" ") {
			t.Errorf("%s: style-src %q does not allow the page's style %s", path, sources, digest)
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: the policy allows any inline style: %s", path, csp)
		}
		for _, link := range stylesheetLinkRE.FindAllString(body, -1) {
			if !strings.Contains(link, `media="print"`) {
				t.Errorf("%s: a stylesheet still blocks the first paint: %s", path, link)
			}
		}
	}
	// An embed carries its own additions too.
	_, body := app.Get(t, "/embed/t/myanmar-2021")
	if css := styleElementRE.FindStringSubmatch(body); css == nil || !strings.Contains(css[1], ".embed") {
		t.Errorf("the embed's style lacks embed.css")
	}
}
