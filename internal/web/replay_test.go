package web_test

import (
	"net/http"
	"strings"
	"testing"

	"annals/internal/auth"
	"annals/internal/web"
	"annals/internal/webtest"
)

// TestReplayed304s: the same conditional request gets the very 304 the
// middleware chain gave (every header but Date and the request id), never
// across languages or codings, and never once a publish changed the page.
func TestReplayed304s(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{Config: web.Config{AllowSelfPublish: true}})
	const page = "/t/myanmar-2021"
	first, _ := app.Get(t, page, "Accept-Language", "en")
	etag := first.Header.Get("ETag")
	if first.StatusCode != http.StatusOK || etag == "" {
		t.Fatalf("first answer %d, ETag %q", first.StatusCode, etag)
	}
	chain, _ := app.Get(t, page, "Accept-Language", "en", "If-None-Match", etag)
	if chain.StatusCode != http.StatusNotModified || app.Server.Replays() != 1 {
		t.Fatalf("the chain's answer: %d, %d replays kept; want 304 and one kept", chain.StatusCode, app.Server.Replays())
	}
	// A 304 carries what updates the stored response (RFC 9110 15.4.5), not
	// the policies and type the held page already has.
	for _, h := range []string{"ETag", "Cache-Control", "Vary", "X-Request-Id"} {
		if chain.Header.Get(h) == "" {
			t.Errorf("the 304 has no %s", h)
		}
	}
	for _, h := range []string{"Content-Security-Policy", "Content-Type", "X-Frame-Options"} {
		if chain.Header.Get(h) != "" || first.Header.Get(h) == "" {
			t.Errorf("%s: %q on the 304, %q on the 200; want it on the 200 only", h, chain.Header.Get(h), first.Header.Get(h))
		}
	}
	again, body := app.Get(t, page, "Accept-Language", "en", "If-None-Match", etag)
	if again.StatusCode != http.StatusNotModified || body != "" {
		t.Fatalf("the replayed answer: %d with %d bytes", again.StatusCode, len(body))
	}
	for k, v := range chain.Header {
		if k == "Date" || k == "X-Request-Id" {
			continue
		}
		if got := again.Header.Values(k); strings.Join(got, "\n") != strings.Join(v, "\n") {
			t.Errorf("replayed %s: %q, the chain gave %q", k, got, v)
		}
	}
	if len(again.Header) != len(chain.Header) {
		t.Errorf("replayed headers %v, the chain gave %v", again.Header, chain.Header)
	}
	if id := again.Header.Get("X-Request-Id"); id == "" || id == chain.Header.Get("X-Request-Id") {
		t.Errorf("replayed request id %q (the chain's %q): want a new one", id, chain.Header.Get("X-Request-Id"))
	}

	// Other languages and codings are other requests.
	if res, _ := app.Get(t, page, "Accept-Language", "my", "If-None-Match", etag); res.StatusCode != http.StatusOK {
		t.Errorf("the English ETag answered %d for the Burmese page", res.StatusCode)
	}
	gz, _ := app.Get(t, page, "Accept-Language", "en", "Accept-Encoding", "gzip")
	for range 2 {
		if res, _ := app.Get(t, page, "Accept-Language", "en", "Accept-Encoding", "gzip", "If-None-Match", gz.Header.Get("ETag")); res.StatusCode != http.StatusNotModified || res.Header.Get("ETag") != gz.Header.Get("ETag") {
			t.Errorf("gzip revalidation: %d, ETag %q, want 304 with %q", res.StatusCode, res.Header.Get("ETag"), gz.Header.Get("ETag"))
		}
	}

	// A publish changes the page: the held ETag gets the new page.
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	const title = "Students detained after a march (replay canary)"
	id := createEvent(t, editor, eventForm(title, "https://example.org/replay-canary"))
	act(t, app, editor, id, "submit", nil)
	act(t, app, editor, id, "publish", nil)
	res, body := app.Get(t, page, "Accept-Language", "en", "If-None-Match", etag)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, title) || res.Header.Get("ETag") == etag {
		t.Fatalf("after the publish the held ETag got %d (event shown: %v)", res.StatusCode, strings.Contains(body, title))
	}
}

