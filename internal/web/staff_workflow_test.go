package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"annals/internal/auth"
	"annals/internal/web"
	"annals/internal/webtest"
)

// The whole life of an event, checking after each step what the public
// sees and what the history says.
func TestWorkflowDraftReviewPublishEditRetractRestore(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	contributor := app.SignIn(t, app.User(t, auth.RoleContributor))
	reviewer := app.SignIn(t, app.User(t, auth.RoleReviewer))
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))

	const first, second = "Soldiers fire on marchers in Hlaing Tharyar", "Soldiers fire on marchers in Hlaing Tharyar township"
	id := createEvent(t, contributor, eventForm(first, "https://example.org/hlaing-tharyar"))
	ev, err := app.Store.StaffEvent(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	permalink := "/t/myanmar-2021/e/" + ev.Live.Slug
	publicHas := func(step, want string, eventStatus int) {
		t.Helper()
		res, body := app.Get(t, permalink)
		if res.StatusCode != eventStatus {
			t.Fatalf("%s: permalink %d, want %d", step, res.StatusCode, eventStatus)
		}
		_, tl := app.Get(t, "/t/myanmar-2021")
		if want == "" {
			if strings.Contains(body, "Hlaing Tharyar") || strings.Contains(tl, "Hlaing Tharyar") {
				t.Fatalf("%s: the public sees the event", step)
			}
			return
		}
		if !strings.Contains(body, want) {
			t.Fatalf("%s: the permalink does not show %q", step, want)
		}
		if eventStatus == http.StatusOK && !strings.Contains(tl, want) && !strings.Contains(body, "retracted") {
			t.Fatalf("%s: the timeline does not show %q", step, want)
		}
	}
	history := func(step string, want ...string) {
		t.Helper()
		revs, err := app.Store.History(context.Background(), "event", id)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i := len(revs) - 1; i >= 0; i-- {
			got = append(got, revs[i].Action)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("%s: history %v, want %v", step, got, want)
		}
		res, body := contributor.Get(t, fmt.Sprintf("/staff/events/%d/history", id))
		if res.StatusCode != http.StatusOK || strings.Count(body, `data-testid="revision"`) != len(want) {
			t.Fatalf("%s: history page %d shows %d revisions, want %d", step, res.StatusCode,
				strings.Count(body, `data-testid="revision"`), len(want))
		}
	}

	publicHas("draft", "", http.StatusNotFound)
	history("draft", "create")

	if msg := act(t, app, contributor, id, "submit", nil); msg != "Submitted for review." {
		t.Fatalf("submit: %q", msg)
	}
	publicHas("in review", "", http.StatusNotFound)
	history("in review", "create", "submit")

	// A contributor cannot publish, whatever the form says.
	res, _ := contributor.Post(t, fmt.Sprintf("/staff/events/%d/publish", id), url.Values{"version": {version(t, app, id)}})
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("contributor publishing: %d, want 403", res.StatusCode)
	}
	act(t, app, reviewer, id, "publish", nil)
	publicHas("published", first, http.StatusOK)
	history("published", "create", "submit", "publish")

	// An edit of a published event: the public keeps the published title
	// until the edit is published.
	form := editForm(t, contributor, id)
	form.Set("title", second)
	res, body := contributor.Post(t, fmt.Sprintf("/staff/events/%d", id), form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", res.StatusCode, errorsOf(body))
	}
	publicHas("edit saved", first, http.StatusOK)
	if _, b := app.Get(t, permalink); strings.Contains(b, "township") {
		t.Fatal("the draft edit reached the public page")
	}
	act(t, app, contributor, id, "submit", nil)
	publicHas("edit in review", first, http.StatusOK)
	_, review := reviewer.Get(t, fmt.Sprintf("/staff/events/%d/review", id))
	if !strings.Contains(review, second) || !strings.Contains(review, `data-testid="diff"`) {
		t.Fatal("the review page does not show the diff against the published version")
	}
	act(t, app, reviewer, id, "publish", nil)
	publicHas("edit published", second, http.StatusOK)
	history("edit published", "create", "submit", "publish", "save", "submit", "publish")

	// Retracted: off the timeline, the permalink stays with a notice.
	if msg := act(t, app, reviewer, id, "retract", url.Values{"reason": {"the source withdrew its report"}}); !strings.HasPrefix(msg, "Retracted") {
		t.Fatalf("retract: %q", msg)
	}
	res, body = app.Get(t, permalink)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "retracted") || !strings.Contains(body, second) {
		t.Fatalf("retracted permalink: %d, notice shown: %v", res.StatusCode, strings.Contains(body, "retracted"))
	}
	if _, tl := app.Get(t, "/t/myanmar-2021"); strings.Contains(tl, "Hlaing Tharyar") {
		t.Fatal("a retracted event is still listed on the timeline")
	}
	history("retracted", "create", "submit", "publish", "save", "submit", "publish", "retract")

	// Restore the first version: a new draft revision, not yet public.
	revs, _ := app.Store.History(context.Background(), "event", id)
	firstRev := revs[len(revs)-1]
	act(t, app, editor, id, "restore", url.Values{"revision": {fmt.Sprint(firstRev.ID)}})
	history("restored", "create", "submit", "publish", "save", "submit", "publish", "retract", "restore")
	ev, _ = app.Store.StaffEvent(context.Background(), id)
	if ev.Work.Title != first || !ev.Pending || ev.Live.Title != second {
		t.Fatalf("after restore: work %q (pending %v), live %q", ev.Work.Title, ev.Pending, ev.Live.Title)
	}
	if _, b := app.Get(t, permalink); !strings.Contains(b, second) {
		t.Fatal("restoring changed the public page before review")
	}
	act(t, app, editor, id, "submit", nil)
	act(t, app, reviewer, id, "publish", nil)
	publicHas("restored and republished", first, http.StatusOK)
}

// By default the author of a change may not publish it.
func TestAuthorCannotPublishOwnChange(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	reviewer := app.SignIn(t, app.User(t, auth.RoleReviewer))
	id := createEvent(t, reviewer, eventForm("Night raid in Mandalay", "https://example.org/mandalay-raid"))
	act(t, app, reviewer, id, "submit", nil)
	res, _ := reviewer.Post(t, fmt.Sprintf("/staff/events/%d/publish", id), url.Values{"version": {version(t, app, id)}})
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("author publishing own change: %d, want 403", res.StatusCode)
	}

	// Nor when written and submitted in one step, nor when it is an edit.
	form := eventForm("Arson in Kani", "https://example.org/kani")
	form.Set("do", "submit")
	id = createEvent(t, reviewer, form)
	if res, _ := reviewer.Post(t, fmt.Sprintf("/staff/events/%d/publish", id), url.Values{"version": {version(t, app, id)}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("author publishing a change saved and submitted at once: %d, want 403", res.StatusCode)
	}
	other := app.SignIn(t, app.User(t, auth.RoleReviewer))
	act(t, app, other, id, "publish", nil)
	edit := editForm(t, reviewer, id)
	edit.Set("title", "Arson in Kani township")
	edit.Set("do", "submit")
	if res, _ := reviewer.Post(t, fmt.Sprintf("/staff/events/%d", id), edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	if res, _ := reviewer.Post(t, fmt.Sprintf("/staff/events/%d/publish", id), url.Values{"version": {version(t, app, id)}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("author publishing their edit: %d, want 403", res.StatusCode)
	}
	_, editorPage := reviewer.Get(t, fmt.Sprintf("/staff/events/%d/review", id))
	if !strings.Contains(editorPage, "another reviewer must publish it") {
		t.Error("the review page does not explain why the author cannot publish")
	}

	// With the setting, a one-person team can publish its own work.
	small := webtest.Start(t, webtest.Options{Config: web.Config{AllowSelfPublish: true}})
	solo := small.SignIn(t, small.User(t, auth.RoleReviewer))
	id = createEvent(t, solo, eventForm("Night raid in Mandalay", "https://example.org/mandalay-raid"))
	act(t, small, solo, id, "submit", nil)
	if msg := act(t, small, solo, id, "publish", nil); msg != "Published." {
		t.Fatalf("self-publish allowed by setting: %q", msg)
	}
}
