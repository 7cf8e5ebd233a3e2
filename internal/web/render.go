package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
)

// render writes a component with status. It renders into a buffer first so
// a failure midway becomes a clean error page, not half a page.
func render(c echo.Context, status int, component templ.Component) error {
	var buf bytes.Buffer
	ctx := c.Request().Context()
	if err := component.Render(ctx, &buf); err != nil {
		return err
	}
	// A page built past its deadline may be cut short (charts stop with
	// the context): an error, never a partial page with 200.
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// statusOK is the common case.
const statusOK = http.StatusOK