// TestReplayedPages: the same request for a kept page gets the very answer
// the chain gave from it, bytes and headers (but Date and the request id),
// in each coding, never across languages, and never once a publish changed
// the page.
func TestReplayedPages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{Config: web.Config{AllowSelfPublish: true}})
	const page = "/t/myanmar-2021/e/coup"
	var plain string
	for _, coding := range []string{"identity", "gzip", "br"} {
		hdr := []string{"Accept-Language", "en", "Accept-Encoding", coding}
		// Rendered and kept (the first time), then the kept page through
		// the chain, which is remembered.
		before := app.Server.Replays()
		var chain *http.Response
		var chainBody string
		for i := 0; i < 2 && app.Server.Replays() == before; i++ {
			chain, chainBody = app.Get(t, page, hdr...)
		}
		if chain.StatusCode != http.StatusOK || app.Server.Replays() != before+1 {
			t.Fatalf("%s: the kept page answered %d, %d replays kept (had %d); want 200 and one more", coding, chain.StatusCode, app.Server.Replays(), before)
		}
		for range 2 {
			again, body := app.Get(t, page, hdr...)
			if again.StatusCode != http.StatusOK || body != chainBody {
				t.Fatalf("%s: replayed %d with %d bytes; the chain gave 200 with %d", coding, again.StatusCode, len(body), len(chainBody))
			}
			for k, v := range chain.Header {
				if k == "Date" || k == "X-Request-Id" {
					continue
				}
				if got := again.Header.Values(k); strings.Join(got, "\n") != strings.Join(v, "\n") {
					t.Errorf("%s: replayed %s: %q, the chain gave %q", coding, k, got, v)
				}
			}
			if len(again.Header) != len(chain.Header) {
				t.Errorf("%s: replayed headers %v, the chain gave %v", coding, again.Header, chain.Header)
			}
			if id := again.Header.Get("X-Request-Id"); id == "" || id == chain.Header.Get("X-Request-Id") {
				t.Errorf("%s: replayed request id %q (the chain's %q): want a new one", coding, id, chain.Header.Get("X-Request-Id"))
			}
		}
		if got := again(t, app, page, hdr); coding == "identity" {
			plain = got
		} else if decoded := decode(t, chain.Header.Get("Content-Encoding"), got); decoded != plain || chain.Header.Get("Content-Encoding") != coding {
			t.Errorf("%s: the replayed body (Content-Encoding %q) does not decode to the page", coding, chain.Header.Get("Content-Encoding"))
		}
	}
	if !strings.Contains(plain, "Military seizes power") {
		t.Fatalf("the replayed page is not the event's")
	}

	// Another language is another request.
	for range 3 {
		if _, body := app.Get(t, page, "Accept-Language", "my", "Accept-Encoding", "identity"); !strings.Contains(body, `lang="my"`) {
			t.Fatal("the Burmese reader got another language's page")
		}
	}

	// A publish changes the timeline page: its replay is not given again.
	const timelinePage = "/t/myanmar-2021"
	for range 3 {
		app.Get(t, timelinePage, "Accept-Language", "en", "Accept-Encoding", "identity")
	}
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	const title = "Teachers dismissed for joining the strike (replay canary)"
	id := createEvent(t, editor, eventForm(title, "https://example.org/replay-page-canary"))
	act(t, app, editor, id, "submit", nil)
	act(t, app, editor, id, "publish", nil)
	if _, body := app.Get(t, timelinePage, "Accept-Language", "en", "Accept-Encoding", "identity"); !strings.Contains(body, title) {
		t.Fatal("after the publish the timeline page was the one kept before")
	}
}

// again is the body of one more GET of path.
func again(t *testing.T, app *webtest.App, path string, header []string) string {
	t.Helper()
	_, body := app.Get(t, path, header...)
	return body
}
