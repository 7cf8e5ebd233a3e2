package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"annals/internal/markdown"
	"annals/internal/timeline"
)

// pageVersion is part of every ETag (with markdown.Version, the renderer
// of the stored HTML). Bump it whenever a template or a view model changes
// what a page shows, so that caches and browsers stop revalidating pages
// rendered by the old code.
const pageVersion = "2026-12-07.5"

// publicCacheControl lets browsers and CDNs keep a public page for a minute
// and serve it stale for ten more while they revalidate it with its ETag.
const publicCacheControl = "public, max-age=60, stale-while-revalidate=600"

// serveKeptReplayable answers from a kept page and notes the answer as one
// the same request may have again while the page is current (replay.go);
// not a page with a date in its ETag (extra).
func (s *Server) serveKeptReplayable(c echo.Context, kept *keptPage, extra string) error {
	err := s.serveKept(c, kept)
	if err == nil && extra == "" {
		noteReplayable(c, kept)
	}
	return err
}

// fingerprintKey is where conditionalGet leaves the fingerprint for the
// handler, so it is read once per request.
const fingerprintKey = "annals.fingerprint"

// conditionalGet gives public and embed pages a strong ETag derived from the
// data they show (a fingerprint query, far cheaper than loading and
// rendering the page) and answers a matching If-None-Match with 304 without
// running the handler. Routes it does not know pass through untouched.
//
// While the server watches the data version (WatchData), it also keeps the
// rendered pages in memory (pageCache), each stamped with the data version
// it was read at. A page whose stamp is the version known now is answered,
// 200 or 304, without any query. When the version has moved, the page's
// fingerprint is read once: if it is unchanged (the write was one the
// public cannot see, or on another page) the kept page is stamped with the
// new version and served; otherwise the page is rendered afresh.
func (s *Server) conditionalGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().Method != http.MethodGet {
			return next(c)
		}
		fetch, extra, ok := s.pageFingerprint(c)
		if !ok {
			return next(c)
		}
		key := s.cacheKey(c, extra)
		known := s.versions.known()
		kept := s.cache.get(key)
		if kept != nil && known != 0 && kept.version.Load() == known &&
			(kept.body != nil || etagMatches(c.Request().Header.Get("If-None-Match"), kept.etag)) {
			return s.serveKeptReplayable(c, kept, extra)
		}
		fp, err := fetch(c.Request().Context())
		switch {
		case timeline.ErrorCode(err) == timeline.ENOTFOUND:
			return next(c) // the handler answers, 404 included, uncached
		case err != nil:
			return err
		}
		c.Set(fingerprintKey, fp)
		etag := s.etag(c, fp, extra)
		if kept != nil && kept.etag == etag && known != 0 && kept.body != nil {
			s.cache.restamp(kept, fp.Version)
			return s.serveKeptReplayable(c, kept, extra)
		}
		res := c.Response()
		if etagMatches(c.Request().Header.Get("If-None-Match"), etag) {
			if known != 0 && fp.Version != 0 {
				// Remember the validator, so the next 304 needs no query.
				p := &keptPage{key: key, etag: etag}
				p.version.Store(fp.Version)
				s.cache.put(p)
			}
			res.Header().Set(echo.HeaderCacheControl, publicCacheControl)
			res.Header().Set("ETag", etag)
			return c.NoContent(http.StatusNotModified)
		}
		res.Before(func() {
			if res.Status == http.StatusOK {
				res.Header().Set(echo.HeaderCacheControl, publicCacheControl)
				res.Header().Set("ETag", etag)
			}
		})
		if known == 0 || fp.Version == 0 || s.cache == nil {
			return next(c)
		}
		return s.keep(c, next, key, etag, fp.Version)
	}
}

// pageFingerprint names the data each cacheable route shows: fetch reads
// its fingerprint; ok is false for routes that are not cached here. extra
// is anything else the page depends on (the print view's date).
func (s *Server) pageFingerprint(c echo.Context) (fetch func(context.Context) (timeline.Fingerprint, error), extra string, ok bool) {
	timelineFP := func(slug, event string) func(context.Context) (timeline.Fingerprint, error) {
		return func(ctx context.Context) (timeline.Fingerprint, error) {
			return s.store.TimelineFingerprint(ctx, slug, event)
		}
	}
	switch c.Path() {
	case "/":
		return s.store.HomeFingerprint, "", true
	case "/t/:slug", "/t/:slug/embed", "/t/:slug/chart/:file", "/embed/t/:slug":
		return timelineFP(c.Param("slug"), ""), "", true
	case "/t/:slug/print":
		return timelineFP(c.Param("slug"), ""), snapshotDate(), true
	case "/t/:slug/e/:event", "/embed/t/:slug/e/:event":
		return timelineFP(c.Param("slug"), c.Param("event")), "", true
	case "/oembed":
		t, perr := s.parseOembedURL(c, c.QueryParam("url"))
		if perr != nil {
			return nil, "", false
		}
		return timelineFP(t.slug, t.event), "", true
	}
	return nil, "", false
}

// fingerprint returns the fingerprint conditionalGet found for this
// request, or reads it.
func (s *Server) fingerprint(c echo.Context, slug, event string) (timeline.Fingerprint, error) {
	if fp, ok := c.Get(fingerprintKey).(timeline.Fingerprint); ok {
		return fp, nil
	}
	return s.store.TimelineFingerprint(c.Request().Context(), slug, event)
}

// etag digests everything a response depends on: the code (pageVersion),
// the route and its parameters, the query string (filters, order, view),
// the origin written into absolute links, the interface language (so a
// 304 never answers across languages), and the data.
func (s *Server) etag(c echo.Context, fp timeline.Fingerprint, extra string) string {
	h := sha256.New()
	for _, part := range []string{pageVersion, strconv.Itoa(markdown.Version), c.Path(), strings.Join(c.ParamValues(), "/"),
		c.QueryParams().Encode(), s.origin(c), langOf(c), fp.Digest, extra} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return `"` + hex.EncodeToString(h.Sum(nil))[:40] + `"`
}

// etagMatches applies If-None-Match: a list of entity tags or "*", compared
// weakly as RFC 9110 asks for GET.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
			return true
		}
	}
	return false
}

// notModifiedHeaders are the headers a 304 carries (RFC 9110 15.4.5: those
// that would update the stored response, plus the request id, a cookie
// being set and HSTS). The rest (the content type, the security policies)
// stay with the response the client holds, which a 304 only revalidates;
// sent again they were half the bytes and most of the work of a 304.
var notModifiedHeaders = map[string]bool{"Cache-Control": true, "Content-Location": true, "Date": true,
	"Etag": true, "Expires": true, "Vary": true, "X-Request-Id": true, "Set-Cookie": true,
	"Strict-Transport-Security": true}

// trimNotModified drops from h what a 304 does not carry.
func trimNotModified(h http.Header) {
	for k := range h {
		if !notModifiedHeaders[k] {
			delete(h, k)
		}
	}
}
