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
