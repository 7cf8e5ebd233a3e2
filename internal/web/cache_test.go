package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"annals/internal/native"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

const embPublicCache = "public, max-age=60, stale-while-revalidate=600"

// embCacheablePaths are the public and embed pages of the demo.
func embCacheablePaths(app *webtest.App) []string {
	return []string{
		"/",
		"/t/myanmar-2021",
		"/t/myanmar-2021?category=un",
		"/t/myanmar-2021/e/coup",
		"/t/myanmar-2021/print",
		"/t/myanmar-2021/chart/killed.svg",
		"/t/myanmar-2021/embed",
		"/embed/t/myanmar-2021",
		"/embed/t/myanmar-2021?order=newest",
		"/embed/t/myanmar-2021/e/coup",
		"/oembed?" + url.Values{"url": {app.URL + "/t/myanmar-2021"}, "format": {"json"}}.Encode(),
	}
}

func TestETagRoundTripGives304(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	seen := map[string]string{}
	for _, path := range embCacheablePaths(app) {
		res, body := app.Get(t, path)
		etag := res.Header.Get("ETag")
		if res.StatusCode != http.StatusOK || len(etag) < 10 || !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) {
			t.Errorf("%s: status %d, ETag %q; want 200 with a strong ETag", path, res.StatusCode, etag)
			continue
		}
		if cc := res.Header.Get("Cache-Control"); cc != embPublicCache {
			t.Errorf("%s: Cache-Control %q, want %q", path, cc, embPublicCache)
		}
		if other, ok := seen[etag]; ok {
			t.Errorf("%s and %s share the ETag %s", path, other, etag)
		}
		seen[etag] = path

		res, body2 := app.Get(t, path, "If-None-Match", etag)
		if res.StatusCode != http.StatusNotModified || body2 != "" || res.Header.Get("ETag") != etag {
			t.Errorf("%s with If-None-Match: status %d, %d bytes, ETag %q; want 304, empty, same ETag",
				path, res.StatusCode, len(body2), res.Header.Get("ETag"))
		}
		if res.Header.Get("Cache-Control") != embPublicCache {
			t.Errorf("%s: the 304 has Cache-Control %q", path, res.Header.Get("Cache-Control"))
		}
		res, _ = app.Get(t, path, "If-None-Match", `"something-else", W/`+etag)
		if res.StatusCode != http.StatusNotModified {
			t.Errorf("%s: a list holding the ETag (weakly) gave %d, want 304", path, res.StatusCode)
		}
		res, body3 := app.Get(t, path, "If-None-Match", `"something-else"`)
		if res.StatusCode != http.StatusOK || body3 != body {
			t.Errorf("%s: another ETag gave %d, or a different body", path, res.StatusCode)
		}
	}
	// Errors are not cached publicly.
	for _, path := range []string{"/t/no-such-timeline", "/embed/t/myanmar-2021/e/no-such-event", "/t/myanmar-2021/chart/eaten.svg"} {
		res, _ := app.Get(t, path)
		if res.StatusCode != http.StatusNotFound || res.Header.Get("ETag") != "" || res.Header.Get("Cache-Control") == embPublicCache {
			t.Errorf("%s: status %d, ETag %q, Cache-Control %q", path, res.StatusCode, res.Header.Get("ETag"), res.Header.Get("Cache-Control"))
		}
	}
}

// embSecondTimeline is a small unrelated timeline.
const embSecondTimeline = `{
  "format": "annals/v1",
  "timeline": {"slug": "second-timeline", "title": "An unrelated timeline", "language": "en"},
  "categories": [{"slug": "other-matters", "name": "Other matters"}],
  "actors": [],
  "events": [{
    "slug": "unrelated-event", "status": "published", "visibility": "public",
    "title": "Something unrelated happened", "start": {"date": "2022-05-01", "precision": "day"},
    "category": "other-matters",
    "sources": [{"url": "https://example.org/unrelated-report", "title": "An unrelated report", "kind": "ngo_report"}]
  }]
}`

