package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/webtest"
	"annals/views"
)

// Hostile and unusual input through the real editor: each is either refused
// with a message next to the field, with everything typed kept, or stored
// and shown safely.
func TestEditorRejectsBadInputClearly(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	s := app.SignIn(t, app.User(t, auth.RoleContributor))
	cases := []struct {
		name, field, value string
		errorHas           string
	}{
		{"javascript URL", "cite_url_0", "javascript:alert(1)", "must start with http:// or https://"},
		{"data URL", "cite_url_0", "data:text/html,<script>alert(1)</script>", "must start with http:// or https://"},
		{"javascript archive URL", "cite_archive_0", "JavaScript:alert(1)", "must start with http:// or https://"},
		{"31 February", "start", "2021-02-31", "31 February 2021 does not exist"},
		{"month 13", "start", "2021-13", "month 13 does not exist"},
		{"end before start", "end", "2021-03-01", "is before the start"},
		{"1 MB summary", "summary", strings.Repeat("a", 1<<20), "the limit is 20000"},
		{"control character", "title", "Raid\x00", "control character"},
		{"no title", "title", "  ", "is required"},
		{"bad figure", "fig_value_0", "many", "is not a whole number"},
		{"bad country", "place_country", "Burma", "not a two-letter country code"},
	}
	for _, c := range cases {
		form := eventForm("Hostile input "+c.name, "https://example.org/hostile")
		form.Set(c.field, c.value)
		form.Set("cite_note_0", "typed note that must survive")
		res, body := s.Post(t, "/staff/events", form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", c.name, res.StatusCode)
			continue
		}
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
		var fieldErrors []string
		doc.Find(".field-error").Each(func(_ int, e *goquery.Selection) { fieldErrors = append(fieldErrors, e.Text()) })
		if !strings.Contains(strings.Join(fieldErrors, "\n"), c.errorHas) {
			t.Errorf("%s: no message %q next to a field; got %q", c.name, c.errorHas, fieldErrors)
		}
		if v := doc.Find("input[name=cite_note_0]").AttrOr("value", ""); v != "typed note that must survive" {
			t.Errorf("%s: the form lost what was typed (note = %q)", c.name, v)
		}
		if c.field != "summary" && c.field != "title" {
			if v := doc.Find("input[name="+c.field+"]").AttrOr("value", ""); !strings.EqualFold(v, c.value) {
				t.Errorf("%s: the bad value is not shown back for correction (%q)", c.name, v)
			}
		}
	}
	var n int
	if err := app.Store.Pool().QueryRow(context.Background(), `SELECT count(*) FROM events WHERE title LIKE 'Hostile input%'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d refused events were written (%v)", n, err)
	}
}

func TestEditorStoresMarkupAndScriptsSafely(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	contributor := app.SignIn(t, app.User(t, auth.RoleContributor))
	reviewer := app.SignIn(t, app.User(t, auth.RoleReviewer))
	const xss = `<script>alert(1)</script><img src=x onerror=alert(2)>"'`
	const burmese, arabic, emoji = "စစ်တပ်က ဆန္ဒပြသူများကို ပစ်ခတ်", "إطلاق النار على المتظاهرين", "🕯️✊🏽"
	form := eventForm("Raid "+xss, "https://example.org/xss?q=\"><script>")
	form.Set("summary", "Summary "+xss+"\n\n[click](javascript:alert(3)) and [data](data:text/html,x) "+burmese+" "+arabic+" "+emoji)
	form.Set("place_name", "Place "+xss)
	for _, f := range []string{"cite_title_0", "cite_publisher_0", "cite_locator_0", "cite_note_0", "fig_attribution_0", "fig_note_0", "reason"} {
		form.Set(f, f+" "+xss)
	}
	form.Set("do", "submit")
	id := createEvent(t, contributor, form)
	act(t, app, reviewer, id, "publish", nil)
	ev, _ := app.Store.StaffEvent(context.Background(), id)
	if ev.Live.Title != "Raid "+xss {
		t.Fatalf("title stored as %q", ev.Live.Title)
	}

	// Categories, actors and timelines take text too.
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	for path, form := range map[string]url.Values{
		"/staff/categories": {"slug": {"xss-cat"}, "name": {"Category " + xss}},
		"/staff/actors":     {"slug": {"xss-actor"}, "name": {"Actor " + xss}, "kind": {"group"}, "note": {xss}},
		"/staff/timelines":  {"slug": {"xss-timeline"}, "name": {"Timeline " + xss}, "summary": {xss + " [x](javascript:alert(4))"}, "language": {"en"}},
	} {
		if res, body := editor.Post(t, path, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST %s: %d\n%s", path, res.StatusCode, errorsOf(body))
		}
	}
	act(t, app, editor, id, "timelines", url.Values{"timelines": {"myanmar-2021", "xss-timeline"}})

	pages := map[string]string{}
	_, pages["home"] = app.Get(t, "/")
	_, pages["xss timeline"] = app.Get(t, "/t/xss-timeline")
	_, pages["categories"] = editor.Get(t, "/staff/categories")
	_, pages["actors"] = editor.Get(t, "/staff/actors")
	_, pages["timelines"] = editor.Get(t, "/staff/timelines")
	_, pages["public event"] = app.Get(t, "/t/myanmar-2021/e/"+ev.Live.Slug)
	_, pages["public timeline"] = app.Get(t, "/t/myanmar-2021")
	_, pages["editor"] = contributor.Get(t, fmt.Sprintf("/staff/events/%d", id))
	_, pages["review"] = reviewer.Get(t, fmt.Sprintf("/staff/events/%d/review", id))
	_, pages["history"] = reviewer.Get(t, fmt.Sprintf("/staff/events/%d/history?all=1", id))
	_, pages["events list"] = reviewer.Get(t, "/staff/events")
	_, pages["sources"] = reviewer.Get(t, "/staff/sources")
	_, pages["history list"] = reviewer.Get(t, "/staff/history?q="+url.QueryEscape("<script>"))
	for name, body := range pages {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		// The only scripts are the Zawgyi check and the editor's actor
		// and source pickers (htmx) of the staff pages and the copy-link buttons and the
		// map's zoom (with Panzoom) of the public ones, from /static.
		if n := doc.Find(`script:not([src="` + views.Static("js/zawgyi-check.js") + `"]):not([src="` + views.Static("js/copy-link.js") +
			`"]):not([src="` + views.Static("vendor/htmx/htmx.min.js") + `"]):not([src="` + views.Static("js/picker.js") + `"])` +
			`:not([src="` + views.Static("js/map-zoom.js") + `"]):not([src="` + views.Static("vendor/panzoom/panzoom.js") + `"])`).Length(); n != 0 {
			t.Errorf("%s: %d script elements", name, n)
		}
		doc.Find("*").Each(func(_ int, e *goquery.Selection) {
			for _, a := range e.Nodes[0].Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					t.Errorf("%s: <%s %s=%q>: an event handler got through", name, e.Nodes[0].Data, a.Key, a.Val)
				}
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if (a.Key == "href" || a.Key == "src" || a.Key == "action") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:")) {
					t.Errorf("%s: %s=%q", name, a.Key, a.Val)
				}
			}
		})
		want := map[string]string{"sources": "cite_title_0 <script>alert(1)</script>", "home": "Timeline <script>",
			"categories": "Category <script>", "actors": "Actor <script>", "timelines": "Timeline <script>"}[name]
		if want == "" {
			want = "Raid <script>alert(1)</script>"
		}
		if !strings.Contains(doc.Text(), want) {
			t.Errorf("%s: %q is not shown as the text typed", name, want)
		}
	}
	public := pages["public event"]
	for _, s := range []string{burmese, arabic, emoji} {
		if !strings.Contains(public, s) {
			t.Errorf("the public page lost %q", s)
		}
	}
}
