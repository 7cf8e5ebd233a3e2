package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/timeline"
	"annals/views"
)

// The second step of signing in: after the right password, an account with
// a second factor types a code from its authenticator app (or a recovery
// code), or uses a passkey (webauthn.go). Failures count against the same
// PostgreSQL sign-in limits as passwords, under the account's own
// second-factor bucket and the address's, so they hold across instances.

// SecondFactorStore is what second factors and sessions need.
type SecondFactorStore interface {
	SecondFactors(ctx context.Context, userID int64) (auth.SecondFactors, error)
	StartTOTP(ctx context.Context, by auth.User, secret string) error
	TOTPSecret(ctx context.Context, userID int64) (secret string, confirmed bool, lastStep int64, err error)
	ConfirmTOTP(ctx context.Context, by auth.User, step int64, codeHashes []string) error
	UseTOTPStep(ctx context.Context, userID, step int64) (bool, error)
	RemoveTOTP(ctx context.Context, by auth.User, userID int64) error
	ResetSecondFactors(ctx context.Context, by auth.User, userID int64) error
	ReplaceRecoveryCodes(ctx context.Context, by auth.User, hashes []string) error
	RecoveryCodes(ctx context.Context, userID int64) ([]auth.RecoveryCode, error)
	UseRecoveryCode(ctx context.Context, u auth.User, id int64) (bool, error)
	WebAuthnHandle(ctx context.Context, userID int64, fresh []byte) ([]byte, error)
	AddPasskey(ctx context.Context, by auth.User, p auth.Passkey) (int64, error)
	RemovePasskey(ctx context.Context, by auth.User, userID, id int64) (string, error)
	PasskeyUsed(ctx context.Context, userID int64, credentialID, credential []byte) error
	StartSession(ctx context.Context, ss auth.StaffSession) error
	SessionUser(ctx context.Context, sidHash [32]byte, userID int64, address string) (auth.User, auth.SessionState, error)
	Sessions(ctx context.Context, userID int64, idleSince time.Time) ([]auth.StaffSession, error)
	EndSession(ctx context.Context, userID, id int64) error
	EndSessionBySID(ctx context.Context, sidHash [32]byte) error
	EndOtherSessions(ctx context.Context, userID int64, keep [32]byte) (int, error)
	AccountsWithSecondFactor(ctx context.Context) (map[int64]bool, error)
}

const (
	secondFactorTimeout = 5 * time.Minute // how long the password step is good for
)

// pendingSignIn is a sign-in waiting for its second factor.
type pendingSignIn struct {
	User   auth.User
	Device string
	Next   string
}

// pending returns this session's sign-in waiting for its second factor;
// false when there is none (or it took too long, or the account changed).
func (s *Server) pending(c echo.Context) (pendingSignIn, bool, error) {
	ctx := c.Request().Context()
	id := s.sessions.GetInt64(ctx, sessionPendingUser)
	at := s.sessions.GetInt64(ctx, sessionPendingAt)
	if id == 0 || time.Since(time.Unix(at, 0)) > secondFactorTimeout {
		return pendingSignIn{}, false, nil
	}
	u, err := s.store.User(ctx, id)
	if timeline.ErrorCode(err) == timeline.ENOTFOUND {
		return pendingSignIn{}, false, nil
	}
	if err != nil {
		return pendingSignIn{}, false, err
	}
	if u.Disabled || u.SessionVersion != s.sessions.GetInt(ctx, sessionPendingVersion) {
		return pendingSignIn{}, false, nil
	}
	return pendingSignIn{User: u, Device: s.sessions.GetString(ctx, sessionPendingDevice),
		Next: s.sessions.GetString(ctx, sessionPendingNext)}, true, nil
}

func (s *Server) secondFactorPage(c echo.Context, p pendingSignIn) (views.SecondFactorPage, error) {
	f, err := s.store.SecondFactors(c.Request().Context(), p.User.ID)
	return views.SecondFactorPage{Meta: s.staffMeta(c, tr(c, "staff.sf.title"), ""), Email: p.User.Email,
		HasTOTP: f.TOTP, HasPasskeys: len(f.Passkeys) > 0, RecoveryLeft: f.RecoveryLeft}, err
}

