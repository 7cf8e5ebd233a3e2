package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/i18n"
	"annals/internal/timeline"
	"annals/views"
)

// Signing in. Attempts are limited in PostgreSQL, so the limits hold across
// instances: per client address (the real one: forwarded addresses are
// believed only from ANNALS_TRUSTED_PROXIES), and per account. A browser
// that signed in to an account before keeps a device cookie; its attempts
// count against that device instead of the account, so someone guessing
// the password from elsewhere slows down their own attempts without
// locking the owner out of their usual devices.

const (
	deviceCookie    = "annals_device"
	deviceCookieAge = 400 * 24 * time.Hour // the longest browsers keep a cookie
)

// signInLimits are the buckets: an account's (or a known device's), and an
// address's, which an office shares, so it allows four times as many.
func (s *Server) signInLimits() (account, address auth.Limit) {
	account = auth.Limit{Every: s.config.SignInEvery, Burst: s.config.SignInBurst}
	address = auth.Limit{Every: s.config.SignInEvery / 4, Burst: s.config.SignInBurst * 4}
	return account, address
}

func (s *Server) loginForm(c echo.Context) error {
	if currentUser(c).ID != 0 {
		return c.Redirect(http.StatusSeeOther, "/staff")
	}
	page := views.LoginPage{Meta: s.staffMeta(c, tr(c, "staff.login.signin"), ""), Next: safeNext(c.QueryParam("next"))}
	return render(c, statusOK, views.StaffLogin(page))
}

// login signs a person in. A wrong password and an unknown email get the
// same answer after the same argon2id work; the session token is renewed.
func (s *Server) login(c echo.Context) error {
	ctx := c.Request().Context()
	email := strings.ToLower(strings.TrimSpace(c.FormValue("email")))
	password := c.FormValue("password")
	page := views.LoginPage{Meta: s.staffMeta(c, tr(c, "staff.login.signin"), ""), Email: email, Next: safeNext(c.FormValue("next"))}
	addr := c.RealIP()

	u, hash, err := s.store.UserForSignIn(ctx, email)
	if err != nil && timeline.ErrorCode(err) != timeline.ENOTFOUND {
		return err
	}
	accountLimit, addressLimit := s.signInLimits()
	key := auth.NewLimitKey(auth.LimitAccount, email, accountLimit)
	device := s.knownDevice(c, u.ID)
	if device != "" {
		key = auth.NewLimitKey(auth.LimitDevice, device, accountLimit)
	}
	ok, by, wait, err := s.store.TakeSignInAttempt(ctx, []auth.LimitKey{auth.NewLimitKey(auth.LimitAddress, addr, addressLimit), key})
	if err != nil {
		return err
	}
	event := auth.SecurityEvent{UserID: u.ID, Email: email, Address: addr}
	if !ok {
		event.Kind, event.Detail = auth.EventSignInLimited, "limit per "+string(by)
		s.securityEvent(c, event)
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(wait.Round(time.Second)/time.Second)+1))
		page.Error = tr(c, "staff.login.limited", waitWords(c, wait))
		return render(c, http.StatusTooManyRequests, views.StaffLogin(page))
	}

	if !auth.CheckPassword(password, hash) || u.Disabled { // hash is "" for an unknown email: same work, false
		event.Kind = auth.EventSignInFailed
		if u.Disabled {
			event.Detail = "account disabled"
		}
		s.securityEvent(c, event)
		page.Error = tr(c, "staff.login.failed")
		return render(c, http.StatusUnauthorized, views.StaffLogin(page))
	}
	if err := s.store.ClearSignInLimit(ctx, key); err != nil {
		return err
	}
	factors, err := s.store.SecondFactors(ctx, u.ID)
	if err != nil {
		return err
	}
	if factors.Any() {
		// The password was right; the session now waits for the second
		// factor and grants nothing else (loadUser knows no account).
		if err := s.sessions.RenewToken(ctx); err != nil {
			return err
		}
		s.sessions.Put(ctx, sessionPendingUser, u.ID)
		s.sessions.Put(ctx, sessionPendingVersion, u.SessionVersion)
		s.sessions.Put(ctx, sessionPendingAt, time.Now().Unix())
		s.sessions.Put(ctx, sessionPendingDevice, device)
		s.sessions.Put(ctx, sessionPendingNext, page.Next)
		return c.Redirect(http.StatusSeeOther, "/staff/login/second-factor")
	}
	return s.signInAndGo(c, u, device, "password", page.Next)
}

// signInAndGo completes a sign-in and sends the browser on.
func (s *Server) signInAndGo(c echo.Context, u auth.User, device, method, next string) error {
	target, err := s.completeSignIn(c, u, device, method, next)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, target)
}

