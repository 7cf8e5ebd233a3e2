package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"annals/internal/auth"
	"annals/internal/capture"
	"annals/internal/webtest"
)

// Staff see every capture with its hashes, the WARC to download and a
// comparison showing the page was edited; the queue and the sources at
// risk list theirs; the public page shows the date and hash, and the text
// only when the organisation allows.
func TestCapturePages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	var id int64
	var u string
	if err := app.Store.Pool().QueryRow(ctx, `
SELECT s.id, s.url FROM sources s WHERE s.url <> '' AND NOT s.confidential
  AND EXISTS (SELECT 1 FROM event_sources es JOIN events e ON e.id = es.event_id WHERE es.source_id = s.id
              AND e.status = 'published' AND e.visibility = 'public') ORDER BY s.id LIMIT 1`).Scan(&id, &u); err != nil {
		t.Fatal(err)
	}
	save := func(text string, at time.Time) capture.Capture {
		c := capture.Capture{SourceID: id, RequestedURL: u, FinalURL: u, HTTPStatus: 200, CapturedAt: at, Software: "test",
			Artefacts: []capture.Artefact{capture.NewArtefact("warc", "application/warc", []byte("WARC/1.1 "+text)),
				capture.NewArtefact("text", "text/plain; charset=utf-8", []byte(text))}}
		if _, err := app.Store.SaveCapture(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	first := save("The army denied it.\nFour houses burned.\n", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))
	second := save("The army denied it.\nForty houses burned.\n", time.Date(2024, 2, 2, 3, 4, 5, 0, time.UTC))
	warcHash := fmt.Sprintf("%x", second.Artefacts[0].SHA256)

	res, body := editor.Get(t, fmt.Sprintf("/staff/sources/%d/captures", id))
	if res.StatusCode != http.StatusOK || strings.Count(body, `data-testid="capture"`) != 2 || !strings.Contains(body, warcHash) ||
		!strings.Contains(body, "Download the WARC") {
		t.Fatalf("captures page: %d\n%s", res.StatusCode, body)
	}
	// The comparison shows the edit.
	var ids []int64
	rows, _ := app.Store.Pool().Query(ctx, `SELECT id FROM captures WHERE source_id = $1 ORDER BY id`, id)
	for rows.Next() {
		var n int64
		rows.Scan(&n)
		ids = append(ids, n)
	}
	rows.Close()
	res, body = editor.Get(t, fmt.Sprintf("/staff/sources/%d/captures/compare?a=%d&b=%d", id, ids[0], ids[1]))
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `data-testid="changed"`) ||
		!strings.Contains(body, "<del>Four houses burned.") || !strings.Contains(body, "<ins>Forty houses burned.") {
		t.Fatalf("compare: %d\n%s", res.StatusCode, body)
	}
	res, body = editor.Get(t, fmt.Sprintf("/staff/sources/%d/captures/%d/warc", id, ids[1]))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") ||
		body != "WARC/1.1 "+string(second.Artefacts[1].Content) {
		t.Fatalf("WARC download: %d %q", res.StatusCode, body)
	}
	// Capture again: queued, listed on the queue page.
	if res, _ := editor.Post(t, fmt.Sprintf("/staff/sources/%d/captures", id), url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("capture again: %d", res.StatusCode)
	}
	if res, body := editor.Get(t, "/staff/captures"); res.StatusCode != http.StatusOK || !strings.Contains(body, u) ||
		!strings.Contains(body, `<td data-label="State">Queued</td>`) {
		t.Fatalf("queue: %d\n%s", res.StatusCode, body)
	}
	if _, err := app.Store.Pool().Exec(ctx, `INSERT INTO source_checks (source_id, checked_at, http_status, risk, detail)
VALUES ($1, now(), 404, 'gone', 'the original answers 404 Not Found')`, id); err != nil {
		t.Fatal(err)
	}
	if res, body := editor.Get(t, "/staff/captures/at-risk"); res.StatusCode != http.StatusOK ||
		!strings.Contains(body, "the original answers 404 Not Found") {
		t.Fatalf("at risk: %d\n%s", res.StatusCode, body)
	}

	// Public: the date and hash; the text only when allowed.
	textPath := fmt.Sprintf("/sources/%d/captures/%d/text", id, ids[1])
	res, body = app.Get(t, fmt.Sprintf("/sources/%d", id))
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Archived copy captured on 2024-02-02 03:04:05 UTC, SHA-256 "+warcHash) ||
		strings.Contains(body, textPath) {
		t.Fatalf("public source page: %d\n%s", res.StatusCode, body)
	}
	if res, _ := app.Get(t, textPath); res.StatusCode != http.StatusNotFound {
		t.Fatalf("text without the setting: %d", res.StatusCode)
	}
	if err := app.Store.SetSetting(ctx, auth.User{}, "public_captures", "true"); err != nil {
		t.Fatal(err)
	}
	if _, body := app.Get(t, fmt.Sprintf("/sources/%d", id)); !strings.Contains(body, textPath) {
		t.Fatalf("public source page with the setting:\n%s", body)
	}
	if res, body := app.Get(t, textPath); res.StatusCode != http.StatusOK || body != string(second.Artefacts[1].Content) {
		t.Fatalf("public text: %d %q", res.StatusCode, body)
	}
	if res, _ := app.Get(t, fmt.Sprintf("/sources/%d/captures/%d/warc", id, ids[1])); res.StatusCode != http.StatusNotFound {
		t.Fatalf("public WARC: %d", res.StatusCode)
	}
	_ = first
}