// TestETagChangesExactlyForThePagesThatShowAnEvent publishes and edits an
// event of the demo and watches the ETags of the demo's pages and of an
// unrelated timeline's.
func TestETagChangesExactlyForThePagesThatShowAnEvent(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	doc, err := native.Decode(strings.NewReader(embSecondTimeline))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Store.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	// Every page of the coup's timeline shows it, or its source numbers,
	// or (an event page) its title in the links to the neighbours: they
	// share the timeline's public version.
	showsCoup := []string{"/t/myanmar-2021", "/t/myanmar-2021/print", "/embed/t/myanmar-2021", "/t/myanmar-2021/e/coup",
		"/embed/t/myanmar-2021/e/coup", "/", "/t/myanmar-2021?category=political",
		"/t/myanmar-2021/e/eu-sanctions-apr", "/embed/t/myanmar-2021/e/aapp-count-dec"}
	unrelated := []string{"/t/second-timeline", "/embed/t/second-timeline", "/t/second-timeline/e/unrelated-event"}
	etags := func() map[string]string {
		out := map[string]string{}
		for _, p := range append(append([]string{}, showsCoup...), unrelated...) {
			res, _ := app.Get(t, p)
			out[p] = res.Header.Get("ETag")
		}
		return out
	}
	before := etags()
	for p, e := range before {
		if e == "" {
			t.Fatalf("%s has no ETag", p)
		}
	}
	if again := etags(); again["/t/myanmar-2021"] != before["/t/myanmar-2021"] {
		t.Fatal("the ETag changes with nothing changed")
	}

	// Unpublish the coup, then publish it again, as an editor would (the
	// version and update time move on each change).
	embExec(t, app, `UPDATE events SET status = 'draft', version = version + 1, updated_at = now() WHERE slug = 'coup'`)
	hidden := etags()
	embExec(t, app, `UPDATE events SET status = 'published', version = version + 1, updated_at = now() WHERE slug = 'coup'`)
	published := etags()
	var next string
	if err := app.Store.Pool().QueryRow(ctx, `
SELECT e.slug FROM events e WHERE e.status = 'published'
  AND (e.start_date, e.id) > (SELECT start_date, id FROM events WHERE slug = 'coup')
ORDER BY e.start_date, e.id LIMIT 1`).Scan(&next); err != nil {
		t.Fatal(err)
	}
	res, body := app.Get(t, "/t/myanmar-2021/e/"+next)
	nextETag := res.Header.Get("ETag")
	embExec(t, app, `UPDATE events SET title = 'The military seizes power', version = version + 1, updated_at = now() WHERE slug = 'coup'`)
	edited := etags()

	for _, p := range showsCoup {
		if p == "/t/myanmar-2021/e/coup" || p == "/embed/t/myanmar-2021/e/coup" {
			// Not found while a draft: no ETag then.
			if hidden[p] != "" {
				t.Errorf("%s: an ETag while the event is a draft", p)
			}
		} else if hidden[p] == before[p] {
			t.Errorf("%s: unpublishing the coup left the ETag as it was", p)
		}
		if published[p] == hidden[p] || published[p] == before[p] {
			t.Errorf("%s: publishing the coup did not give a new ETag", p)
		}
		if p != "/" && edited[p] == published[p] {
			t.Errorf("%s: editing the coup left the ETag as it was", p)
		}
	}
	// Another timeline's pages keep theirs.
	for _, p := range unrelated {
		if published[p] != before[p] || edited[p] != before[p] {
			t.Errorf("%s: the ETag changed with an event it does not show", p)
		}
	}
	// A client holding the old ETag gets the new page, not a 304.
	res, body = app.Get(t, "/t/myanmar-2021", "If-None-Match", before["/t/myanmar-2021"])
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "The military seizes power") {
		t.Errorf("a stale ETag gave %d", res.StatusCode)
	}
	// The event after the coup links back to it by its new title, even
	// to a reader who kept that page from before the edit.
	res, body = app.Get(t, "/t/myanmar-2021/e/"+next, "If-None-Match", nextETag)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "The military seizes power") {
		t.Errorf("/t/myanmar-2021/e/%s after the coup's new title: %d, new title shown %t", next, res.StatusCode,
			strings.Contains(body, "The military seizes power"))
	}
}

// BenchmarkTimelinePage compares a full render of the demo timeline with
// the 304 a browser or CDN gets when it holds the current ETag.
func BenchmarkTimelinePage(b *testing.B) {
	app := webtest.Start(b, webtest.Options{})
	res, _ := app.Get(b, "/t/myanmar-2021")
	etag := res.Header.Get("ETag")
	b.Run("render", func(b *testing.B) {
		for b.Loop() {
			if res, _ := app.Get(b, "/t/myanmar-2021"); res.StatusCode != http.StatusOK {
				b.Fatal(res.Status)
			}
		}
	})
	b.Run("304", func(b *testing.B) {
		for b.Loop() {
			if res, _ := app.Get(b, "/t/myanmar-2021", "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
				b.Fatal(res.Status)
			}
		}
	})
}
