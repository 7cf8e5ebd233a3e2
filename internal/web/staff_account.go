package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"image/png"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/i18n"
	"annals/internal/timeline"
	"annals/views"
)

// /staff/account: each account's own security. Its second factors (an
// authenticator app with recovery codes, passkeys) and its signed-in
// sessions, which it can end one by one or all but this one. Removing a
// factor or making new recovery codes asks for the password again.

// enrolmentRoutes are the routes an account that must add a second factor
// may still use (authz.go).
var enrolmentRoutes = map[string]bool{
	"GET /staff/account":                      true,
	"POST /staff/account/totp":                true,
	"POST /staff/account/totp/confirm":        true,
	"POST /staff/account/passkeys/begin":      true,
	"POST /staff/account/passkeys/finish":     true,
	"POST /staff/account/sessions/:id/end":    true,
	"POST /staff/account/sessions/end-others": true,
	"POST /staff/account/language":            true,
	"POST /staff/logout":                      true,
}

const totpIssuer = "Annals"

// stamp writes an instant for a staff page, in the page's language.
func stamp(c echo.Context, t time.Time) string { return views.Stamp(c.Request().Context(), t) }

func (s *Server) accountPage(c echo.Context) (views.AccountPage, error) {
	ctx := c.Request().Context()
	u := currentUser(c)
	page := views.AccountPage{Meta: s.staffMeta(c, tr(c, "staff.account.title"), "Account"), Email: u.Email,
		MustEnrol: sessionState(c).MustEnrol(u), Errors: map[string]string{},
		Language: u.Language, Languages: languageChoices(c)}
	f, err := s.store.SecondFactors(ctx, u.ID)
	if err != nil {
		return page, err
	}
	page.TOTP, page.RecoveryLeft = f.TOTP, f.RecoveryLeft
	page.HasFactor = f.Any()
	for _, p := range f.Passkeys {
		row := views.PasskeyRow{Name: p.Name, Added: stamp(c, p.CreatedAt), LastUsed: tr(c, "staff.never"),
			RemoveURL: fmt.Sprintf("/staff/account/passkeys/%d/remove", p.ID)}
		if p.LastUsedAt != nil {
			row.LastUsed = stamp(c, *p.LastUsedAt)
		}
		page.Passkeys = append(page.Passkeys, row)
	}
	list, err := s.store.Sessions(ctx, u.ID, time.Now().Add(-s.config.SessionIdle))
	if err != nil {
		return page, err
	}
	mine := sha256.Sum256([]byte(s.sessions.GetString(ctx, sessionSID)))
	for _, ss := range list {
		row := views.SessionRow{Device: describeDevice(langOf(c), ss.UserAgent), Address: ss.Address, Method: signInMethod(c, ss.Method),
			Started: stamp(c, ss.CreatedAt), LastSeen: stamp(c, ss.LastSeenAt), Current: ss.SIDHash == mine}
		if !row.Current {
			row.EndURL = fmt.Sprintf("/staff/account/sessions/%d/end", ss.ID)
		}
		page.Sessions = append(page.Sessions, row)
	}
	return page, nil
}

func (s *Server) account(c echo.Context) error {
	page, err := s.accountPage(c)
	if err != nil {
		return err
	}
	return render(c, statusOK, views.StaffAccount(page))
}

// accountProblem shows the account page again with a problem on field.
func (s *Server) accountProblem(c echo.Context, status int, field, msg string, fill func(*views.AccountPage)) error {
	page, err := s.accountPage(c)
	if err != nil {
		return err
	}
	page.Errors[field] = msg
	page.ErrorList = []string{msg}
	if fill != nil {
		fill(&page)
	}
	return render(c, status, views.StaffAccount(page))
}

