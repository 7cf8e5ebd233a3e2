package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"annals/static"
)

func staticHandler() echo.HandlerFunc {
	files := http.StripPrefix("/static/", http.FileServerFS(static.Files))
	return func(c echo.Context) error {
		// Assets change only with a new binary; an hour keeps slow
		// connections from fetching them on every page.
		c.Response().Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(c.Response(), c.Request())
		return nil
	}
}
