package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

// unsourcedForm is the editor's form for an event citing nothing.
func unsourcedForm(title string) url.Values {
	form := eventForm(title, "https://example.org/unused")
	for k := range form {
		if strings.HasPrefix(k, "cite_") || strings.HasPrefix(k, "fig_") {
			delete(form, k)
		}
	}
	form.Set("cite_rows", "0")
	form.Set("fig_rows", "0")
	return form
}

// sourcesError is the error shown in the editor's Sources fieldset.
func sourcesError(t *testing.T, body string) string {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var msg string
	doc.Find("fieldset").Each(func(_ int, f *goquery.Selection) {
		if strings.TrimSpace(f.Find("legend").First().Text()) == "Sources" {
			msg = strings.TrimSpace(f.Find(".field-error").First().Text())
		}
	})
	return msg
}

// Submitting an event without a source is refused at submit, next to the
// sources field; a draft may still be saved without one.
func TestSubmitNeedsASourceInTheEditorAndAPI(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	u := app.User(t, auth.RoleContributor)
	contributor := app.SignIn(t, u)

	form := unsourcedForm("Arrest of a journalist in Yangon")
	form.Set("do", "submit")
	res, body := contributor.Post(t, "/staff/events", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("save and submit without a source: %d, want 422", res.StatusCode)
	}
	if msg := sourcesError(t, body); !strings.Contains(msg, "source") {
		t.Fatalf("no error next to the sources field: %q", msg)
	}

	form.Set("do", "save")
	id := createEvent(t, contributor, form)
	res, body = contributor.Post(t, fmt.Sprintf("/staff/events/%d/submit", id), url.Values{"version": {version(t, app, id)}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("submit button without a source: %d, want 422", res.StatusCode)
	}
	if msg := sourcesError(t, body); !strings.Contains(msg, "source") {
		t.Fatalf("the submit button's refusal is not next to the sources field: %q", msg)
	}
	if ev, _ := app.Store.StaffEvent(context.Background(), id); ev.Work.Status != timeline.StatusDraft {
		t.Fatalf("the refused submit left the event %s", ev.Work.Status)
	}

	token := newToken(t, contributor, "rules test")
	body2 := apiEventBody("Arrest of a student in Mandalay", "")
	delete(body2, "sources")
	delete(body2, "figures")
	path, v, _ := createViaAPI(t, app, token, body2)
	a := apiCall(t, app, http.MethodPost, path+"/submit", token, map[string]any{"version": v})
	if a.Status != http.StatusUnprocessableEntity || !slices.Contains(a.problems(), "sources") {
		t.Fatalf("API submit without a source: %d %s, want 422 naming sources", a.Status, a.Body)
	}
	body2["submit"] = true
	body2["title"] = "Arrest of a second student in Mandalay"
	if a := apiCall(t, app, http.MethodPost, eventsPath, token, body2); a.Status != http.StatusUnprocessableEntity ||
		!slices.Contains(a.problems(), "sources") {
		t.Fatalf("API create and submit without a source: %d %s, want 422 naming sources", a.Status, a.Body)
	}
}

// The review page offers Publish only to someone who may publish: not to
// the editor who imported part of the change.
func TestImporterSeesNoPublishButton(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	app := webtest.Start(t, webtest.Options{})
	contributor := app.SignIn(t, app.User(t, auth.RoleContributor))
	editorUser := app.User(t, auth.RoleEditor)
	editor := app.SignIn(t, editorUser)
	reviewer := app.SignIn(t, app.User(t, auth.RoleReviewer))

	form := eventForm("Shelling of a village in Sagaing", "https://example.org/sagaing-shelling")
	form.Set("do", "submit")
	id := createEvent(t, contributor, form)
	cur, err := app.Store.StaffEvent(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := app.Store.ExportTimeline(ctx, "myanmar-2021", false)
	if err != nil {
		t.Fatal(err)
	}
	for i := range doc.Events {
		if doc.Events[i].Slug == cur.Live.Slug {
			doc.Events[i].Summary = "Shelling reported by residents, **revised**."
		}
	}
	res, err := app.Store.ImportDocument(ctx, doc, timeline.ImportOptions{Author: editorUser.DisplayName(),
		AuthorID: editorUser.ID, Reason: "spreadsheet", Drafts: true})
	if err != nil || res.EventsUpdated != 1 {
		t.Fatalf("import: %s %v, want one event updated", res, err)
	}

	publishButton := func(s *webtest.Session) bool {
		t.Helper()
		r, body := s.Get(t, fmt.Sprintf("/staff/events/%d/review", id))
		if r.StatusCode != http.StatusOK {
			t.Fatalf("review page: %d", r.StatusCode)
		}
		page, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
		found := false
		page.Find("[data-testid=workflow] button").Each(func(_ int, b *goquery.Selection) {
			found = found || strings.TrimSpace(b.Text()) == "Publish"
		})
		return found
	}
	if publishButton(editor) {
		t.Error("the editor who imported the change is offered Publish")
	}
	if !publishButton(reviewer) {
		t.Error("another reviewer is not offered Publish")
	}
	if r, _ := editor.Post(t, fmt.Sprintf("/staff/events/%d/publish", id), url.Values{"version": {version(t, app, id)}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("the importer published the imported change: %d, want 403", r.StatusCode)
	}
}
