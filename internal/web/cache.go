package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"annals/internal/timeline"
)

// pageVersion is part of every ETag. Bump it whenever a template or a view
// model changes what a page shows, so that caches and browsers stop
// revalidating pages rendered by the old code.
const pageVersion = "2026-11-27.4"

// publicCacheControl lets browsers and CDNs keep a public page for a minute
// and serve it stale for ten more while they revalidate it with its ETag.
const publicCacheControl = "public, max-age=60, stale-while-revalidate=600"

// fingerprintKey is where conditionalGet leaves the fingerprint for the
// handler, so it is read once per request.
const fingerprintKey = "annals.fingerprint"

// conditionalGet gives public and embed pages a strong ETag derived from the
// data they show (a fingerprint query, far cheaper than loading and
// rendering the page) and answers a matching If-None-Match with 304 without
// running the handler. Routes it does not know pass through untouched.
func (s *Server) conditionalGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().Method != http.MethodGet {
			return next(c)
		}
		fp, extra, ok, err := s.pageFingerprint(c)
		switch {
		case !ok || timeline.ErrorCode(err) == timeline.ENOTFOUND:
			return next(c) // the handler answers, 404 included, uncached
		case err != nil:
			return err
		}
		c.Set(fingerprintKey, fp)
		etag := s.etag(c, fp, extra)
		res := c.Response()
		if etagMatches(c.Request().Header.Get("If-None-Match"), etag) {
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
		return next(c)
	}
}

// pageFingerprint names the data each cacheable route shows; ok is false
// for routes that are not cached here. extra is anything else the page
// depends on (the print view's date).
func (s *Server) pageFingerprint(c echo.Context) (fp timeline.Fingerprint, extra string, ok bool, err error) {
	ctx := c.Request().Context()
	switch c.Path() {
	case "/":
		fp, err = s.store.HomeFingerprint(ctx)
	case "/t/:slug", "/t/:slug/embed", "/t/:slug/chart/:file", "/embed/t/:slug":
		fp, err = s.store.TimelineFingerprint(ctx, c.Param("slug"), "")
	case "/t/:slug/print":
		fp, err = s.store.TimelineFingerprint(ctx, c.Param("slug"), "")
		extra = snapshotDate()
	case "/t/:slug/e/:event", "/embed/t/:slug/e/:event":
		fp, err = s.store.TimelineFingerprint(ctx, c.Param("slug"), c.Param("event"))
	case "/oembed":
		t, perr := s.parseOembedURL(c, c.QueryParam("url"))
		if perr != nil {
			return fp, "", false, nil
		}
		fp, err = s.store.TimelineFingerprint(ctx, t.slug, t.event)
	default:
		return fp, "", false, nil
	}
	return fp, extra, true, err
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
	for _, part := range []string{pageVersion, c.Path(), strings.Join(c.ParamValues(), "/"),
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
