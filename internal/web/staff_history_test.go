package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/webtest"
)

// The history compares two versions in staff words: an edit of a published
// event (whose figures the form sends without their ids, and which is a
// pending edit) shows no id and no flag, and a one-word change inside the
// summary marks that word, not the paragraph.
func TestHistoryDiffIsReadable(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	contributor := app.SignIn(t, app.User(t, auth.RoleContributor))
	reviewer := app.SignIn(t, app.User(t, auth.RoleReviewer))
	const before = "Security forces opened fire on protesters in Mandalay on the morning of 27 March, witnesses said."
	const after = "Security forces opened fire on mourners in Mandalay on the morning of 27 March, witnesses said."
	form := eventForm("Shooting in Mandalay", "https://example.org/mandalay")
	form.Set("summary", before)
	id := createEvent(t, contributor, form)
	act(t, app, contributor, id, "submit", nil)
	act(t, app, reviewer, id, "publish", nil)

	edit := editForm(t, contributor, id)
	edit.Set("summary", after)
	if res, body := contributor.Post(t, fmt.Sprintf("/staff/events/%d", id), edit); res.StatusCode != 303 {
		t.Fatalf("edit: %d\n%s", res.StatusCode, errorsOf(body))
	}
	_, body := contributor.Get(t, fmt.Sprintf("/staff/events/%d/history", id))
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	diff := doc.Find("[data-testid=diff]")
	text := diff.Text()
	for _, internal := range []string{"figures[", ".id", "pending", "source_id"} {
		if strings.Contains(text, internal) {
			t.Errorf("the history diff shows %q:\n%s", internal, text)
		}
	}
	if rows := diff.Find("tbody tr"); rows.Length() != 1 || !strings.Contains(rows.Find("th").Text(), "Summary") {
		t.Errorf("the diff lists %d rows, want only the summary:\n%s", rows.Length(), text)
	}
	if got := strings.TrimSpace(diff.Find("del").Text()); got != "protesters" {
		t.Errorf("deleted: %q, want only the word protesters", got)
	}
	if got := strings.TrimSpace(diff.Find("ins").Text()); got != "mourners" {
		t.Errorf("inserted: %q, want only the word mourners", got)
	}
	if !strings.Contains(doc.Find("[data-testid=diff-notes]").Text(), "Pending edit of a published event") {
		t.Errorf("the history does not say the later version is a pending edit")
	}

	// With the unchanged fields shown, they are named in words too.
	_, body = contributor.Get(t, fmt.Sprintf("/staff/events/%d/history?all=1", id))
	doc, _ = goquery.NewDocumentFromReader(strings.NewReader(body))
	text = doc.Find("[data-testid=diff]").Text()
	for _, want := range []string{"Title", "Start date", "Actor", "Source “Report on Shooting in Mandalay”",
		"Figure: killed at least 12 (as of 5 March 2021)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the full diff does not show %q:\n%s", want, text)
		}
	}
	for _, internal := range []string{"figures[", "source_id", "pending"} {
		if strings.Contains(text, internal) {
			t.Errorf("the full diff shows %q", internal)
		}
	}
}
