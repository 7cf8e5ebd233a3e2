package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/i18n"
	"annals/internal/timeline"
	"annals/views"
)

// securityPageSize is how many lines the security log shows at once.
const securityPageSize = 100

var securityWords = map[string]string{
	auth.EventSignIn:           "Signed in",
	auth.EventSignInFailed:     "Failed sign-in",
	auth.EventSignInLimited:    "Sign-in limit reached",
	auth.EventBackupDownloaded: "Full backup downloaded",
	auth.EventAccountChanged:   "Account changed",
	auth.EventTokenCreated:     "API token made",
	auth.EventTokenRevoked:     "API token revoked",
	// Second factors and sessions (second_factor.go, staff_account.go).
	auth.EventSecondFactorFailed:   "Wrong second factor",
	auth.EventTOTPEnrolled:         "Authenticator app added",
	auth.EventTOTPRemoved:          "Authenticator app removed",
	auth.EventRecoveryCodeUsed:     "Recovery code used",
	auth.EventRecoveryCodesRenewed: "New recovery codes made",
	auth.EventPasskeyAdded:         "Passkey added",
	auth.EventPasskeyRemoved:       "Passkey removed",
	auth.EventSessionsEnded:        "Sessions signed out",
	auth.EventSecondFactorsReset:   "Second factors removed by an admin",
}

// securityPage lists the security log for admins, a page at a time,
// paging back by time (?before=).
func (s *Server) securityPage(c echo.Context) error {
	var before time.Time
	if b := c.QueryParam("before"); b != "" {
		t, err := time.Parse(time.RFC3339Nano, b)
		if err != nil {
			return timeline.Errorf(timeline.EINVALID, "before=%q is not a time like 2026-12-07T03:12:05Z.", b)
		}
		before = t
	}
	evs, err := s.store.SecurityLog(c.Request().Context(), before, securityPageSize)
	if err != nil {
		return err
	}
	page := views.SecurityPage{Meta: s.staffMeta(c, tr(c, "staff.security.heading"), "Security")}
	for _, ev := range evs {
		what := securityWords[ev.Kind]
		if msg, ok := i18n.Messages().Lookup(langOf(c), "staff.sec."+ev.Kind); ok {
			what = msg
		}
		if what == "" {
			what = ev.Kind
		}
		page.Rows = append(page.Rows, views.SecurityRow{
			When: views.StampSeconds(c.Request().Context(), ev.At), DateTime: ev.At.UTC().Format(time.RFC3339),
			What: what, Account: ev.Email, By: ev.By, Address: ev.Address, Detail: ev.Detail,
			Warning: ev.Kind == auth.EventSignInFailed || ev.Kind == auth.EventSignInLimited ||
				ev.Kind == auth.EventSecondFactorFailed || ev.Kind == auth.EventRecoveryCodeUsed,
		})
	}
	if len(evs) == securityPageSize {
		page.OlderURL = "/staff/security?before=" + url.QueryEscape(evs[len(evs)-1].At.UTC().Format(time.RFC3339Nano))
	}
	return render(c, http.StatusOK, views.StaffSecurity(page))
}
