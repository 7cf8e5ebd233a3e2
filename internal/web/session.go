package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"

	"annals/internal/auth"
)

// Staff sessions live in PostgreSQL (scs + pgxstore, tokens stored hashed)
// and only ever on /staff: the cookie's path is /staff, and the session
// middleware runs on the staff routes alone, so public pages stay free of
// cookies and cacheable.

const (
	sessionUserID  = "user_id"
	sessionVersion = "session_version"
	sessionCSRF    = "csrf"
	sessionFlash   = "flash"
	sessionStarted = "started"
)

func newSessionManager(cfg Config, store scs.Store, failed func(http.ResponseWriter, *http.Request, error)) *scs.SessionManager {
	sm := scs.New()
	sm.ErrorFunc = failed
	sm.Store = store
	sm.HashTokenInStore = true
	sm.Lifetime = cfg.SessionLifetime
	sm.IdleTimeout = cfg.SessionIdle
	sm.Cookie.Name = "annals_staff"
	sm.Cookie.Path = "/staff"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = strings.HasPrefix(cfg.BaseURL, "https://")
	sm.Cookie.Persist = false
	return sm
}

type ctxKey int

const userKey ctxKey = 1

// currentUser is the signed-in account, or the zero User.
func currentUser(c echo.Context) auth.User {
	u, _ := c.Request().Context().Value(userKey).(auth.User)
	return u
}

// loadUser puts the signed-in account on the request. An account that was
// disabled, or whose role or password changed since sign-in (its session
// version moved on), is signed out here, at its very next request.
func (s *Server) loadUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		id := s.sessions.GetInt64(ctx, sessionUserID)
		if id == 0 {
			return next(c)
		}
		u, err := s.store.User(ctx, id)
		if err != nil || u.Disabled || u.SessionVersion != s.sessions.GetInt(ctx, sessionVersion) {
			if err := s.sessions.Destroy(ctx); err != nil {
				return err
			}
			return next(c)
		}
		c.SetRequest(c.Request().WithContext(context.WithValue(ctx, userKey, u)))
		return next(c)
	}
}

// flash stores a one-time message for the next page.
func (s *Server) flash(c echo.Context, msg string) {
	s.sessions.Put(c.Request().Context(), sessionFlash, msg)
}
