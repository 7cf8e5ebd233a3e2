package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"annals/internal/webtest"
)

type embOEmbed struct {
	Version      string `json:"version"`
	Type         string `json:"type"`
	ProviderName string `json:"provider_name"`
	Title        string `json:"title"`
	HTML         string `json:"html"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
}

func TestOEmbed(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	get := func(page string, extra url.Values) (*http.Response, string) {
		t.Helper()
		q := url.Values{"url": {page}, "format": {"json"}}
		for k, v := range extra {
			q[k] = v
		}
		return app.Get(t, "/oembed?"+q.Encode())
	}
	decode := func(body string) embOEmbed {
		t.Helper()
		var o embOEmbed
		if err := json.Unmarshal([]byte(body), &o); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, body)
		}
		return o
	}

	// A timeline page, filtered: a rich answer framing the same filter.
	res, body := get(app.URL+"/t/myanmar-2021?category=sanctions", nil)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, type %q: %s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	o := decode(body)
	if o.Version != "1.0" || o.Type != "rich" || o.ProviderName != "Annals" || o.Width <= 0 || o.Height <= 0 || o.Title == "" {
		t.Errorf("answer %+v", o)
	}
	frag := embDoc(t, o.HTML)
	iframe := frag.Find("iframe")
	src, _ := iframe.Attr("src")
	if src != app.URL+"/embed/t/myanmar-2021?category=sanctions" {
		t.Errorf("html frames %q", src)
	}
	if w, _ := iframe.Attr("width"); w != "640" || o.Width != 640 {
		t.Errorf("width: attribute %q, field %d, want 640", w, o.Width)
	}
	if h, _ := iframe.Attr("height"); h != "600" || o.Height != 600 {
		t.Errorf("height: attribute %q, field %d, want 600", h, o.Height)
	}
	if s, _ := frag.Find("script").Attr("src"); s != app.URL+"/static/embed.js" {
		t.Errorf("html script %q", s)
	}
	// What the html frames is there.
	if res, _ := app.Get(t, strings.TrimPrefix(src, app.URL)); res.StatusCode != http.StatusOK {
		t.Errorf("the framed embed answers %d", res.StatusCode)
	}

	// maxwidth and maxheight bound the size.
	o = decode(embSecond(get(app.URL+"/t/myanmar-2021", url.Values{"maxwidth": {"300"}, "maxheight": {"250"}})))
	w, _ := embDoc(t, o.HTML).Find("iframe").Attr("width")
	if o.Width != 300 || o.Height != 250 || w != "300" {
		t.Errorf("with maxwidth 300, maxheight 250: %d x %d (attribute %q)", o.Width, o.Height, w)
	}

	// An event page (or its embed URL) gives the card.
	for _, page := range []string{app.URL + "/t/myanmar-2021/e/coup", app.URL + "/embed/t/myanmar-2021/e/coup"} {
		res, body := get(page, nil)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", page, res.StatusCode)
			continue
		}
		if src, _ := embDoc(t, decode(body).HTML).Find("iframe").Attr("src"); src != app.URL+"/embed/t/myanmar-2021/e/coup" {
			t.Errorf("%s frames %q", page, src)
		}
	}

	// Unknown, foreign and non-public pages are 404; XML is 501.
	embExec(t, app, `UPDATE events SET visibility = 'internal' WHERE slug = 'coup'`)
	for _, page := range []string{
		app.URL + "/t/no-such-timeline",
		app.URL + "/t/myanmar-2021/e/no-such-event",
		app.URL + "/t/myanmar-2021/e/coup", // internal now
		"https://example.org/t/myanmar-2021",
		app.URL + "/staff",
		"javascript:alert(1)",
	} {
		if res, _ := get(page, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", page, res.StatusCode)
		}
	}
	if res, _ := get(app.URL+"/t/myanmar-2021", url.Values{"format": {"xml"}}); res.StatusCode != http.StatusNotImplemented {
		t.Errorf("format=xml: status %d, want 501", res.StatusCode)
	}
	if res, _ := app.Get(t, "/oembed?format=json"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("no url: status %d, want 400", res.StatusCode)
	}
	embExec(t, app, `UPDATE timelines SET visibility = 'internal'`)
	if res, _ := get(app.URL+"/t/myanmar-2021", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("internal timeline: status %d, want 404", res.StatusCode)
	}
}

func embSecond[A, B any](_ A, b B) B { return b }
