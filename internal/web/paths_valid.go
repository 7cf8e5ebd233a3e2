package web

import (
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// validPath answers 404 for a path that is not valid UTF-8 or holds a
// control character (a NUL from %00, bytes from %FF): no page has such an
// address, and the parameters must not reach the database, which refuses
// them with an error that would otherwise surface as a 500. It runs after
// routing so the 404 gets the usual headers and, under /api/, JSON.
func validPath(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if p := c.Request().URL.Path; !utf8.ValidString(p) || strings.ContainsFunc(p, isControl) {
			return echo.ErrNotFound
		}
		return next(c)
	}
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }
