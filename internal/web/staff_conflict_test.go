package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/webtest"
)

// Two people edit the same title at once: exactly one save wins, the other
// gets the conflict page with both titles, and no revision is lost.
func TestConcurrentEditsConflict(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	a := app.SignIn(t, app.User(t, auth.RoleContributor))
	b := app.SignIn(t, app.User(t, auth.RoleEditor))
	id := createEvent(t, a, eventForm("Protest in Monywa", "https://example.org/monywa"))

	for round := range 5 {
		formA, formB := editForm(t, a, id), editForm(t, b, id)
		titleA, titleB := fmt.Sprintf("Protest in Monywa (A %d)", round), fmt.Sprintf("Protest in Monywa (B %d)", round)
		formA.Set("title", titleA)
		formB.Set("title", titleB)
		revsBefore, _ := app.Store.History(ctx, "event", id)

		type answer struct {
			status int
			body   string
		}
		answers := make([]answer, 2)
		var start, done sync.WaitGroup
		start.Add(1)
		for i, s := range []*webtest.Session{a, b} {
			done.Add(1)
			form := formA
			if i == 1 {
				form = formB
			}
			go func() {
				defer done.Done()
				start.Wait()
				res, body := s.Post(t, fmt.Sprintf("/staff/events/%d", id), form)
				answers[i] = answer{res.StatusCode, body}
			}()
		}
		start.Done()
		done.Wait()

		won, lost := -1, -1
		for i, ans := range answers {
			switch ans.status {
			case http.StatusSeeOther:
				won = i
			case http.StatusConflict:
				lost = i
			default:
				t.Fatalf("round %d: save %d answered %d\n%s", round, i, ans.status, errorsOf(ans.body))
			}
		}
		if won < 0 || lost < 0 {
			t.Fatalf("round %d: answers %d and %d; want exactly one winner and one conflict", round, answers[0].status, answers[1].status)
		}
		winner, loser := []string{titleA, titleB}[won], []string{titleA, titleB}[lost]
		ev, _ := app.Store.StaffEvent(ctx, id)
		if ev.Work.Title != winner {
			t.Fatalf("round %d: saved title %q, want the winner's %q", round, ev.Work.Title, winner)
		}
		revsAfter, _ := app.Store.History(ctx, "event", id)
		if len(revsAfter) != len(revsBefore)+1 {
			t.Fatalf("round %d: %d revisions after one successful save, want %d", round, len(revsAfter), len(revsBefore)+1)
		}

		// The conflict page shows both versions and keeps the loser's text
		// in a form based on the current version.
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(answers[lost].body))
		conflict := doc.Find("[data-testid=conflict]").Text()
		if !strings.Contains(conflict, winner) || !strings.Contains(conflict, loser) {
			t.Fatalf("round %d: the conflict page does not show both titles:\n%s", round, conflict)
		}
		if v, _ := doc.Find("form[data-testid=editor] input[name=version]").Attr("value"); v != fmt.Sprint(ev.Version) {
			t.Fatalf("round %d: the merge form is based on version %s, want %d", round, v, ev.Version)
		}
		if v, _ := doc.Find("form[data-testid=editor] input[name=title]").Attr("value"); v != loser {
			t.Fatalf("round %d: the merge form lost the typed title (%q)", round, v)
		}
	}

	// Changes to different fields merge by themselves (three-way, from
	// the version both started at): B's title and A's summary both stay.
	formA, formB := editForm(t, a, id), editForm(t, b, id)
	formA.Set("summary", "Merged summary")
	if res, _ := a.Post(t, fmt.Sprintf("/staff/events/%d", id), formA); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d", res.StatusCode)
	}
	formB.Set("title", "Protest in Monywa (merged)")
	if res, body := b.Post(t, fmt.Sprintf("/staff/events/%d", id), formB); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("stale save of another field: %d, want merged and saved\n%s", res.StatusCode, errorsOf(body))
	}
	ev, _ := app.Store.StaffEvent(ctx, id)
	if ev.Work.Title != "Protest in Monywa (merged)" || ev.Work.Summary != "Merged summary" {
		t.Fatalf("after merging: %q / %q", ev.Work.Title, ev.Work.Summary)
	}
}
