package web

import (
	"bytes"
	"container/list"
	"context"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/labstack/echo/v4"

	"annals/views"
)

// DefaultCacheBytes bounds the rendered pages kept in memory when
// Config.CacheBytes is not set.
const DefaultCacheBytes = 64 << 20

// DataVersionStore tells the page cache when what the public sees changes
// (migration 00014's data versions, announced with LISTEN/NOTIFY). A store
// without it gets no page cache: every page is rendered.
type DataVersionStore interface {
	// DataVersion reads the current version from the primary.
	DataVersion(ctx context.Context) (int64, error)
	// WatchDataVersions calls reset with the version read fresh on every
	// (re)connection, reset(0) while disconnected, and set with each
	// version announced, until ctx ends.
	WatchDataVersions(ctx context.Context, reset, set func(version int64))
}

// WatchData starts following the data version in the background, which
// turns the page cache on, until ctx ends; the channel closes when the
// watcher has stopped (and closed its connection).
func (s *Server) WatchData(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	w, ok := s.store.(DataVersionStore)
	if !ok || s.cache == nil {
		close(done)
		return done
	}
	go func() {
		defer close(done)
		w.WatchDataVersions(ctx, s.resetVersion, s.versions.advance)
		s.versions.v.Store(0)
	}()
	return done
}

// DataVersion is the data version this instance knows, 0 if it does not
// (yet) know it: the page cache is then off.
func (s *Server) DataVersion() int64 { return s.versions.known() }

// resetVersion starts afresh at v: after a reconnection the database may
// not be the one the kept pages came from (a restore, a failover), so they
// are all dropped. v = 0, unknown, turns the cache off until it is known.
func (s *Server) resetVersion(v int64) {
	s.versions.v.Store(0)
	s.cache.clear()
	s.versions.v.Store(v)
}

// dataVersions is the data version this instance knows; 0 is unknown.
type dataVersions struct{ v atomic.Int64 }

func (d *dataVersions) known() int64 { return d.v.Load() }

// advance moves the known version forward only: announcements and reads
// after a write may arrive in either order.
func (d *dataVersions) advance(v int64) {
	for {
		cur := d.v.Load()
		if cur == 0 || v <= cur || d.v.CompareAndSwap(cur, v) {
			return
		}
	}
}

// refreshAfterWrite reads the data version from the primary as soon as a
// state-changing request has done its work, before its answer leaves, so a
// person who publishes and then opens the public page on the same instance
// never gets the page kept from before, even if the announcement is late.
func (s *Server) refreshAfterWrite(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		w, ok := s.store.(DataVersionStore)
		if m := c.Request().Method; !ok || m == http.MethodGet || m == http.MethodHead || s.versions.known() == 0 {
			return next(c)
		}
		ctx := context.WithoutCancel(c.Request().Context())
		c.Response().Before(func() {
			if v, err := w.DataVersion(ctx); err == nil {
				s.versions.advance(v)
			} else {
				s.log.Warn("read data version after a write", "err", err)
			}
		})
		return next(c)
	}
}

// cacheKey names one rendered page: everything the ETag digests except the
// data (the request's path and raw query, the origin written into absolute
// links, the interface language, extra), so a page is never served across
// languages or origins.
func (s *Server) cacheKey(c echo.Context, extra string) string {
	return strings.Join([]string{pageVersion, langOf(c), s.origin(c), c.Request().URL.RequestURI(), extra}, "\x00")
}

// keptPage is a rendered page with what it was read at.
type keptPage struct {
	key     string
	version atomic.Int64 // the data version the page is known to be current at
	etag    string
	header  http.Header // what the handler set: Content-Type and the like
	// The identity body is body, style and rest in turn. style is one of
	// views.SharedStyles, the same bytes in every page, held once for all
	// pages rather than in each (23 kB of a 25 kB event page); without
	// one, it and rest are empty. body is nil when only the validator is
	// known, for 304s.
	body, style, rest []byte

	copies compressedCopies // the whole body compressed, once per coding
}

// newKeptPage keeps a rendered page, its shared style cut out.
func newKeptPage(key, etag string, page []byte) *keptPage {
	p := &keptPage{key: key, etag: etag, header: http.Header{}}
	if i := bytes.Index(page, []byte("<style>")); i >= 0 {
		for _, style := range views.SharedStyles() {
			if bytes.HasPrefix(page[i:], style) {
				p.body = append([]byte{}, page[:i]...)
				p.style = style
				p.rest = append([]byte{}, page[i+len(style):]...)
				return p
			}
		}
	}
	p.body = append([]byte{}, page...)
	return p
}

// owned is the identity body's length without the shared style.
func (p *keptPage) owned() int { return len(p.body) + len(p.rest) }

// size counts the bytes the page holds on its own, and its two compressed
// copies at half of the whole body (each coding makes a page a tenth to a
// fifth of its size); it never changes, so the cache's sum stays right.
func (p *keptPage) size() int64 {
	return int64(p.owned() + (p.owned()+len(p.style))/2 + len(p.key) + 512)
}

// whole is the identity body in one piece, for compressing it.
func (p *keptPage) whole() []byte {
	if p.style == nil {
		return p.body
	}
	return slices.Concat(p.body, p.style, p.rest)
}

