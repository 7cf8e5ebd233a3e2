package web

import (
	"bytes"
	"context"
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
	timeline.EUNSUPPORTED:  http.StatusUnsupportedMediaType,
}

// statusClientGone is what the log says of a request whose client left
// before the answer (nginx's number for it): not a failure of ours.
const statusClientGone = 499

// handleError is the one place errors become responses: an HTML page for
// browsers, JSON for API clients. Internal errors are logged with their
// cause; readers only ever see a plain sentence.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	if errors.Is(err, context.Canceled) && c.Request().Context().Err() != nil {
		// Nobody is left to read an answer; the request log says 499.
		c.Response().Status = statusClientGone
		return
	}
	status := http.StatusInternalServerError
	message := timeline.ErrorMessage(err)
	var he *echo.HTTPError
	if errors.As(err, &he) {
		status = he.Code
		message = http.StatusText(status)
		switch status {
		case http.StatusNotFound:
			message = "There is no page at this address."
		case http.StatusRequestEntityTooLarge:
			message = "What was sent is larger than this address accepts."
		}
	} else if errors.Is(err, errStreamsBusy) {
		status = http.StatusServiceUnavailable
	} else {
		status = statusOf[timeline.ErrorCode(err)]
	}
	// An error answer is never the page's cached version, and a failure of
	// ours is not kept by any cache.
	h := c.Response().Header()
	h.Del("ETag")
	h.Del(echo.HeaderLastModified)
	if status >= 500 {
		h.Set(echo.HeaderCacheControl, "no-store")
	}
	busy := errors.Is(err, errStreamsBusy)
	if busy {
		// Load, not a failure: the reader is asked to come back.
		s.log.Warn("printouts and exports busy", "path", c.Request().URL.Path)
	} else if status >= 500 {
		s.log.Error("request failed", "err", err, "path", c.Request().URL.Path,
			"request_id", c.Response().Header().Get(echo.HeaderXRequestID))
		message = timeline.ErrorMessage(errors.New("hidden"))
	}

	if strings.HasPrefix(c.Request().URL.Path, "/api/") || wantsJSON(c.Request()) {
		_ = c.JSON(status, map[string]any{"error": map[string]any{"status": status, "message": message}})
		return
	}
	if he == nil && status < 500 {
		message = errorSaid(c.Request().Context(), err) // the page's language; JSON above stays English
	}
	heading, message := errorText(c, status, message)
	if busy {
		heading, message = tr(c, "error.busy"), tr(c, "error.busy.message")
	}
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

// sessionFailed answers a request whose staff session could not be read or
// saved (the database is down): one whole error page. It is called by the
// session middleware, before or instead of the handler's own answer, so the
// handler's later writes are dropped rather than appended to the page.
func (s *Server) sessionFailed(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("staff session failed", "err", err, "path", r.URL.Path)
	page := views.ErrorPage{
		Meta:    views.Meta{Title: "Service unavailable · Annals", Lang: i18n.Default, NoIndex: true},
		Status:  http.StatusServiceUnavailable,
		Heading: "Service unavailable",
		Message: "Annals cannot reach its database just now. Please try again in a minute.",
	}
	var buf bytes.Buffer
	_ = views.Error(page).Render(r.Context(), &buf)
	h := w.Header()
	h.Del("Set-Cookie")
	h.Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	h.Set(echo.HeaderCacheControl, "no-store")
	h.Set("Retry-After", "30")
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write(buf.Bytes())
	if res, ok := w.(*echo.Response); ok {
		res.Writer = droppedWriter{res.Writer}
	}
}

// droppedWriter keeps a response's headers but drops what is written.
type droppedWriter struct{ http.ResponseWriter }

func (droppedWriter) WriteHeader(int) {}

func (droppedWriter) Write(p []byte) (int, error) { return len(p), nil }
