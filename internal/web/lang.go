package web

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"annals/internal/i18n"
	"annals/internal/timeline"
	"annals/views"
)

// langCookie remembers the interface language a reader chose with the
// switcher. It is a preference, not a session: readable by scripts, sent
// on top-level navigation only (SameSite=Lax), kept for a year.
const (
	langCookie    = "lang"
	langCookieAge = 365 * 24 * time.Hour
)

// language picks the reader's interface language and puts it, with the
// page's path for the switcher, into the request context, where render()
// hands it to every component. The order: an explicit ?lang= on embeds
// (which set no cookies), the lang cookie the switcher set, Accept-Language,
// English. Staff pages choose the same way, ?lang= included, until
// loadUser puts the signed-in account's own choice in its place. The API
// and static files stay English and do not vary.
func (s *Server) language(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		path := req.URL.Path
		if isStaffPath(path) {
			lang, _ := readerLanguage(req, true)
			h := c.Response().Header()
			h.Add(echo.HeaderVary, "Accept-Language")
			h.Add(echo.HeaderVary, "Cookie")
			c.SetRequest(req.WithContext(views.WithPath(views.WithLang(req.Context(), lang), req.URL.RequestURI())))
			return next(c)
		}
		if !variesByLanguage(path) {
			c.SetRequest(req.WithContext(views.WithLang(req.Context(), i18n.Default)))
			return next(c)
		}
		lang, fromQuery := readerLanguage(req, isEmbedRoute(path))
		if !fromQuery {
			// Caches must key pages on what chose the language.
			h := c.Response().Header()
			h.Add(echo.HeaderVary, "Accept-Language")
			h.Add(echo.HeaderVary, "Cookie")
		}
		ctx := views.WithPath(views.WithLang(req.Context(), lang), req.URL.RequestURI())
		if lang != i18n.Default {
			// Read once, and only by a page that names a metric (a chart).
			ctx = views.WithMetricNames(ctx, sync.OnceValue(func() map[string]string {
				names, err := s.store.PublicMetricNames(req.Context(), lang)
				if err != nil {
					s.log.Warn("metric names", "lang", lang, "err", err)
				}
				return names
			}))
		}
		c.SetRequest(req.WithContext(ctx))
		return next(c)
	}
}

// isStaffPath reports whether path is a staff page.
func isStaffPath(path string) bool { return path == "/staff" || strings.HasPrefix(path, "/staff/") }

// variesByLanguage reports whether a path's response is in the reader's
// interface language. Data (JSON, CSV, Atom, oEmbed) is the same for
// everyone.
func variesByLanguage(path string) bool {
	for _, p := range []string{"/staff", "/api/", "/static/", "/healthz", "/readyz", "/lang/", "/oembed"} {
		if path == strings.TrimSuffix(p, "/") || strings.HasPrefix(path, p) {
			return false
		}
	}
	for _, ext := range []string{".json", ".csv", ".atom", ".xml", ".txt"} {
		if strings.HasSuffix(path, ext) {
			return false
		}
	}
	return true
}

// readerLanguage is the interface language for req; fromQuery reports an
// embed's explicit ?lang=, which makes the URL alone decide the language.
func readerLanguage(req *http.Request, embed bool) (lang string, fromQuery bool) {
	msgs := i18n.Messages()
	if embed {
		if l := baseTag(req.URL.Query().Get("lang")); msgs.Has(l) {
			return l, true
		}
	}
	if ck, err := req.Cookie(langCookie); err == nil && msgs.Has(ck.Value) {
		return ck.Value, false
	}
	return msgs.Negotiate(req.Header.Get("Accept-Language")), false
}

// baseTag is the language of a tag: "my-MM" -> "my".
func baseTag(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}

// switchLanguage is GET /lang/{tag}?next=...: it remembers the language in
// a cookie and sends the reader back to the page they were on. A link
// rather than a form, so it works without JavaScript; next must be a path
// on this site, never another site's address.
func (s *Server) switchLanguage(c echo.Context) error {
	tag := c.Param("tag")
	if !i18n.Messages().Has(tag) {
		return timeline.Errorf(timeline.ENOTFOUND, "There is no interface language %q.", tag)
	}
	c.SetCookie(&http.Cookie{
		Name:     langCookie,
		Value:    tag,
		Path:     "/",
		MaxAge:   int(langCookieAge / time.Second),
		Expires:  time.Now().Add(langCookieAge),
		SameSite: http.SameSiteLaxMode,
		Secure:   c.Request().TLS != nil || strings.HasPrefix(s.config.BaseURL, "https://"),
	})
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.Redirect(http.StatusSeeOther, localPath(c.QueryParam("next")))
}

// localPath returns next when it is a path on this site, else "/". It
// refuses absolute URLs, scheme-relative ones ("//evil.example"), and
// backslashes, which some browsers read as slashes ("/\evil.example").
func localPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\") {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	return next
}

// tr is an interface message in the request's language.
func tr(c echo.Context, key string, args ...any) string {
	return views.T(c.Request().Context(), key, args...)
}

// trN is tr for a count.
func trN(c echo.Context, key string, n int, args ...any) string {
	return views.N(c.Request().Context(), key, n, args...)
}

// langOf is the request's interface language.
func langOf(c echo.Context) string { return views.Lang(c.Request().Context()) }
