package web

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"weak"
)

// Replays is how many 304s the server keeps to give again, for tests that
// must tell a replayed answer from the chain's (replay_test.go).
func (s *Server) Replays() int {
	s.replays.mu.RLock()
	defer s.replays.mu.RUnlock()
	return len(s.replays.m)
}

// TestReplayKeyNamesEverythingTheAnswerDependsOn: the same request gives
// the same key, and a change to any input a page, its language, origin,
// coding or 304 depends on gives another.
func TestReplayKeyNamesEverythingTheAnswerDependsOn(t *testing.T) {
	base := func() *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/t/myanmar-2021?category=sanctions", nil)
		r.Header.Set("Cookie", "lang=my")
		r.Header.Set("Accept-Language", "en")
		r.Header.Set("Accept-Encoding", "gzip")
		return r
	}
	const tag = `"abc"`
	want := replayKey(base(), tag)
	if got := replayKey(base(), tag); got != want {
		t.Fatalf("the same request gave two keys")
	}
	for name, change := range map[string]func(*http.Request){
		"method":          func(r *http.Request) { r.Method = http.MethodHead },
		"host":            func(r *http.Request) { r.Host = "other.example" },
		"tls":             func(r *http.Request) { r.TLS = &tls.ConnectionState{} },
		"query":           func(r *http.Request) { r.RequestURI = "/t/myanmar-2021?category=arrests" },
		"cookie":          func(r *http.Request) { r.Header.Set("Cookie", "lang=ar") },
		"accept-language": func(r *http.Request) { r.Header.Set("Accept-Language", "my") },
		"accept-encoding": func(r *http.Request) { r.Header.Set("Accept-Encoding", "br") },
	} {
		r := base()
		change(r)
		if replayKey(r, tag) == want {
			t.Errorf("a request with another %s has the same key", name)
		}
	}
	if replayKey(base(), `"abd"`) == want {
		t.Error("another If-None-Match has the same key")
	}
}

// TestReplaysAreBounded: past maxReplays the remembered answers are
// dropped and remembering starts again.
func TestReplaysAreBounded(t *testing.T) {
	var r replays
	for i := range maxReplays {
		r.put(string(rune(i))+"key", &replay{})
	}
	if len(r.m) != maxReplays {
		t.Fatalf("%d kept, want %d", len(r.m), maxReplays)
	}
	r.put("one more", &replay{})
	if len(r.m) != 1 || r.get("one more") == nil {
		t.Errorf("after the bound: %d kept; want only the newest", len(r.m))
	}
}

// TestReplaysDoNotKeepPagesAlive: a replay holds its page weakly, so a page
// the cache has let go of is freed, however many replays name it, and a
// replay whose page is gone is not given.
func TestReplaysDoNotKeepPagesAlive(t *testing.T) {
	var r replays
	func() {
		p := &keptPage{key: "page", body: make([]byte, 1<<20)}
		p.version.Store(1)
		r.put("request", &replay{page: weak.Make(p), status: http.StatusOK, header: http.Header{}})
	}()
	runtime.GC()
	runtime.GC()
	if r.get("request").page.Value() != nil {
		t.Fatal("a replay kept its page alive after the cache let it go")
	}
}
