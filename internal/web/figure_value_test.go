package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/webtest"
)

// TestFigureValueFieldSaysItsRange: the editor tells what a count can be,
// in words and in the attributes browsers check, before the server refuses
// a larger one.
func TestFigureValueFieldSaysItsRange(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	s := app.SignIn(t, app.User(t, auth.RoleContributor))
	res, body := s.Get(t, "/staff/events/new")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	in := doc.Find("input#fig_value_0")
	for attr, want := range map[string]string{"type": "number", "min": "0", "max": "10000000000", "step": "1"} {
		if got, _ := in.Attr(attr); got != want {
			t.Errorf("the figure value input has %s=%q, want %q", attr, got, want)
		}
	}
	if label := doc.Find(`label[for="fig_value_0"]`).Text(); !strings.Contains(label, "0 to 10,000,000,000") {
		t.Errorf("the label %q does not give the range", label)
	}
}
