package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/timeline"
)

// Every staff route states the least role it needs when it is registered
// (see staffRoutes); requireRole checks it on the server for every request.
// Anonymous people are sent to sign in; signed-in people without the role
// get 403.

// roleAnyone marks the few staff routes open without an account (sign-in).
const roleAnyone auth.Role = ""

func (s *Server) requireRole(min auth.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if min == roleAnyone {
				return next(c)
			}
			u := currentUser(c)
			if u.ID == 0 {
				target := "/staff/login"
				if c.Request().Method == http.MethodGet {
					target += "?next=" + url.QueryEscape(c.Request().URL.RequestURI())
				}
				return c.Redirect(http.StatusSeeOther, target)
			}
			if !u.Can(min) {
				return timeline.Errorf(timeline.EFORBIDDEN, "This needs the %s role; your account is a %s.", min, u.Role)
			}
			// An account that must have a second factor and has none may
			// only set one up (or sign out) until it has.
			if sessionState(c).MustEnrol(u) && !enrolmentRoutes[c.Request().Method+" "+c.Path()] {
				if c.Request().Method == http.MethodGet {
					return c.Redirect(http.StatusSeeOther, "/staff/account")
				}
				return timeline.Errorf(timeline.EFORBIDDEN, "Your account needs a second factor first: set one up on your account page.")
			}
			return next(c)
		}
	}
}

// staffRoute registers a staff route with its least role and remembers it,
// so the route list and its roles can be checked against the router.
// Route middleware m (a tighter body limit) runs first, then the role
// check, then CSRF.
func (s *Server) staffRoute(g *echo.Group, method, path string, min auth.Role, h echo.HandlerFunc, m ...echo.MiddlewareFunc) {
	g.Add(method, path, h, append(m, s.requireRole(min), s.csrf)...)
	s.staffRoles = append(s.staffRoles, StaffRoute{Method: method, Path: "/staff" + path, Role: min})
}

// StaffRoute is a staff route and the least role it needs.
type StaffRoute struct {
	Method string
	Path   string
	Role   auth.Role
}

// StaffRoutes lists the staff routes as registered, for the README and tests.
func (s *Server) StaffRoutes() []StaffRoute { return s.staffRoles }
