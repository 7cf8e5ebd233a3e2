package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/timeline"
	"annals/views"
)

func roleChoices(c echo.Context, selected auth.Role) []views.Choice {
	var out []views.Choice
	for _, r := range auth.Roles {
		out = append(out, views.Choice{Value: string(r), Label: tr(c, "staff.role."+string(r)), Selected: r == selected})
	}
	return out
}

func (s *Server) usersPage(c echo.Context) (views.UsersPage, error) {
	me := currentUser(c)
	page := views.UsersPage{Meta: s.staffMeta(c, tr(c, "staff.nav.users"), "Users"), Roles: roleChoices(c, auth.RoleContributor),
		Errors: map[string]string{}, Form: views.UserForm{Role: string(auth.RoleContributor)}}
	users, err := s.store.Users(c.Request().Context())
	if err != nil {
		return page, err
	}
	withFactor, err := s.store.AccountsWithSecondFactor(c.Request().Context())
	if err != nil {
		return page, err
	}
	for _, u := range users {
		row := views.UserRow{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), Disabled: u.Disabled,
			Self: u.ID == me.ID, URL: fmt.Sprintf("/staff/users/%d", u.ID), Roles: roleChoices(c, u.Role),
			SecondFactor: withFactor[u.ID]}
		if u.LastSignInAt != nil {
			row.LastSignIn = stamp(c, *u.LastSignInAt)
		}
		page.Rows = append(page.Rows, row)
	}
	return page, nil
}

func (s *Server) userList(c echo.Context) error {
	page, err := s.usersPage(c)
	if err != nil {
		return err
	}
	return render(c, statusOK, views.StaffUsers(page))
}

// createUser adds an account with a generated password, shown once.
func (s *Server) createUser(c echo.Context) error {
	f := views.UserForm{Email: c.FormValue("email"), Name: c.FormValue("name"), Role: c.FormValue("role")}
	password, err := auth.GeneratePassword()
	if err != nil {
		return err
	}
	u, err := s.store.CreateUserBy(c.Request().Context(), currentUser(c), f.Email, f.Name, auth.Role(f.Role), password)
	page, lerr := s.usersPage(c)
	if lerr != nil {
		return lerr
	}
	switch timeline.ErrorCode(err) {
	case "":
		page.NewPassword, page.NewPasswordFor = password, u.Email
		return render(c, http.StatusCreated, views.StaffUsers(page))
	case timeline.EINVALID, timeline.ECONFLICT:
		page.Form = f
		page.Roles = roleChoices(c, auth.Role(f.Role))
		page.Errors, page.ErrorList = problemMap(c, err)
		if timeline.ErrorCode(err) == timeline.ECONFLICT {
			page.Errors["email"] = timeline.ErrorMessage(err)
		}
		return render(c, http.StatusUnprocessableEntity, views.StaffUsers(page))
	}
	return err
}

// updateUser changes a role, disables or enables an account, or resets its
// password; each ends the account's sessions at once.
func (s *Server) updateUser(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var ch timeline.UserChange
	var password string
	switch c.FormValue("do") {
	case "role":
		r := auth.Role(c.FormValue("role"))
		ch.Role = &r
	case "disable", "enable":
		d := c.FormValue("do") == "disable"
		ch.Disabled = &d
	case "reset":
		if password, err = auth.GeneratePassword(); err != nil {
			return err
		}
		ch.Password = &password
	case "reset_factors":
		return s.resetSecondFactors(c, id)
	default:
		return timeline.Errorf(timeline.EINVALID, "Unknown change.")
	}
	u, err := s.store.UpdateUser(c.Request().Context(), currentUser(c), id, ch)
	switch timeline.ErrorCode(err) {
	case "":
	case timeline.EINVALID, timeline.ECONFLICT:
		s.flash(c, tr(c, "staff.flash.notchanged", timeline.ErrorMessage(err)))
		return c.Redirect(http.StatusSeeOther, "/staff/users")
	default:
		return err
	}
	if password != "" {
		page, err := s.usersPage(c)
		if err != nil {
			return err
		}
		page.NewPassword, page.NewPasswordFor = password, u.Email
		return render(c, statusOK, views.StaffUsers(page))
	}
	s.flash(c, tr(c, "staff.flash.accountupdated", u.Email))
	return c.Redirect(http.StatusSeeOther, "/staff/users")
}

func (s *Server) settingsPage(c echo.Context) error {
	rule, err := s.store.Setting(c.Request().Context(), auth.SettingSecondFactorRule, "")
	if err != nil {
		return err
	}
	page := views.SettingsPage{Meta: s.staffMeta(c, tr(c, "staff.nav.settings"), "Settings"), AllowSelfPublish: s.allowSelfPublish(c),
		FromEnvironment: s.config.AllowSelfPublish, PublicCaptures: s.publicCaptures(c.Request().Context()),
		SecondFactorAll: rule == "all"}
	for _, r := range auth.Roles {
		page.SecondFactorRoles = append(page.SecondFactorRoles, views.Choice{Value: string(r), Label: tr(c, "staff.role."+string(r)),
			Selected: rule != "all" && auth.SecondFactorRule(rule).Requires(r)})
	}
	return render(c, statusOK, views.StaffSettings(page))
}

func (s *Server) saveSettings(c echo.Context) error {
	ctx := c.Request().Context()
	v := strconv.FormatBool(formBool(c, "allow_self_publish"))
	if err := s.store.SetSetting(ctx, currentUser(c), "allow_self_publish", v); err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return timeline.Errorf(timeline.EINVALID, "The form could not be read.")
	}
	rule, err := auth.ParseSecondFactorRule(formBool(c, "second_factor_all"), form["second_factor_roles"])
	if err != nil {
		return timeline.Errorf(timeline.EINVALID, "Second factor required: %v.", err)
	}
	if err := s.store.SetSetting(ctx, currentUser(c), auth.SettingSecondFactorRule, string(rule)); err != nil {
		return err
	}
	if err := s.store.SetSetting(c.Request().Context(), currentUser(c), publicCapturesSetting,
		strconv.FormatBool(formBool(c, "public_captures"))); err != nil {
		return err
	}
	s.flash(c, tr(c, "staff.flash.settingssaved"))
	return c.Redirect(http.StatusSeeOther, "/staff/settings")
}

// resetSecondFactors removes every second factor of account id, for
// someone who lost both their phone and their recovery codes; their next
// sign-in is with the password alone (and, if the admin requires one,
// straight to setting one up again).
func (s *Server) resetSecondFactors(c echo.Context, id int64) error {
	ctx := c.Request().Context()
	u, err := s.store.User(ctx, id)
	if err != nil {
		return err
	}
	if err := s.store.ResetSecondFactors(ctx, currentUser(c), id); err != nil {
		return err
	}
	s.securityEvent(c, auth.SecurityEvent{Kind: auth.EventSecondFactorsReset, UserID: u.ID, Email: u.Email,
		By: currentUser(c).Email, Address: c.RealIP()})
	s.flash(c, tr(c, "staff.flash.factorsremoved", u.Email))
	return c.Redirect(http.StatusSeeOther, "/staff/users")
}
