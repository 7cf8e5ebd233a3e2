package web

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"

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

func newSessionManager(cfg Config, store scs.Store) *scs.SessionManager {
	sm := scs.New()
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

// limiter hands out token buckets by key (an email, an address), forgetting
// buckets that have refilled so the map cannot grow without bound.
type limiter struct {
	mu      sync.Mutex
	every   time.Duration
	burst   int
	buckets map[string]*rate.Limiter
}

func newLimiter(every time.Duration, burst int) *limiter {
	return &limiter{every: every, burst: burst, buckets: map[string]*rate.Limiter{}}
}

// allow takes a token from key's bucket.
func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buckets) > 10000 {
		for k, b := range l.buckets {
			if b.Tokens() >= float64(l.burst) {
				delete(l.buckets, k)
			}
		}
	}
	b, ok := l.buckets[key]
	if !ok {
		b = rate.NewLimiter(rate.Every(l.every), l.burst)
		l.buckets[key] = b
	}
	return b.Allow()
}