// lengthIn is the length of the page's body in coding ("br", "gzip", or ""
// for none), each compressed copy made once.
func (p *keptPage) lengthIn(coding string) int {
	if coding == "" {
		return p.owned() + len(p.style)
	}
	return len(p.copies.get(coding, p.whole, keptBrotliLevel))
}

// writeBody writes the page's body in coding; what lengthIn gives.
func (p *keptPage) writeBody(w io.Writer, coding string) (int, error) {
	if coding != "" {
		return w.Write(p.copies.get(coding, p.whole, keptBrotliLevel))
	}
	n := 0
	for _, b := range [][]byte{p.body, p.style, p.rest} {
		m, err := w.Write(b)
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// serveKept answers with a kept page: 304 if the reader has it.
func (s *Server) serveKept(c echo.Context, p *keptPage) error {
	res := c.Response()
	h := res.Header()
	for k, v := range p.header {
		h[k] = slices.Clone(v)
	}
	h.Set(echo.HeaderCacheControl, publicCacheControl)
	h.Set("ETag", p.etag)
	if etagMatches(c.Request().Header.Get("If-None-Match"), p.etag) {
		return c.NoContent(http.StatusNotModified)
	}
	coding := encodedCoding(res, p.lengthIn(""))
	h.Set(echo.HeaderContentLength, strconv.Itoa(p.lengthIn(coding)))
	res.WriteHeader(http.StatusOK)
	_, err := p.writeBody(res, coding)
	return err
}

// keep runs the handler, copying what it writes, and keeps the page if it
// is a complete 200 that sets no cookie and is not too large.
func (s *Server) keep(c echo.Context, next echo.HandlerFunc, key, etag string, version int64) error {
	res := c.Response()
	before := res.Header().Clone()
	tee := &teeWriter{ResponseWriter: res.Writer, limit: s.cache.max / 8}
	res.Writer = tee
	err := next(c)
	res.Writer = tee.ResponseWriter
	if err != nil || res.Status != http.StatusOK || tee.over || res.Header().Get(echo.HeaderSetCookie) != "" {
		return err
	}
	p := newKeptPage(key, etag, tee.buf.Bytes())
	for k, v := range res.Header() {
		switch k {
		// The coding is the compression middleware's, per request, around
		// the kept identity body: keeping it would label an identity body
		// as compressed for the next reader.
		case "Etag", echo.HeaderCacheControl, echo.HeaderContentLength, echo.HeaderContentEncoding, echo.HeaderVary:
			continue
		}
		if !slices.Equal(before[k], v) {
			p.header[k] = slices.Clone(v)
		}
	}
	p.version.Store(version)
	s.cache.put(p)
	return nil
}

// teeWriter copies a response's body up to limit bytes.
type teeWriter struct {
	http.ResponseWriter
	buf   bytes.Buffer
	limit int64
	over  bool
}

func (w *teeWriter) Write(b []byte) (int, error) {
	if !w.over {
		if int64(w.buf.Len()+len(b)) > w.limit {
			w.over = true
			w.buf = bytes.Buffer{}
		} else {
			w.buf.Write(b)
		}
	}
	return w.ResponseWriter.Write(b)
}

func (w *teeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// pageCache keeps rendered pages, least recently used out first, within a
// budget of bytes. A nil *pageCache keeps nothing.
type pageCache struct {
	mu    sync.Mutex
	max   int64
	size  int64
	order *list.List // of *keptPage, most recently used first
	pages map[string]*list.Element
}

func newPageCache(max int64) *pageCache {
	if max < 0 {
		return nil
	}
	if max == 0 {
		max = DefaultCacheBytes
	}
	return &pageCache{max: max, order: list.New(), pages: map[string]*list.Element{}}
}

func (pc *pageCache) get(key string) *keptPage {
	if pc == nil {
		return nil
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	el, ok := pc.pages[key]
	if !ok {
		return nil
	}
	pc.order.MoveToFront(el)
	return el.Value.(*keptPage)
}

func (pc *pageCache) put(p *keptPage) {
	if pc == nil || p.size() > pc.max {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if el, ok := pc.pages[p.key]; ok {
		old := el.Value.(*keptPage)
		if old.version.Load() > p.version.Load() || (old.version.Load() == p.version.Load() && old.body != nil && p.body == nil) {
			return // a slower render read older data
		}
		pc.size -= old.size()
		pc.order.Remove(el)
	}
	pc.pages[p.key] = pc.order.PushFront(p)
	pc.size += p.size()
	for pc.size > pc.max {
		el := pc.order.Back()
		old := el.Value.(*keptPage)
		pc.order.Remove(el)
		delete(pc.pages, old.key)
		pc.size -= old.size()
	}
}

// restamp records that p is still current at version.
func (pc *pageCache) restamp(p *keptPage, version int64) {
	for {
		cur := p.version.Load()
		if version <= cur || p.version.CompareAndSwap(cur, version) {
			return
		}
	}
}

func (pc *pageCache) clear() {
	if pc == nil {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.order.Init()
	clear(pc.pages)
	pc.size = 0
}

// Bytes reports the size of the pages kept, for tests and benchmarks.
func (pc *pageCache) Bytes() int64 {
	if pc == nil {
		return 0
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.size
}
