package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
)

// A streamed page that fails midway has already sent 200 and its start:
// the reader must be told in the page that it is incomplete, and the error
// must come back (for the log, and so no cache keeps the page).
func TestStreamedPageSaysWhenItIsCut(t *testing.T) {
	e := echo.New()
	rec := httptest.NewRecorder()
	c := e.NewContext(httptest.NewRequest(http.MethodGet, "/t/x/print", nil), rec)
	broken := errors.New("the database went away")
	page := templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		io.WriteString(w, "<p>first events</p>")
		return broken
	})
	err := (&Server{}).streamPage(c, page, "This printout is incomplete & cut.")
	if !errors.Is(err, broken) {
		t.Errorf("streamPage returned %v, want the render's error", err)
	}
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.HasPrefix(body, "<p>first events</p>") {
		t.Fatalf("status %d, body %q: the start of the page was not sent", rec.Code, body)
	}
	if !strings.Contains(body, `role="alert"`) || !strings.Contains(body, "This printout is incomplete &amp; cut.") {
		t.Errorf("the cut page does not say so: %q", body)
	}

	rec = httptest.NewRecorder()
	c = e.NewContext(httptest.NewRequest(http.MethodGet, "/t/x/print", nil), rec)
	whole := templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, "<p>all events</p>")
		return err
	})
	if err := (&Server{}).streamPage(c, whole, "cut"); err != nil || rec.Body.String() != "<p>all events</p>" {
		t.Errorf("a whole page: err %v, body %q", err, rec.Body.String())
	}
}
