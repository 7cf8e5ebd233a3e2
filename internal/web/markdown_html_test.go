package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"annals/internal/auth"
	"annals/internal/markdown"
	"annals/internal/webtest"
)

// staleEventHTML names the events whose stored HTML is not a fresh render
// of their summary by the current renderer.
func staleEventHTML(t *testing.T, app *webtest.App) []string {
	t.Helper()
	rows, err := app.Store.Pool().Query(context.Background(),
		`SELECT slug, summary, coalesce(summary_html, '(none)'), html_version FROM events ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var slug, src, html string
		var version int
		if err := rows.Scan(&slug, &src, &html, &version); err != nil {
			t.Fatal(err)
		}
		if html != markdown.ToHTML(src) || version != markdown.Version {
			out = append(out, slug+": "+html)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// Events written through the API keep HTML that is a fresh render of
// their summary, from the first draft to the published edit.
func TestAPIWritesStoreFreshHTML(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	if stale := staleEventHTML(t, app); len(stale) > 0 {
		t.Fatalf("after loading the demo: %q", stale)
	}
	ctok := newToken(t, app.SignIn(t, app.User(t, auth.RoleContributor)), "contributor")
	rtok := newToken(t, app.SignIn(t, app.User(t, auth.RoleReviewer)), "reviewer")
	path, version, _ := createViaAPI(t, app, ctok, apiEventBody("HTML event", "https://example.org/html-event"))
	if stale := staleEventHTML(t, app); len(stale) > 0 {
		t.Fatalf("after an API create: %q", stale)
	}
	const summary = "Changed through the API, with _emphasis_ and [a link](https://example.org/)."
	a := apiCall(t, app, http.MethodPatch, path, ctok, map[string]any{"version": version, "summary": summary, "submit": true})
	if a.Status != http.StatusOK {
		t.Fatalf("patch: %d %s", a.Status, a.Body)
	}
	if stale := staleEventHTML(t, app); len(stale) > 0 {
		t.Fatalf("after an API edit: %q", stale)
	}
	if a = apiCall(t, app, http.MethodPost, path+"/publish", rtok, map[string]any{"version": a.num("version")}); a.Status != http.StatusOK {
		t.Fatalf("publish: %d %s", a.Status, a.Body)
	}
	var pub struct {
		SummaryHTML string `json:"summary_html"`
	}
	if code := getJSON(t, app, path, &pub); code != http.StatusOK || pub.SummaryHTML != markdown.ToHTML(summary) {
		t.Fatalf("public API: %d %q, want %q", code, pub.SummaryHTML, markdown.ToHTML(summary))
	}
}

// Public pages show the HTML stored when the text was saved, not a
// rendering of their own: a marker written into the stored HTML shows on
// every page that shows the summary.
func TestPublicPagesShowStoredHTML(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	const event, tl = `<p>stored-event-marker</p>`, `<p>stored-timeline-marker</p>`
	if _, err := app.Store.Pool().Exec(ctx, `UPDATE events SET summary_html = $1 WHERE slug = 'coup'`, event); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Store.Pool().Exec(ctx, `UPDATE timelines SET summary_html = $1 WHERE slug = 'myanmar-2021'`, tl); err != nil {
		t.Fatal(err)
	}
	app.Sync(t)
	for path, want := range map[string][]string{
		"/t/myanmar-2021":                 {"stored-event-marker", "stored-timeline-marker"},
		"/t/myanmar-2021/e/coup":          {"stored-event-marker"},
		"/t/myanmar-2021/print":           {"stored-event-marker", "stored-timeline-marker"},
		"/api/v1/timelines/myanmar-2021":  {"stored-timeline-marker"},
		eventsPath + "/coup":              {"stored-event-marker"},
		"/t/myanmar-2021.atom":            {"stored-event-marker"},
		"/search?q=military+seizes+power": {"stored-event-marker"},
		"/t/myanmar-2021/timelinejs.json": {"stored-event-marker", "stored-timeline-marker"},
	} {
		res, body := app.Get(t, path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, res.StatusCode)
			continue
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s does not show the stored HTML %q", path, w)
			}
		}
	}
}
