package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// defaultRenderTimeout is how long a public page may take when
// Config.RenderTimeout is not set. Pages render in milliseconds; a render
// still going after this long is stuck, and the reader gets a 503 page
// instead of a connection that never answers.
const defaultRenderTimeout = 10 * time.Second

// renderDeadline gives every public read (pages, embeds, chart images,
// print, feeds, exports, the read API) the request's context with a
// deadline. Queries and chart drawing stop with that context; a request
// that runs out of time answers 503. Staff pages and writes keep their own
// pace: a backup or an import may take longer.
func (s *Server) renderDeadline(next echo.HandlerFunc) echo.HandlerFunc {
	limit := s.config.RenderTimeout
	if limit <= 0 {
		limit = defaultRenderTimeout
	}
	return func(c echo.Context) error {
		if !publicRead(c.Request()) {
			return next(c)
		}
		parent := c.Request().Context()
		d := limit
		if streamedRead(c) {
			d = limit * streamedReadFactor
		}
		ctx, cancel := context.WithTimeout(parent, d)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		err := next(c)
		// The error page is rendered on the request's own context, after
		// this returns, so it is not cut short in its turn.
		c.SetRequest(c.Request().WithContext(parent))
		if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return echo.NewHTTPError(http.StatusServiceUnavailable, "The page took too long to prepare.").SetInternal(err)
		}
		return err
	}
}

// streamedReadFactor stretches the deadline of the answers that hold every
// event of a timeline and are written as they are read (the printout, the
// JSON, CSV and TimelineJS exports): at 100,000 events they take tens of seconds on a
// busy machine while the reader watches them arrive. Two minutes by
// default: still an end for one that is stuck.
const streamedReadFactor = 12

// streamedRead reports whether c is one of those answers.
func streamedRead(c echo.Context) bool {
	switch c.Path() {
	case "/t/:slug/print", "/t/:slug/timelinejs.json":
		return true
	case "/t/:slug":
		slug := c.Param("slug")
		return strings.HasSuffix(slug, ".json") || strings.HasSuffix(slug, ".csv")
	}
	return false
}

// publicRead reports whether r reads a public page, as opposed to a staff
// page, a write, a static file or a health check.
func publicRead(r *http.Request) bool {
	if r.Method != http.MethodGet { // HEAD is GET by now (Server.chain)
		return false
	}
	p := r.URL.Path
	for _, prefix := range []string{"/staff", "/static/", "/healthz", "/readyz"} {
		if strings.HasPrefix(p, prefix) {
			return false
		}
	}
	return true
}
