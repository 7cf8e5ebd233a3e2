package web

import (
	"bytes"
	"net/http"
	"path"
	"time"

	"github.com/labstack/echo/v4"

	"annals/static"
)

// Cache lifetimes of static files. Pages link them by hashed name
// (views.Static), whose content never changes: a year, immutable. The plain
// names still answer, for old links and for embed.js, which other sites
// paste: an hour, then a revalidation with the ETag.
const (
	immutableCacheControl = "public, max-age=31536000, immutable"
	plainCacheControl     = "public, max-age=3600"
)

// staticHandler serves the embedded files under /static/, by hashed or
// plain name (static.Assets).
func staticHandler() echo.HandlerFunc {
	assets := static.Embedded()
	return func(c echo.Context) error {
		asset, immutable, ok := assets.Lookup(c.Param("*"))
		if !ok {
			return echo.ErrNotFound
		}
		serveAsset(c, asset, immutable)
		return nil
	}
}

func serveAsset(c echo.Context, asset *static.Asset, immutable bool) {
	h := c.Response().Header()
	if immutable {
		h.Set(echo.HeaderCacheControl, immutableCacheControl)
	} else {
		h.Set(echo.HeaderCacheControl, plainCacheControl)
	}
	h.Set("ETag", asset.ETag)
	if path.Ext(asset.Name) == ".ico" { // not in Go's built-in table
		h.Set(echo.HeaderContentType, "image/x-icon")
	}
	// ServeContent answers If-None-Match with 304 and Range with 206.
	http.ServeContent(c.Response(), c.Request(), asset.Name, time.Time{}, bytes.NewReader(asset.Body))
}

// favicon answers /favicon.ico, which browsers and feed readers ask for
// without reading the page's <link rel="icon"> (the SVG), with the same mark
// as a small ICO.
func favicon(c echo.Context) error {
	asset, _, ok := static.Embedded().Lookup("favicon.ico")
	if !ok {
		return echo.ErrNotFound
	}
	serveAsset(c, asset, false)
	return nil
}
