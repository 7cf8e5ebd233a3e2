package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"annals/internal/webtest"
	"annals/views"
)

// TestMyanmarFontServed checks that every page carries the font stylesheet
// (in its <style>; linked by the print view) and that every font
// file it names is served from here as WOFF2.
func TestMyanmarFontServed(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	res, css := app.Get(t, views.Static("css/fonts.css"))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("fonts.css: %d", res.StatusCode)
	}
	for _, page := range []string{"/", "/t/myanmar-2021", "/search?q=coup", "/embed/t/myanmar-2021"} {
		_, body := app.Get(t, page)
		style := styleElementRE.FindStringSubmatch(body)
		if style == nil || !strings.HasPrefix(style[1], css) {
			t.Errorf("%s does not carry fonts.css in its style", page)
		}
	}
	for _, page := range []string{"/t/myanmar-2021/print"} {
		_, body := app.Get(t, page)
		if !strings.Contains(body, `<link rel="stylesheet" href="`+views.Static("css/fonts.css")+`">`) {
			t.Errorf("%s does not link fonts.css", page)
		}
	}
	urls := regexp.MustCompile(`url\((/static/fonts/[^)]+)\)`).FindAllStringSubmatch(css, -1)
	if len(urls) < 2 {
		t.Fatalf("fonts.css names %d font files, want regular and bold", len(urls))
	}
	if !strings.Contains(css, "U+1000-109F") {
		t.Errorf("fonts.css does not limit the face to Myanmar script")
	}
	for _, u := range urls {
		res, body := app.Get(t, u[1])
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(body, "wOF2") {
			t.Errorf("%s: status %d, starts %q; want a WOFF2 file", u[1], res.StatusCode, body[:min(4, len(body))])
		}
		if ct := res.Header.Get("Content-Type"); ct != "font/woff2" {
			t.Errorf("%s: Content-Type %q", u[1], ct)
		}
	}
	// The face must come first in the stack of Burmese text (see fonts.css
	// for why; TestMyanmarFaceDrawsBurmeseOnly checks it in Chromium).
	family := regexp.MustCompile(`font-family:\s*("[^"]+")`).FindStringSubmatch(css)
	_, main := app.Get(t, "/static/css/annals.css")
	if family == nil || !strings.Contains(main, "--font: "+family[1]+",") {
		t.Errorf("annals.css does not start its font stack with the served Myanmar face %v", family)
	}
	if res, _ := app.Get(t, "/static/fonts/OFL-Padauk.txt"); res.StatusCode != http.StatusOK {
		t.Errorf("the font's licence is not served beside it: %d", res.StatusCode)
	}
}