// completeSignIn signs u in on this session, once every factor it has was
// checked: method says which ("password", "password + TOTP", ...). The
// session token is renewed and the session recorded, so its owner sees
// it among their sessions and can end it from another.
func (s *Server) completeSignIn(c echo.Context, u auth.User, device, method, next string) (string, error) {
	ctx := c.Request().Context()
	if err := s.rememberDevice(c, device, u.ID); err != nil {
		return "", err
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		return "", err
	}
	for _, k := range []string{sessionPendingUser, sessionPendingVersion, sessionPendingAt, sessionPendingDevice, sessionPendingNext, sessionWebAuthn} {
		s.sessions.Remove(ctx, k)
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	sid := base64.RawURLEncoding.EncodeToString(b)
	if err := s.store.StartSession(ctx, auth.StaffSession{SIDHash: sha256.Sum256([]byte(sid)), UserID: u.ID,
		UserAgent: c.Request().UserAgent(), Address: c.RealIP(), Method: method,
		ExpiresAt: time.Now().Add(s.config.SessionLifetime)}); err != nil {
		return "", err
	}
	s.sessions.Put(ctx, sessionUserID, u.ID)
	s.sessions.Put(ctx, sessionVersion, u.SessionVersion)
	s.sessions.Put(ctx, sessionStarted, time.Now().Unix())
	s.sessions.Put(ctx, sessionSID, sid)
	s.sessions.Remove(ctx, sessionCSRF) // a fresh CSRF token for the new session
	if err := s.store.RecordSignIn(ctx, u.ID); err != nil {
		return "", err
	}
	event := auth.SecurityEvent{Kind: auth.EventSignIn, UserID: u.ID, Email: u.Email, Address: c.RealIP(), Detail: method}
	if device == "" {
		event.Detail = "new device (" + describeDevice(i18n.Default, c.Request().UserAgent()) + "), " + method
	}
	s.securityEvent(c, event)
	if next == "" {
		next = "/staff"
	}
	return next, nil
}

// knownDevice returns the device cookie's token when this browser signed
// in to the account userID before, else "".
func (s *Server) knownDevice(c echo.Context, userID int64) string {
	ck, err := c.Cookie(deviceCookie)
	if err != nil || userID == 0 || len(ck.Value) != 43 {
		return ""
	}
	owner, err := s.store.SignInDevice(c.Request().Context(), sha256.Sum256([]byte(ck.Value)))
	if err != nil {
		s.log.Warn("sign-in device lookup failed", "err", err)
		return ""
	}
	if owner != userID {
		return ""
	}
	return ck.Value
}

// rememberDevice marks this browser as one that signed in to userID,
// giving it a device token first when it has none for that account.
func (s *Server) rememberDevice(c echo.Context, token string, userID int64) error {
	if token == "" {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		token = base64.RawURLEncoding.EncodeToString(b)
	}
	if err := s.store.RememberSignInDevice(c.Request().Context(), sha256.Sum256([]byte(token)), userID); err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{
		Name: deviceCookie, Value: token, Path: "/staff/login", MaxAge: int(deviceCookieAge / time.Second),
		HttpOnly: true, Secure: strings.HasPrefix(s.config.BaseURL, "https://"), SameSite: http.SameSiteLaxMode,
	})
	return nil
}

// securityEvent logs ev and keeps it for the security page. Failing to
// keep it must not stop a sign-in, so the error is only logged.
func (s *Server) securityEvent(c echo.Context, ev auth.SecurityEvent) {
	level := s.log.Info
	if ev.Kind == auth.EventSignInLimited {
		level = s.log.Warn
	}
	level("security", "kind", ev.Kind, "user_id", ev.UserID, "detail", ev.Detail)
	if err := s.store.RecordSecurityEvent(c.Request().Context(), ev); err != nil {
		s.log.Error("record security event", "err", err, "kind", ev.Kind)
	}
}

// waitWords says how long to wait: "a minute", "5 minutes".
func waitWords(c echo.Context, d time.Duration) string {
	m := int((d + time.Minute - 1) / time.Minute)
	if m <= 1 {
		return tr(c, "staff.wait.minute")
	}
	return tr(c, "staff.wait.minutes", m)
}

// safeNext accepts only a path inside /staff, so the sign-in form cannot be
// used to send people to another site.
func safeNext(next string) string {
	if next == "/staff" || strings.HasPrefix(next, "/staff/") && !strings.HasPrefix(next, "/staff/login") &&
		!strings.ContainsAny(next, "\\\r\n") && !strings.Contains(next, "..") {
		return next
	}
	return ""
}

func (s *Server) logout(c echo.Context) error {
	ctx := c.Request().Context()
	if err := s.store.EndSessionBySID(ctx, sha256.Sum256([]byte(s.sessions.GetString(ctx, sessionSID)))); err != nil {
		return err
	}
	if err := s.sessions.Destroy(ctx); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/login")
}

// ParseTrustedProxies reads ANNALS_TRUSTED_PROXIES: addresses or CIDR
// ranges, separated by commas or spaces, of the proxies whose
// X-Forwarded-For Annals believes.
func ParseTrustedProxies(s string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if !strings.Contains(f, "/") {
			ip := net.ParseIP(f)
			if ip == nil {
				return nil, fmt.Errorf("ANNALS_TRUSTED_PROXIES: %q is not an address or a range like 10.0.0.0/8", f)
			}
			bits := 128
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(f)
		if err != nil {
			return nil, fmt.Errorf("ANNALS_TRUSTED_PROXIES: %q is not an address or a range like 10.0.0.0/8", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// ipExtractor finds a request's client address: the connection's, or with
// trusted proxies, the last address in X-Forwarded-For that is not one of
// them. Echo's default trust of private ranges is turned off: only the
// configured proxies are believed.
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