// totpEnrolment is what the page shows while an app is being set up: the
// secret in groups of four for typing, the otpauth:// address, and the
// same address as a QR code (a PNG drawn here, in a data: address).
func totpEnrolment(email, secret string) (*views.TOTPEnrolment, error) {
	k, err := auth.TOTPKeyURL(totpIssuer, email, secret)
	if err != nil {
		return nil, err
	}
	img, err := k.Image(240, 240)
	if err != nil {
		return nil, fmt.Errorf("draw the QR code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("draw the QR code: %w", err)
	}
	var groups []string
	for i := 0; i < len(secret); i += 4 {
		groups = append(groups, secret[i:min(i+4, len(secret))])
	}
	return &views.TOTPEnrolment{Secret: strings.Join(groups, " "), URI: k.URL(),
		QR: "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())}, nil
}

// startTOTP makes a new secret and shows it with a form for the first code.
func (s *Server) startTOTP(c echo.Context) error {
	u := currentUser(c)
	k, err := auth.NewTOTPKey(totpIssuer, u.Email)
	if err != nil {
		return err
	}
	if err := s.store.StartTOTP(c.Request().Context(), u, k.Secret()); err != nil {
		if timeline.ErrorCode(err) == timeline.ECONFLICT {
			return s.accountProblem(c, http.StatusConflict, "totp", timeline.ErrorMessage(err), nil)
		}
		return err
	}
	page, err := s.accountPage(c)
	if err != nil {
		return err
	}
	if page.Enrolling, err = totpEnrolment(u.Email, k.Secret()); err != nil {
		return err
	}
	return render(c, statusOK, views.StaffAccount(page))
}

// newRecoveryCodes makes recovery codes and their argon2id hashes.
func newRecoveryCodes() ([]string, []string, error) {
	codes, err := auth.GenerateRecoveryCodes(auth.RecoveryCodeCount)
	if err != nil {
		return nil, nil, err
	}
	hashes := make([]string, len(codes))
	for i, code := range codes {
		if hashes[i], err = auth.HashPassword(code); err != nil {
			return nil, nil, err
		}
	}
	return codes, hashes, nil
}

// confirmTOTP checks the first code from the app, turns the factor on and
// shows the recovery codes, once.
func (s *Server) confirmTOTP(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	secret, confirmed, _, err := s.store.TOTPSecret(ctx, u.ID)
	if err != nil || confirmed {
		if err == nil || timeline.ErrorCode(err) == timeline.ENOTFOUND {
			return s.accountProblem(c, http.StatusConflict, "totp", tr(c, "staff.account.totp.none"), nil)
		}
		return err
	}
	step := auth.MatchTOTP(secret, c.FormValue("code"), time.Now(), 0)
	if step == 0 {
		enrolment, err := totpEnrolment(u.Email, secret)
		if err != nil {
			return err
		}
		return s.accountProblem(c, http.StatusUnprocessableEntity, "code",
			tr(c, "staff.account.totp.wrong"),
			func(p *views.AccountPage) { p.Enrolling = enrolment })
	}
	codes, hashes, err := newRecoveryCodes()
	if err != nil {
		return err
	}
	if err := s.store.ConfirmTOTP(ctx, u, step, hashes); err != nil {
		return err
	}
	s.securityEvent(c, auth.SecurityEvent{Kind: auth.EventTOTPEnrolled, UserID: u.ID, Email: u.Email, Address: c.RealIP()})
	return s.showRecoveryCodes(c, codes)
}

func (s *Server) showRecoveryCodes(c echo.Context, codes []string) error {
	ctx := c.Request().Context()
	// The account may have just met the admin's rule: this request's state
	// was read before.
	f, err := s.store.SecondFactors(ctx, currentUser(c).ID)
	if err != nil {
		return err
	}
	st := sessionState(c)
	st.HasSecondFactor = f.Any()
	c.SetRequest(c.Request().WithContext(withState(ctx, st)))
	page, err := s.accountPage(c)
	if err != nil {
		return err
	}
	page.NewRecoveryCodes = codes
	return render(c, statusOK, views.StaffAccount(page))
}

// checkPassword asks for the account's password again before a factor is
// removed or codes are renewed.
func (s *Server) checkPassword(c echo.Context) (bool, error) {
	u := currentUser(c)
	_, hash, err := s.store.UserForSignIn(c.Request().Context(), u.Email)
	if err != nil {
		return false, err
	}
	return auth.CheckPassword(c.FormValue("password"), hash), nil
}

// passwordAgain is the message for a wrong password given to confirm a change.
func passwordAgain(c echo.Context) string { return tr(c, "staff.account.password.wrong") }

func (s *Server) removeTOTP(c echo.Context) error {
	u := currentUser(c)
	if ok, err := s.checkPassword(c); err != nil || !ok {
		if err != nil {
			return err
		}
		return s.accountProblem(c, http.StatusUnprocessableEntity, "password-totp", passwordAgain(c), nil)
	}
	if err := s.store.RemoveTOTP(c.Request().Context(), u, u.ID); err != nil {
		if timeline.ErrorCode(err) == timeline.ENOTFOUND {
			return s.accountProblem(c, http.StatusNotFound, "totp", timeline.ErrorMessage(err), nil)
		}
		return err
	}
	s.securityEvent(c, auth.SecurityEvent{Kind: auth.EventTOTPRemoved, UserID: u.ID, Email: u.Email, Address: c.RealIP()})
	s.flash(c, tr(c, "staff.account.totp.removed"))
	return c.Redirect(http.StatusSeeOther, "/staff/account")
}

func (s *Server) renewRecoveryCodes(c echo.Context) error {
	u := currentUser(c)
	if ok, err := s.checkPassword(c); err != nil || !ok {
		if err != nil {
			return err
		}
		return s.accountProblem(c, http.StatusUnprocessableEntity, "password-codes", passwordAgain(c), nil)
	}
	codes, hashes, err := newRecoveryCodes()
	if err != nil {
		return err
	}
	if err := s.store.ReplaceRecoveryCodes(c.Request().Context(), u, hashes); err != nil {
		if timeline.ErrorCode(err) == timeline.ECONFLICT {
			return s.accountProblem(c, http.StatusConflict, "password-codes", timeline.ErrorMessage(err), nil)
		}
		return err
	}
	s.securityEvent(c, auth.SecurityEvent{Kind: auth.EventRecoveryCodesRenewed, UserID: u.ID, Email: u.Email, Address: c.RealIP()})
	return s.showRecoveryCodes(c, codes)
}

func (s *Server) endSession(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	if err := s.store.EndSession(c.Request().Context(), u.ID, id); err != nil {
		if timeline.ErrorCode(err) == timeline.ENOTFOUND {
			s.flash(c, timeline.ErrorMessage(err))
			return c.Redirect(http.StatusSeeOther, "/staff/account")
		}
		return err
	}
	s.securityEvent(c, auth.SecurityEvent{Kind: auth.EventSessionsEnded, UserID: u.ID, Email: u.Email, Address: c.RealIP(), Detail: "1 session"})
	s.flash(c, tr(c, "staff.account.session.ended"))
	return c.Redirect(http.StatusSeeOther, "/staff/account")
}

// endOtherSessions signs the account out everywhere but here.
func (s *Server) endOtherSessions(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	n, err := s.store.EndOtherSessions(ctx, u.ID, sha256.Sum256([]byte(s.sessions.GetString(ctx, sessionSID))))
	if err != nil {
		return err
	}
	s.securityEvent(c, auth.SecurityEvent{Kind: auth.EventSessionsEnded, UserID: u.ID, Email: u.Email, Address: c.RealIP(),
		Detail: fmt.Sprintf("%d other sessions", n)})
	s.flash(c, tr(c, "staff.account.sessions.ended", n))
	return c.Redirect(http.StatusSeeOther, "/staff/account")
}

// describeDevice names a browser and system from a User-Agent, roughly:
// "Firefox on Android", in lang. It is for people to recognise their own devices,
// not for any decision.
func describeDevice(lang, ua string) string {
	t := func(key string, args ...any) string { return i18n.Messages().T(lang, key, args...) }
	browser, system := "", ""
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"SamsungBrowser/", "Samsung Internet"}, {"Firefox/", "Firefox"},
		{"HeadlessChrome/", t("staff.device.headless")}, {"Chrome/", "Chrome"}, {"Chromium/", "Chromium"}, {"Safari/", "Safari"},
		{"Go-http-client/", t("staff.device.program")}, {"curl/", "curl"},
	} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	for _, o := range []struct{ token, name string }{
		{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Windows", "Windows"},
		{"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, o.token) {
			system = o.name
			break
		}
	}
	switch {
	case browser == "" && system == "":
		return t("staff.device.unknown")
	case system == "":
		return browser
	case browser == "":
		return t("staff.device.browser", system)
	}
	return t("staff.device.on", browser, system)
}

// signInMethod names how a session signed in ("password", "passkey"), in
// the page's language; a method without a message keeps its own name.
func signInMethod(c echo.Context, method string) string {
	key, ok := map[string]string{"password": "staff.method.password", "password + recovery code": "staff.method.recovery",
		"password + authenticator app": "staff.method.totp", "password + passkey": "staff.method.passkey"}[method]
	if !ok {
		return method
	}
	return tr(c, key)
}

// languageChoices are the account page's interface languages: following
// the browser, then each language named in itself.
func languageChoices(c echo.Context) []views.Choice {
	msgs := i18n.Messages()
	out := []views.Choice{{Value: "", Label: tr(c, "staff.account.language.browser")}}
	for _, tag := range msgs.Languages() {
		out = append(out, views.Choice{Value: tag, Label: msgs.T(tag, "language.name")})
	}
	return out
}

// setLanguage is POST /staff/account/language: the account's interface
// language for every staff page, or "" to follow the browser. The message
// that confirms it is already in the new language.
func (s *Server) setLanguage(c echo.Context) error {
	u := currentUser(c)
	lang := strings.TrimSpace(c.FormValue("language"))
	if _, err := s.store.UpdateUser(c.Request().Context(), u, u.ID, timeline.UserChange{Language: &lang}); err != nil {
		if timeline.ErrorCode(err) == timeline.EINVALID {
			return s.accountProblem(c, http.StatusUnprocessableEntity, "language", tr(c, "staff.account.language.bad", lang), nil)
		}
		return err
	}
	shown := lang
	if shown == "" {
		shown, _ = readerLanguage(c.Request(), true)
	}
	c.SetRequest(c.Request().WithContext(views.WithLang(c.Request().Context(), shown)))
	s.flash(c, tr(c, "staff.account.language.saved"))
	return c.Redirect(http.StatusSeeOther, "/staff/account")
}
