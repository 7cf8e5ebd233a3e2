package web

import (
	"bytes"
	"mime"
	"net/http"
	"path"
	"strconv"
	"sync"
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
	req, res := c.Request(), c.Response()
	h := res.Header()
	if immutable {
		h.Set(echo.HeaderCacheControl, immutableCacheControl)
	} else {
		h.Set(echo.HeaderCacheControl, plainCacheControl)
	}
	h.Set("ETag", asset.ETag)
	contentType := mime.TypeByExtension(path.Ext(asset.Name))
	if path.Ext(asset.Name) == ".ico" { // not in Go's built-in table
		contentType = "image/x-icon"
	}
	if contentType != "" {
		h.Set(echo.HeaderContentType, contentType)
	}
	// A whole answer in a coding the reader takes goes out from a copy
	// compressed once (staticCopies), not compressed again for each reader.
	// Revalidations, ranges (which count identity bytes here) and HEAD are
	// ServeContent's.
	if req.Method == http.MethodGet && req.Header.Get("Range") == "" && !etagMatches(req.Header.Get("If-None-Match"), asset.ETag) {
		if coding := encodedCoding(res, len(asset.Body)); coding != "" {
			body := staticCopies(asset).get(coding, func() []byte { return asset.Body }, staticBrotliLevelFor(len(asset.Body)))
			h.Set(echo.HeaderContentLength, strconv.Itoa(len(body)))
			res.WriteHeader(http.StatusOK)
			_, _ = res.Write(body) // a reader gone away is nothing to report
			return
		}
	}
	// ServeContent answers If-None-Match with 304 and Range with 206.
	http.ServeContent(res, req, asset.Name, time.Time{}, bytes.NewReader(asset.Body))
}

// copiesOfAssets are the static files' compressed copies, by file.
var copiesOfAssets sync.Map // *static.Asset -> *compressedCopies

func staticCopies(asset *static.Asset) *compressedCopies {
	if c, ok := copiesOfAssets.Load(asset); ok {
		return c.(*compressedCopies)
	}
	c, _ := copiesOfAssets.LoadOrStore(asset, &compressedCopies{})
	return c.(*compressedCopies)
}

// staticBrotliLevelFor is the brotli level for a static file of n bytes.
func staticBrotliLevelFor(n int) int {
	if n > staticBestMax {
		return keptBrotliLevel
	}
	return staticBrotliLevel
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
