package web

import (
	"context"
	"crypto/sha256"
	"net/http"
	"strings"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/i18n"
	"annals/internal/timeline"
	"annals/views"
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
	// sessionSID is the random id of the signed-in session, whose hash is
	// its row in user_sessions: delete the row and the session ends.
	sessionSID = "sid"
	// A sign-in waiting for its second factor: the account, its session
	// version, when the password was right, the device token of a known
	// device, and where to go next. It grants nothing else.
	sessionPendingUser    = "pending_user"
	sessionPendingVersion = "pending_version"
	sessionPendingAt      = "pending_at"
	sessionPendingDevice  = "pending_device"
	sessionPendingNext    = "pending_next"
	// sessionWebAuthn keeps a passkey ceremony's challenge between its
	// two requests.
	sessionWebAuthn = "webauthn"
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

const (
	userKey ctxKey = iota + 1
	stateKey
)

// currentUser is the signed-in account, or the zero User.
func currentUser(c echo.Context) auth.User {
	u, _ := c.Request().Context().Value(userKey).(auth.User)
	return u
}

// sessionState is what the signed-in account's request knows about its
// second factors and the admin's rule.
func sessionState(c echo.Context) auth.SessionState {
	st, _ := c.Request().Context().Value(stateKey).(auth.SessionState)
	return st
}

// loadUser puts the signed-in account on the request. An account that was
// disabled, or whose role or password changed since sign-in (its session
// version moved on), or whose session was ended from another one ("sign
// out everywhere"), is signed out here, at its very next request.
func (s *Server) loadUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		id := s.sessions.GetInt64(ctx, sessionUserID)
		if id == 0 {
			return next(c)
		}
		sid := s.sessions.GetString(ctx, sessionSID)
		u, st, err := s.store.SessionUser(ctx, sha256.Sum256([]byte(sid)), id, c.RealIP())
		if err != nil && timeline.ErrorCode(err) != timeline.ENOTFOUND {
			return err
		}
		if err != nil || sid == "" || u.Disabled || u.SessionVersion != s.sessions.GetInt(ctx, sessionVersion) {
			if err := s.sessions.Destroy(ctx); err != nil {
				return err
			}
			return next(c)
		}
		ctx = context.WithValue(ctx, userKey, u)
		if u.Language != "" && i18n.Messages().Has(u.Language) {
			ctx = views.WithLang(ctx, u.Language)
		}
		c.SetRequest(c.Request().WithContext(context.WithValue(ctx, stateKey, st)))
		return next(c)
	}
}

// flash stores a one-time message for the next page.
func (s *Server) flash(c echo.Context, msg string) {
	s.sessions.Put(c.Request().Context(), sessionFlash, msg)
}

// withState puts st on ctx, for a request whose account just changed its
// second factors.
func withState(ctx context.Context, st auth.SessionState) context.Context {
	return context.WithValue(ctx, stateKey, st)
}
