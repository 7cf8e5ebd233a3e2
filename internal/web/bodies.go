package web

import (
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"annals/internal/timeline"
)

// Request bodies are limited per route before anything reads them: Echo's
// BodyLimit refuses a declared length over the limit with 413 at once and
// stops a chunked body at the limit. Only the import upload, for signed-in
// editors, takes more (importBodyLimit, staff_import.go), and the image
// upload (mediaBodyLimit, media.go), the one staff route taking multipart.
const (
	defaultBodyLimit   = "2M"  // anything not limited more tightly (the API has its own 1 MiB)
	staffFormBodyLimit = "1M"  // staff forms: a 20,000-character summary is 80 KB at most
	signInBodyLimit    = "16K" // email, password, next and the CSRF token
	passkeyBodyLimit   = "64K" // a WebAuthn response: attestation and client data, a few KB
)

func limitBody(limit string) echo.MiddlewareFunc { return middleware.BodyLimit(limit) }

// limitBodies is the server-wide limit, for every route but the import
// upload, which limits its own body once the editor is known.
func limitBodies() echo.MiddlewareFunc {
	return middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{
		Limit:   defaultBodyLimit,
		Skipper: func(c echo.Context) bool { return c.Path() == "/staff/import" || c.Path() == mediaUploadPath },
	})
}

// refuseUploads answers 415 to a multipart body on routes that take no
// file, before it is parsed (Go would spool its parts to temporary files).
func refuseUploads(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if strings.HasPrefix(strings.ToLower(c.Request().Header.Get(echo.HeaderContentType)), "multipart/") {
			return timeline.Errorf(timeline.EUNSUPPORTED, "This page takes no file uploads.")
		}
		return next(c)
	}
}

// removeUploadFiles deletes the temporary files of a parsed multipart body
// when the request ends. net/http only cleans up the request it made, and
// middleware (sessions, the signed-in user) hands handlers copies of it, so
// files parsed on a copy would otherwise stay on disk for good.
func removeUploadFiles(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		defer func() {
			if f := c.Request().MultipartForm; f != nil {
				_ = f.RemoveAll()
			}
		}()
		return next(c)
	}
}
