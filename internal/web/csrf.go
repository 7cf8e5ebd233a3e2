package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"annals/internal/timeline"
)

// CSRF protection for the staff routes: a random token kept in the session
// (so it is tied to it and renewed at sign-in) must come back with every
// state-changing request, in the _csrf form field or the X-CSRF-Token header
// (htmx). A request whose Origin names another site is refused outright.

func (s *Server) csrfToken(c echo.Context) string {
	ctx := c.Request().Context()
	tok := s.sessions.GetString(ctx, sessionCSRF)
	if tok == "" {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		tok = base64.RawURLEncoding.EncodeToString(b)
		s.sessions.Put(ctx, sessionCSRF, tok)
	}
	return tok
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

func (s *Server) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if safeMethod(r.Method) {
			return next(c)
		}
		if origin := r.Header.Get("Origin"); origin != "" && origin != "null" {
			u, err := url.Parse(origin)
			if err != nil || u.Host != r.Host {
				return timeline.Errorf(timeline.EFORBIDDEN, "This form was sent from another site and was refused.")
			}
		}
		want := s.sessions.GetString(r.Context(), sessionCSRF)
		got := r.Header.Get("X-CSRF-Token")
		if got == "" {
			got = c.FormValue("_csrf")
		}
		if want == "" || subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 {
			return timeline.Errorf(timeline.EFORBIDDEN,
				"This form has expired or did not come from Annals. Go back, reload the page and try again: what you typed is still in your browser.")
		}
		return next(c)
	}
}
