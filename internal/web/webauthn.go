package web

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/i18n"
	"annals/internal/timeline"
)

// Passkeys (WebAuthn, with github.com/go-webauthn/webauthn): registered
// from the account page and used as the second step of signing in. The
// browser's part is static/js/passkey.js; each ceremony is two JSON
// requests, begin (the challenge, kept in the session) and finish.

// webAuthn is the relying party for this request: the site's address
// (ANNALS_BASE_URL), or without one the address the request came to.
func (s *Server) webAuthn(c echo.Context) (*webauthn.WebAuthn, error) {
	origin := strings.TrimRight(s.config.BaseURL, "/")
	if origin == "" {
		scheme := "http"
		if c.Request().TLS != nil {
			scheme = "https"
		}
		origin = scheme + "://" + c.Request().Host
	}
	u, err := url.Parse(origin)
	if err != nil || u.Hostname() == "" {
		return nil, fmt.Errorf("passkeys: the site's address %q has no host", origin)
	}
	if net.ParseIP(u.Hostname()) != nil {
		return nil, timeline.Errorf(timeline.ECONFLICT,
			"Passkeys work only when Annals is reached by its name (such as annals.example.org or localhost), not by an IP address.")
	}
	wa, err := webauthn.New(&webauthn.Config{RPID: u.Hostname(), RPDisplayName: "Annals", RPOrigins: []string{u.Scheme + "://" + u.Host}})
	if err != nil {
		return nil, fmt.Errorf("passkeys: %w", err)
	}
	return wa, nil
}

// passkeyUser is an account as go-webauthn sees it.
type passkeyUser struct {
	u      auth.User
	handle []byte
	creds  []webauthn.Credential
}

func (p passkeyUser) WebAuthnID() []byte                         { return p.handle }
func (p passkeyUser) WebAuthnName() string                       { return p.u.Email }
func (p passkeyUser) WebAuthnDisplayName() string                { return p.u.DisplayName() }
func (p passkeyUser) WebAuthnCredentials() []webauthn.Credential { return p.creds }

func (s *Server) passkeyUser(c echo.Context, u auth.User) (passkeyUser, error) {
	ctx := c.Request().Context()
	fresh := make([]byte, 32)
	_, _ = rand.Read(fresh)
	handle, err := s.store.WebAuthnHandle(ctx, u.ID, fresh)
	if err != nil {
		return passkeyUser{}, err
	}
	f, err := s.store.SecondFactors(ctx, u.ID)
	if err != nil {
		return passkeyUser{}, err
	}
	pu := passkeyUser{u: u, handle: handle}
	for _, p := range f.Passkeys {
		var cred webauthn.Credential
		if err := json.Unmarshal(p.Credential, &cred); err != nil {
			return passkeyUser{}, fmt.Errorf("read passkey %d: %w", p.ID, err)
		}
		pu.creds = append(pu.creds, cred)
	}
	return pu, nil
}

// jsonProblem answers a passkey request that failed in words for the page.
func jsonProblem(c echo.Context, status int, msg string) error {
	return c.JSON(status, map[string]string{"message": msg})
}

func (s *Server) keepCeremony(c echo.Context, sess *webauthn.SessionData) error {
	b, err := json.Marshal(sess)
	if err != nil {
		return fmt.Errorf("keep the passkey challenge: %w", err)
	}
	s.sessions.Put(c.Request().Context(), sessionWebAuthn, string(b))
	return nil
}

// takeCeremony returns the challenge kept by begin, once.
func (s *Server) takeCeremony(c echo.Context) (webauthn.SessionData, bool) {
	var sess webauthn.SessionData
	raw := s.sessions.PopString(c.Request().Context(), sessionWebAuthn)
	if raw == "" || json.Unmarshal([]byte(raw), &sess) != nil {
		return sess, false
	}
	return sess, true
}

func (s *Server) beginPasskeyRegistration(c echo.Context) error {
	wa, err := s.webAuthn(c)
	if timeline.ErrorCode(err) == timeline.ECONFLICT {
		return jsonProblem(c, http.StatusConflict, timeline.ErrorMessage(err))
	}
	if err != nil {
		return err
	}
	pu, err := s.passkeyUser(c, currentUser(c))
	if err != nil {
		return err
	}
	var exclude []protocol.CredentialDescriptor
	for _, cr := range pu.creds {
		exclude = append(exclude, cr.Descriptor())
	}
	creation, sess, err := wa.BeginRegistration(pu, webauthn.WithExclusions(exclude),
		webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementDiscouraged))
	if err != nil {
		return fmt.Errorf("begin passkey registration: %w", err)
	}
	if err := s.keepCeremony(c, sess); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, creation)
}

