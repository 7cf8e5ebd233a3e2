package web

import (
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"annals/internal/i18n"
	"annals/internal/timeline"
	"annals/views"
)

// TestProblemMapSaysEveryErrorInThePagesLanguage: a form's summary says a
// keyed refusal (not a validation error) in the page's language, as flashes
// and error pages do, and finds validation problems however deeply wrapped.
func TestProblemMapSaysEveryErrorInThePagesLanguage(t *testing.T) {
	e := echo.New()
	ctxIn := func(lang string) echo.Context {
		req := httptest.NewRequest("POST", "/staff/events", nil)
		req = req.WithContext(views.WithLang(req.Context(), lang))
		return e.NewContext(req, httptest.NewRecorder())
	}
	wantMy := i18n.Messages().Problem("my", "workflow.own", nil)
	if _, list := problemMap(ctxIn("my"), timeline.ErrOwnChange); len(list) != 1 || list[0] != wantMy {
		t.Errorf("Burmese summary of a keyed refusal: %q, want [%q]", list, wantMy)
	}
	if _, list := problemMap(ctxIn("en"), timeline.ErrOwnChange); len(list) != 1 || list[0] != timeline.ErrOwnChange.Message {
		t.Errorf("English summary of a keyed refusal: %q, want [%q]", list, timeline.ErrOwnChange.Message)
	}
	wrapped := fmt.Errorf("save event: %w", &timeline.ValidationError{Problems: []timeline.Problem{{Field: "title", Message: "is required"}}})
	if m, _ := problemMap(ctxIn("en"), wrapped); m["title"] != "is required" {
		t.Errorf("a wrapped validation error lost its field: %q", m)
	}
}
