package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"annals/internal/i18n"
	"annals/internal/timeline"
	"annals/views"
)

var statusOf = map[string]int{
	timeline.EINVALID:      http.StatusBadRequest,
	timeline.ENOTFOUND:     http.StatusNotFound,
	timeline.ECONFLICT:     http.StatusConflict,
	timeline.EUNAUTHORIZED: http.StatusUnauthorized,
	timeline.EFORBIDDEN:    http.StatusForbidden,
	timeline.EINTERNAL:     http.StatusInternalServerError,
}

// handleError is the one place errors become responses: an HTML page for
// browsers, JSON for API clients. Internal errors are logged with their
// cause; readers only ever see a plain sentence.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status := http.StatusInternalServerError
	message := timeline.ErrorMessage(err)
	var he *echo.HTTPError
	if errors.As(err, &he) {
		status = he.Code
		message = http.StatusText(status)
		if status == http.StatusNotFound {
			message = "There is no page at this address."
		}
	} else {
		status = statusOf[timeline.ErrorCode(err)]
	}
	if status >= 500 {
		s.log.Error("request failed", "err", err, "path", c.Request().URL.Path,
			"request_id", c.Response().Header().Get(echo.HeaderXRequestID))
		message = timeline.ErrorMessage(errors.New("hidden"))
	}

	if strings.HasPrefix(c.Request().URL.Path, "/api/") || wantsJSON(c.Request()) {
		_ = c.JSON(status, map[string]any{"error": map[string]any{"status": status, "message": message}})
		return
	}
	heading, message := errorText(c, status, message)
	page := views.ErrorPage{
		Meta:    views.Meta{Title: heading + " · Annals", Lang: langOf(c), NoIndex: true},
		Status:  status,
		Heading: heading,
		Message: message,
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	_ = render(c, status, views.Error(page))
}

// errorText is an error page's heading and message in the reader's
// language. English pages keep the error's own message, which names the
// problem; other languages get the plain translated sentence for the
// status where there is one.
func errorText(c echo.Context, status int, message string) (heading, msg string) {
	heading, msg = http.StatusText(status), message
	key := ""
	switch {
	case status == http.StatusNotFound:
		key = "error.notfound"
	case status == http.StatusBadRequest:
		key = "error.badrequest"
	case status >= 500:
		key = "error.server"
	}
	if key == "" {
		return heading, msg
	}
	heading = tr(c, key)
	if langOf(c) != i18n.Default {
		msg = tr(c, key+".message")
	}
	return heading, msg
}

func wantsJSON(r *http.Request) bool {
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html")
}
