package web

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
	"weak"

	"github.com/labstack/echo/v4"
)

// Replayed answers. A browser, feed reader or CDN that holds a page asks
// for it again and again with the same If-None-Match, and a report that
// goes viral sends many readers the same request for the same page; when a
// kept page (pagecache.go) is still current, the whole middleware chain
// runs only to give the same 304, or the same kept bytes, with the same
// headers as last time. serveHTTP remembers the exact answer the chain gave
// to an exact request from a kept page and gives it again to the same
// request while that page is still current at the data version this
// instance knows. Nothing is decided here: which pages are public, their
// ETags, languages, codings and headers stay the chain's; a replay holds
// the kept page, not a copy of it, and an entry whose page is no longer
// current is never used (the request goes through the chain, which
// answers afresh).

// maxReplays bounds the remembered answers; when full, they are all dropped
// and remembered again as requests come.
const maxReplays = 4096

type replays struct {
	mu sync.RWMutex
	m  map[string]*replay
}

// replay is one answer as the chain sent it. It holds its page weakly: a
// page the cache has let go of is freed, not kept alive by the replays of
// it (the cache's budget bounds the pages, not the replays' count).
type replay struct {
	page   weak.Pointer[keptPage] // the kept page it came from
	status int                    // 304, or 200 with the page's bytes in the coding of header
	header http.Header            // every header the chain set (not Date)
}

func (r *replays) get(key string) *replay {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.m[key]
}

func (r *replays) put(key string, p *replay) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil || len(r.m) >= maxReplays {
		r.m = make(map[string]*replay)
	}
	r.m[key] = p
}

// replayKey holds everything of a request that a page, its language, its
// origin, its coding or its 304 can depend on, taken as sent: the same key
// is the same request.
func replayKey(r *http.Request, ifNoneMatch string) string {
	tls := ""
	if r.TLS != nil {
		tls = "tls"
	}
	return strings.Join([]string{r.Method, tls, r.Host, r.RequestURI, r.Header.Get("Cookie"),
		r.Header.Get("Accept-Language"), r.Header.Get("Accept-Encoding"), ifNoneMatch}, "\x00")
}

// replayNote is how conditionalGet tells serveHTTP that the answer it gave
// came from a kept page current at the known data version.
type replayNote struct {
	page   *keptPage
	status int // what it answered: 304, or 200 with the kept page
}

type replayNoteKey struct{}

// noteReplayable marks the current answer, from p, as one to replay.
func noteReplayable(c echo.Context, p *keptPage) {
	if n, ok := c.Request().Context().Value(replayNoteKey{}).(*replayNote); ok {
		n.page, n.status = p, c.Response().Status
	}
}

// serveHTTP is the server's http.Handler: a replayed answer where one is
// current, else the Echo chain (chain).
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if s.cache == nil || r.Method != http.MethodGet {
		s.chain(w, r)
		return
	}
	key := replayKey(r, r.Header.Get("If-None-Match"))
	if p := s.replays.get(key); p != nil {
		if page, known := p.page.Value(), s.versions.known(); page != nil && known != 0 && page.version.Load() == known {
			start := time.Now()
			h := w.Header()
			for k, v := range p.header {
				h[k] = v // shared, never changed: the answer is written at once
			}
			id := r.Header.Get(echo.HeaderXRequestID) // a proxy's id is kept, as Echo's RequestID does
			if id == "" {
				id = newRequestID()
			}
			h[echo.HeaderXRequestID] = []string{id}
			w.WriteHeader(p.status)
			var n int
			if p.status == http.StatusOK {
				n, _ = page.writeBody(w, p.header.Get(echo.HeaderContentEncoding)) // a reader gone away is no error of ours
			}
			s.logRequest(r.Context(), r.Method, r.URL.Path, p.status, time.Since(start), int64(n), id)
			return
		}
	}
	note := &replayNote{}
	s.chain(w, r.WithContext(context.WithValue(r.Context(), replayNoteKey{}, note)))
	h := w.Header()
	if note.page == nil || h.Get("ETag") == "" || h["Set-Cookie"] != nil ||
		(note.status != http.StatusOK && note.status != http.StatusNotModified) {
		return
	}
	kept := h.Clone()
	delete(kept, "Date")
	delete(kept, echo.HeaderXRequestID)
	s.replays.put(key, &replay{page: weak.Make(note.page), status: note.status, header: kept})
}

// newRequestID names one request in the log and the X-Request-Id header.
// The id only has to be unique, not secret: 192 bits from the runtime's
// ChaCha8 generator (math/rand/v2), with no system call per request.
func newRequestID() string {
	var b [24]byte
	binary.LittleEndian.PutUint64(b[0:], rand.Uint64())
	binary.LittleEndian.PutUint64(b[8:], rand.Uint64())
	binary.LittleEndian.PutUint64(b[16:], rand.Uint64())
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// logRequest writes the one line every request gets (requestLog). It logs
// the path but not the query string: filters and searches can name
// people, and readers' interests are nobody's business.
func (s *Server) logRequest(ctx context.Context, method, path string, status int, d time.Duration, bytes int64, id string) {
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	h := s.log.Handler()
	if !h.Enabled(ctx, level) {
		return
	}
	// The record is made here, not by Logger.LogAttrs, which would look up
	// its caller for every request (the source is never logged).
	r := slog.NewRecord(time.Now(), level, "request", 0)
	r.AddAttrs(slog.String("method", method), slog.String("path", path), slog.Int("status", status),
		slog.Duration("duration", d), slog.Int64("bytes", bytes), slog.String("request_id", id))
	_ = h.Handle(ctx, r) // nowhere better to report a failing log
}