// Each capture list answers its search and filter, keeps them in the form
// and refuses a bad parameter with 422 naming it.
func TestCaptureListsFilter(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	type source struct {
		id         int64
		title, url string
	}
	var srcs []source
	rows, err := app.Store.Pool().Query(ctx, `SELECT id, title, url FROM sources WHERE url <> '' ORDER BY id LIMIT 2`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s source
		if err := rows.Scan(&s.id, &s.title, &s.url); err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, s)
	}
	if rows.Close(); len(srcs) != 2 {
		t.Fatalf("sources: %+v", srcs)
	}
	for _, s := range srcs {
		if res, _ := editor.Post(t, fmt.Sprintf("/staff/sources/%d/captures", s.id), url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("capture again: %d", res.StatusCode)
		}
	}
	code := func(u string) string { return "<code>" + u + "</code>" }
	// The second source's jobs failed for good.
	if _, err := app.Store.Pool().Exec(ctx, `UPDATE river_job SET state = 'discarded', finalized_at = now(),
  errors = ARRAY['{"error": "dial tcp: no such host"}'::jsonb] WHERE kind = 'capture' AND (args->>'source_id')::bigint = $1`, srcs[1].id); err != nil {
		t.Fatal(err)
	}
	res, body := editor.Get(t, "/staff/captures?state=discarded&q="+url.QueryEscape("no such host"))
	if res.StatusCode != http.StatusOK || !strings.Contains(body, code(srcs[1].url)) || strings.Contains(body, code(srcs[0].url)) ||
		!strings.Contains(body, `<option value="discarded" selected>`) || !strings.Contains(body, `value="no such host"`) {
		t.Fatalf("queue filtered: %d\n%s", res.StatusCode, body)
	}
	if res, body := editor.Get(t, "/staff/captures?state=available"); res.StatusCode != http.StatusOK || strings.Contains(body, code(srcs[1].url)) ||
		!strings.Contains(body, code(srcs[0].url)) {
		t.Fatalf("queue of available jobs: %d\n%s", res.StatusCode, body)
	}
	for _, bad := range []string{"state=lost", "after=nope", "from=2024-13", "sort=title"} {
		param := strings.SplitN(bad, "=", 2)[0]
		res, body := editor.Get(t, "/staff/captures?"+bad)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `data-testid="errors"`) ||
			!strings.Contains(strings.ToLower(body), "<li>"+param) {
			t.Errorf("queue ?%s: %d\n%s", bad, res.StatusCode, body)
		}
	}

	if _, err := app.Store.Pool().Exec(ctx, `INSERT INTO source_checks (source_id, checked_at, http_status, risk, detail)
VALUES ($1, now(), 404, 'gone', 'the original answers 404 Not Found'), ($2, now(), 200, 'changed', 'the page was edited')`,
		srcs[0].id, srcs[1].id); err != nil {
		t.Fatal(err)
	}
	res, body = editor.Get(t, "/staff/captures/at-risk?risk=changed")
	if res.StatusCode != http.StatusOK || strings.Count(body, `data-testid="risk"`) != 1 || !strings.Contains(body, "the page was edited") ||
		strings.Contains(body, "404 Not Found") || !strings.Contains(body, `<option value="changed" selected>`) {
		t.Fatalf("at risk filtered: %d\n%s", res.StatusCode, body)
	}
	if res, body := editor.Get(t, "/staff/captures/at-risk?q="+url.QueryEscape(srcs[0].url)); res.StatusCode != http.StatusOK ||
		strings.Count(body, `data-testid="risk"`) != 1 || !strings.Contains(body, "404 Not Found") {
		t.Fatalf("at risk searched: %d\n%s", res.StatusCode, body)
	}
	for _, bad := range []string{"risk=lost", "after=nope", "to=soon"} {
		param := strings.SplitN(bad, "=", 2)[0]
		res, body := editor.Get(t, "/staff/captures/at-risk?"+bad)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(strings.ToLower(body), "<li>"+param) {
			t.Errorf("at risk ?%s: %d\n%s", bad, res.StatusCode, body)
		}
	}
}
