package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/webtest"
)

// formValues is what a browser without JavaScript sends for the form
// sel: its fields as they stand, without any submit button.
func formValues(sel *goquery.Selection) url.Values {
	v := url.Values{}
	sel.Find("input[name], select[name], textarea[name]").Each(func(_ int, f *goquery.Selection) {
		name := f.AttrOr("name", "")
		switch goquery.NodeName(f) {
		case "select":
			opt := f.Find("option[selected]").First()
			if opt.Length() == 0 {
				opt = f.Find("option").First()
			}
			v.Add(name, opt.AttrOr("value", opt.Text()))
		case "textarea":
			v.Add(name, f.Text())
		default:
			switch f.AttrOr("type", "text") {
			case "submit", "button", "file":
			case "checkbox", "radio":
				if _, on := f.Attr("checked"); on {
					v.Add(name, f.AttrOr("value", "on"))
				}
			default:
				v.Add(name, f.AttrOr("value", ""))
			}
		}
	})
	return v
}

// pickerSources adds 50,000 sources to the library and one to find among
// them, whose id it returns.
func pickerSources(t testing.TB, app *webtest.App) int64 {
	t.Helper()
	ctx := context.Background()
	if _, err := app.Store.Pool().Exec(ctx, `
INSERT INTO sources (url, title, publisher, kind)
SELECT 'https://example.org/report/' || i, 'Report number ' || i || ' on the situation', 'Publisher ' || (i % 40),
       (ARRAY['news', 'ngo_report', 'other'])[1 + i % 3]
FROM generate_series(1, 50000) i;
ANALYZE sources;`); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := app.Store.Pool().QueryRow(ctx, `
INSERT INTO sources (url, title, publisher, kind)
VALUES ('https://example.org/hpakant', 'Statement on the jade mine landslide in Hpakant', 'UN Special Rapporteur', 'un_document')
RETURNING id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// The source picker without JavaScript: "Find" returns the editor with the
// sources found as buttons, a button attaches its source to the form (the
// rest as typed), and saving cites it. The suggestions endpoint answers the
// same buttons as a fragment, a few at a time, to staff only, and finds one
// source among 50,000.
func TestEditorSourcePicker(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	want := pickerSources(t, app)
	wantID := strconv.FormatInt(want, 10)
	s := app.SignIn(t, app.User(t, auth.RoleContributor))

	// The fragment: the source among 50,000, and never more than ten.
	started := time.Now()
	res, body := s.Get(t, "/staff/sources/suggest?source_q="+url.QueryEscape("jade mine"))
	took := time.Since(started)
	d := doc(t, body)
	if res.StatusCode != http.StatusOK || strings.Contains(body, "<html") ||
		d.Find(`button[name=attach_source][value="`+wantID+`"]`).Length() != 1 {
		t.Fatalf("suggest: %d, the source not offered:\n%s", res.StatusCode, body)
	}
	t.Logf("one source among 50,000 suggested in %s", took)
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("suggest: Cache-Control %q", cc)
	}
	_, body = s.Get(t, "/staff/sources/suggest?source_q=report+number")
	if n := doc(t, body).Find("button[name=attach_source]").Length(); n != 10 || !strings.Contains(body, "More sources match") {
		t.Errorf("a common search offers %d sources, want 10 and a word that there are more", n)
	}
	_, body = s.Get(t, "/staff/sources/suggest?source_q=")
	if strings.Contains(body, "attach_source") {
		t.Error("an empty search offers sources")
	}
	// Staff only; a read, not a change.
	if res, body := app.NewSession(t).Get(t, "/staff/sources/suggest?source_q=hpakant"); res.StatusCode == http.StatusOK || strings.Contains(body, wantID) {
		t.Errorf("signed out: %d", res.StatusCode)
	}
	if res, _ := s.Post(t, "/staff/sources/suggest", url.Values{"source_q": {"hpakant"}}); res.StatusCode < 400 {
		t.Errorf("POST suggest: %d", res.StatusCode)
	}

	// Without JavaScript: Find, then the button, then save.
	form := eventForm("Landslide in Hpakant", "https://example.org/picker")
	form.Set("do", "find_sources")
	form.Set("source_q", "hpakant")
	res, body = s.Post(t, "/staff/events", form)
	d = doc(t, body)
	button := d.Find(`#event-form button[name=attach_source][value="` + wantID + `"]`)
	if res.StatusCode != http.StatusOK || button.Length() != 1 {
		t.Fatalf("find sources: %d, no button for the source found\n%s", res.StatusCode, errorsOf(body))
	}
	form = formValues(d.Find("#event-form"))
	form.Set("attach_source", wantID) // the button pressed
	res, body = s.Post(t, "/staff/events", form)
	d = doc(t, body)
	if res.StatusCode != http.StatusOK || d.Find(`#event-form select[name=cite_source_1] option[value="`+wantID+`"][selected]`).Length() != 1 {
		t.Fatalf("attach: %d, the second source row does not cite the source\n%s", res.StatusCode, errorsOf(body))
	}
	if v := d.Find("input[name=title]").AttrOr("value", ""); v != "Landslide in Hpakant" {
		t.Errorf("the title typed became %q", v)
	}
	if d.Find(`select[name=cite_source_0] option[value=""][selected]`).Length() != 1 &&
		d.Find(`input[name=cite_url_0]`).AttrOr("value", "") != "https://example.org/picker" {
		t.Error("the first source row was lost")
	}
	form = formValues(d.Find("#event-form"))
	form.Set("do", "save")
	id := createEvent(t, s, form)
	var cites bool
	if err := app.Store.Pool().QueryRow(context.Background(), `
SELECT EXISTS (SELECT 1 FROM event_sources WHERE event_id = $1 AND source_id = $2)
   OR EXISTS (SELECT 1 FROM event_drafts WHERE event_id = $1 AND record::text LIKE '%' || $3 || '%')`, id, want,
		"Statement on the jade mine").Scan(&cites); err != nil || !cites {
		t.Errorf("the saved event does not cite the source attached (%v)", err)
	}
	// A made-up source is refused by name, the form kept.
	form.Del("do")
	form.Set("attach_source", "999999999")
	res, body = s.Post(t, "/staff/events", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "not in the library") {
		t.Errorf("attach a made-up source: %d\n%s", res.StatusCode, errorsOf(body))
	}
}

// BenchmarkSourceSuggest50k times the picker's type-ahead answer, through
// HTTP with a signed-in session, over a library of 50,000 sources: one
// source by words of its title, and a common search (ten shown). Run it
// with go test ./internal/web -run '^$' -bench SourceSuggest50k -benchtime 50x
func BenchmarkSourceSuggest50k(b *testing.B) {
	app := webtest.Start(b, webtest.Options{})
	want := strconv.FormatInt(pickerSources(b, app), 10)
	s := app.SignIn(b, app.User(b, auth.RoleContributor))
	for _, tc := range []struct{ name, q, want string }{
		{"one-among-50000", "jade mine", want},
		{"common", "report number", "attach_source"},
		{"by-publisher", "special rapporteur", want},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				res, body := s.Get(b, "/staff/sources/suggest?source_q="+url.QueryEscape(tc.q))
				if res.StatusCode != http.StatusOK || !strings.Contains(body, tc.want) {
					b.Fatalf("%d %s", res.StatusCode, body)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/answer")
		})
	}
}