func (s *Server) secondFactorForm(c echo.Context) error {
	if currentUser(c).ID != 0 {
		return c.Redirect(http.StatusSeeOther, "/staff")
	}
	p, ok, err := s.pending(c)
	if err != nil {
		return err
	}
	if !ok {
		return c.Redirect(http.StatusSeeOther, "/staff/login")
	}
	page, err := s.secondFactorPage(c, p)
	if err != nil {
		return err
	}
	return render(c, statusOK, views.StaffSecondFactor(page))
}

// takeSecondFactorAttempt counts one second-factor attempt; when a limit
// is reached it answers for the caller (written is true).
func (s *Server) takeSecondFactorAttempt(c echo.Context, p pendingSignIn, limited func(wait time.Duration) error) (auth.LimitKey, bool, error) {
	accountLimit, addressLimit := s.signInLimits()
	key := auth.NewLimitKey(auth.LimitAccount, "second factor\x00"+strconv.FormatInt(p.User.ID, 10), accountLimit)
	ok, by, wait, err := s.store.TakeSignInAttempt(c.Request().Context(),
		[]auth.LimitKey{auth.NewLimitKey(auth.LimitAddress, c.RealIP(), addressLimit), key})
	if err != nil {
		return key, true, err
	}
	if !ok {
		s.securityEvent(c, auth.SecurityEvent{Kind: auth.EventSignInLimited, UserID: p.User.ID, Email: p.User.Email,
			Address: c.RealIP(), Detail: "second factor, limit per " + string(by)})
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(wait.Round(time.Second)/time.Second)+1))
		return key, true, limited(wait)
	}
	return key, false, nil
}

// secondFactor checks a TOTP code or a recovery code.
func (s *Server) secondFactor(c echo.Context) error {
	ctx := c.Request().Context()
	p, ok, err := s.pending(c)
	if err != nil {
		return err
	}
	if !ok {
		return c.Redirect(http.StatusSeeOther, "/staff/login")
	}
	page, err := s.secondFactorPage(c, p)
	if err != nil {
		return err
	}
	key, done, err := s.takeSecondFactorAttempt(c, p, func(wait time.Duration) error {
		page.Error = tr(c, "staff.sf.limited", waitWords(c, wait))
		return render(c, http.StatusTooManyRequests, views.StaffSecondFactor(page))
	})
	if done {
		return err
	}
	code := c.FormValue("code")
	method := ""
	if auth.LooksLikeRecoveryCode(code) {
		norm := auth.NormalizeRecoveryCode(code)
		codes, err := s.store.RecoveryCodes(ctx, p.User.ID)
		if err != nil {
			return err
		}
		for _, rc := range codes {
			if auth.CheckPassword(norm, rc.Hash) {
				used, err := s.store.UseRecoveryCode(ctx, p.User, rc.ID)
				if err != nil {
					return err
				}
				if used {
					method = "password + recovery code"
					s.securityEvent(c, auth.SecurityEvent{Kind: auth.EventRecoveryCodeUsed, UserID: p.User.ID, Email: p.User.Email,
						Address: c.RealIP(), Detail: strconv.Itoa(len(codes)-1) + " left"})
				}
				break
			}
		}
	} else if secret, confirmed, last, err := s.store.TOTPSecret(ctx, p.User.ID); err == nil && confirmed {
		if step := auth.MatchTOTP(secret, code, time.Now(), last); step > 0 {
			used, err := s.store.UseTOTPStep(ctx, p.User.ID, step)
			if err != nil {
				return err
			}
			if used {
				method = "password + authenticator app"
			}
		}
	} else if err != nil && timeline.ErrorCode(err) != timeline.ENOTFOUND {
		return err
	}
	if method == "" {
		s.securityEvent(c, auth.SecurityEvent{Kind: auth.EventSecondFactorFailed, UserID: p.User.ID, Email: p.User.Email,
			Address: c.RealIP()})
		page.Error = tr(c, "staff.sf.wrong")
		return render(c, http.StatusUnauthorized, views.StaffSecondFactor(page))
	}
	if err := s.store.ClearSignInLimit(ctx, key); err != nil {
		return err
	}
	return s.signInAndGo(c, p.User, p.Device, method, p.Next)
}
