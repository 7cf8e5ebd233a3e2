package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"annals/internal/web"
	"annals/internal/webtest"
)

// BenchmarkHotTimelinePage serves the demo timeline page over and over,
// from the page cache (kept) and rendered each time (rendered: the cache
// off), as a full 200 and as a 304 to a reader who has it. Run it with
// go test ./internal/web -run '^$' -bench HotTimelinePage
func BenchmarkHotTimelinePage(b *testing.B) {
	for _, mode := range []struct {
		name  string
		bytes int64
	}{{"kept", 0}, {"rendered", -1}} {
		app := webtest.Start(b, webtest.Options{Config: web.Config{CacheBytes: mode.bytes}})
		h := app.Server.Handler()
		get := func(etag string) *httptest.ResponseRecorder {
			req := httptest.NewRequest(http.MethodGet, "/t/myanmar-2021", nil)
			req.Header.Set("Accept-Language", "en")
			if etag != "" {
				req.Header.Set("If-None-Match", etag)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec
		}
		first := get("")
		if first.Code != http.StatusOK {
			b.Fatalf("status %d", first.Code)
		}
		etag := first.Header().Get("ETag")
		b.Run(mode.name+"/200", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(first.Body.Len()))
			for b.Loop() {
				if rec := get(""); rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
		b.Run(mode.name+"/304", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if rec := get(etag); rec.Code != http.StatusNotModified {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}
