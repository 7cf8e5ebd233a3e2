package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/timeline"
	"annals/views"
)

// /staff/tokens: every staff member makes and revokes their own API tokens
// (shown once, stored hashed); admins also see and revoke everyone's.

// TokenStore is what API tokens and API writes need.
type TokenStore interface {
	CreateAPIToken(ctx context.Context, by auth.User, name string, expires *time.Time) (timeline.APIToken, string, error)
	APITokens(ctx context.Context, by auth.User, all bool) ([]timeline.APIToken, error)
	RevokeAPIToken(ctx context.Context, by auth.User, id int64) (timeline.APIToken, error)
	UserForAPIToken(ctx context.Context, token string) (auth.User, error)
	StaffEventID(ctx context.Context, timelineSlug, eventSlug string) (int64, error)
	StaffTimelineExists(ctx context.Context, slug string) error
}

// tokenExpiries are the lifetimes a new token may have, in the page's
// language.
func tokenExpiries(c echo.Context) []views.Choice {
	return []views.Choice{
		{Value: "", Label: tr(c, "staff.tokens.expiry.never")},
		{Value: "30", Label: tr(c, "staff.tokens.expiry.30")},
		{Value: "90", Label: tr(c, "staff.tokens.expiry.90")},
		{Value: "365", Label: tr(c, "staff.tokens.expiry.365")},
	}
}

func (s *Server) tokensPage(c echo.Context) (views.TokensPage, error) {
	me := currentUser(c)
	page := views.TokensPage{Meta: s.staffMeta(c, tr(c, "staff.nav.tokens"), "API tokens"), ShowOwner: me.Can(auth.RoleAdmin),
		Expiries: tokenExpiries(c), Errors: map[string]string{}}
	list, err := s.store.APITokens(c.Request().Context(), me, true)
	if err != nil {
		return page, err
	}
	now := time.Now()
	stamp := func(t *time.Time, none string) string {
		if t == nil {
			return none
		}
		return views.Stamp(c.Request().Context(), *t)
	}
	for _, t := range list {
		row := views.TokenRow{ID: t.ID, Name: t.Name, Prefix: t.Prefix, Owner: t.Owner,
			Created: stamp(&t.CreatedAt, ""), LastUsed: stamp(t.LastUsedAt, tr(c, "staff.never")), Expires: stamp(t.ExpiresAt, tr(c, "staff.never")),
			State: "active"}
		switch {
		case t.RevokedAt != nil:
			row.State, row.Revoked = "revoked", stamp(t.RevokedAt, "")
		case !t.Active(now):
			row.State = "expired"
		default:
			row.RevokeURL = fmt.Sprintf("/staff/tokens/%d/revoke", t.ID)
		}
		page.Rows = append(page.Rows, row)
	}
	return page, nil
}

func (s *Server) tokenList(c echo.Context) error {
	page, err := s.tokensPage(c)
	if err != nil {
		return err
	}
	return render(c, statusOK, views.StaffTokens(page))
}

// createToken makes a token and shows it this once. The answer is never
// stored by a cache (noStore on every staff page).
func (s *Server) createToken(c echo.Context) error {
	f := views.TokenForm{Name: c.FormValue("name"), Expires: c.FormValue("expires")}
	var expires *time.Time
	var err error
	if f.Expires != "" {
		days, perr := strconv.Atoi(f.Expires)
		if perr != nil || days < 1 || days > 3650 {
			err = &timeline.ValidationError{Problems: []timeline.Problem{{Field: "expires", Message: tr(c, "staff.tokens.expiry.choose")}}}
		} else {
			t := time.Now().Add(time.Duration(days) * 24 * time.Hour)
			expires = &t
		}
	}
	var token string
	var t timeline.APIToken
	if err == nil {
		t, token, err = s.store.CreateAPIToken(c.Request().Context(), currentUser(c), f.Name, expires)
	}
	page, lerr := s.tokensPage(c)
	if lerr != nil {
		return lerr
	}
	switch timeline.ErrorCode(err) {
	case "":
		page.NewToken, page.NewTokenName = token, t.Name
		return render(c, http.StatusCreated, views.StaffTokens(page))
	case timeline.EINVALID:
		page.Form = f
		page.Errors, page.ErrorList = problemMap(c, err)
		return render(c, http.StatusUnprocessableEntity, views.StaffTokens(page))
	}
	return err
}

func (s *Server) revokeToken(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	t, err := s.store.RevokeAPIToken(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	s.flash(c, tr(c, "staff.flash.tokenrevoked", t.Name, t.Prefix))
	return c.Redirect(http.StatusSeeOther, "/staff/tokens")
}