// finishPasskeyRegistration checks the browser's new credential and keeps
// it, named by ?name= (the body is the credential).
func (s *Server) finishPasskeyRegistration(c echo.Context) error {
	u := currentUser(c)
	name := strings.TrimSpace(c.QueryParam("name"))
	if name == "" {
		name = describeDevice(i18n.Default, c.Request().UserAgent())
	}
	if err := timeline.ValidateText(name, true, 100); err != nil {
		return jsonProblem(c, http.StatusUnprocessableEntity, "Name: "+err.Error())
	}
	sess, ok := s.takeCeremony(c)
	if !ok {
		return jsonProblem(c, http.StatusConflict, "The passkey request expired. Try again.")
	}
	wa, err := s.webAuthn(c)
	if timeline.ErrorCode(err) == timeline.ECONFLICT {
		return jsonProblem(c, http.StatusConflict, timeline.ErrorMessage(err))
	}
	if err != nil {
		return err
	}
	pu, err := s.passkeyUser(c, u)
	if err != nil {
		return err
	}
	cred, err := wa.FinishRegistration(pu, sess, c.Request())
	if err != nil {
		s.log.Info("passkey registration refused", "user_id", u.ID, "err", err)
		return jsonProblem(c, http.StatusUnprocessableEntity, "The passkey could not be checked, so it was not added. Try again.")
	}
	raw, err := json.Marshal(cred)
	if err != nil {
		return fmt.Errorf("keep passkey: %w", err)
	}
	if _, err := s.store.AddPasskey(c.Request().Context(), u, auth.Passkey{Name: name, CredentialID: cred.ID, Credential: raw}); err != nil {
		return err
	}
	s.securityEvent(c, auth.SecurityEvent{Kind: auth.EventPasskeyAdded, UserID: u.ID, Email: u.Email, Address: c.RealIP(), Detail: name})
	s.flash(c, tr(c, "staff.passkey.added", name))
	return c.JSON(http.StatusOK, map[string]string{"redirect": "/staff/account"})
}

func (s *Server) removePasskey(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	if ok, err := s.checkPassword(c); err != nil || !ok {
		if err != nil {
			return err
		}
		return s.accountProblem(c, http.StatusUnprocessableEntity, fmt.Sprintf("password-passkey-%d", id), passwordAgain(c), nil)
	}
	name, err := s.store.RemovePasskey(c.Request().Context(), u, u.ID, id)
	if err != nil {
		if timeline.ErrorCode(err) == timeline.ENOTFOUND {
			return s.accountProblem(c, http.StatusNotFound, "passkeys", timeline.ErrorMessage(err), nil)
		}
		return err
	}
	s.securityEvent(c, auth.SecurityEvent{Kind: auth.EventPasskeyRemoved, UserID: u.ID, Email: u.Email, Address: c.RealIP(), Detail: name})
	s.flash(c, tr(c, "staff.passkey.removed", name))
	return c.Redirect(http.StatusSeeOther, "/staff/account")
}

// beginPasskeySignIn is the second step of signing in with a passkey.
func (s *Server) beginPasskeySignIn(c echo.Context) error {
	p, ok, err := s.pending(c)
	if err != nil {
		return err
	}
	if !ok {
		return jsonProblem(c, http.StatusConflict, "Sign in with your password first.")
	}
	wa, err := s.webAuthn(c)
	if timeline.ErrorCode(err) == timeline.ECONFLICT {
		return jsonProblem(c, http.StatusConflict, timeline.ErrorMessage(err))
	}
	if err != nil {
		return err
	}
	pu, err := s.passkeyUser(c, p.User)
	if err != nil {
		return err
	}
	if len(pu.creds) == 0 {
		return jsonProblem(c, http.StatusConflict, "This account has no passkey.")
	}
	assertion, sess, err := wa.BeginLogin(pu)
	if err != nil {
		return fmt.Errorf("begin passkey sign-in: %w", err)
	}
	if err := s.keepCeremony(c, sess); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, assertion)
}

func (s *Server) finishPasskeySignIn(c echo.Context) error {
	p, ok, err := s.pending(c)
	if err != nil {
		return err
	}
	if !ok {
		return jsonProblem(c, http.StatusConflict, "Sign in with your password first.")
	}
	key, done, err := s.takeSecondFactorAttempt(c, p, func(wait time.Duration) error {
		return jsonProblem(c, http.StatusTooManyRequests, tr(c, "staff.sf.limited", waitWords(c, wait)))
	})
	if done {
		return err
	}
	sess, ok := s.takeCeremony(c)
	if !ok {
		return jsonProblem(c, http.StatusConflict, "The passkey request expired. Try again.")
	}
	wa, err := s.webAuthn(c)
	if timeline.ErrorCode(err) == timeline.ECONFLICT {
		return jsonProblem(c, http.StatusConflict, timeline.ErrorMessage(err))
	}
	if err != nil {
		return err
	}
	pu, err := s.passkeyUser(c, p.User)
	if err != nil {
		return err
	}
	cred, err := wa.FinishLogin(pu, sess, c.Request())
	if err != nil {
		s.securityEvent(c, auth.SecurityEvent{Kind: auth.EventSecondFactorFailed, UserID: p.User.ID, Email: p.User.Email,
			Address: c.RealIP(), Detail: "passkey"})
		return jsonProblem(c, http.StatusUnauthorized, "That passkey was not accepted. Try again, or use a code.")
	}
	raw, err := json.Marshal(cred)
	if err != nil {
		return fmt.Errorf("keep passkey: %w", err)
	}
	ctx := c.Request().Context()
	if err := s.store.PasskeyUsed(ctx, p.User.ID, cred.ID, raw); err != nil {
		return err
	}
	if err := s.store.ClearSignInLimit(ctx, key); err != nil {
		return err
	}
	target, err := s.completeSignIn(c, p.User, p.Device, "password + passkey", p.Next)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"redirect": target})
}
