package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"annals/internal/auth"
	"annals/internal/webtest"
)

// Staff work the public cannot see must not show in public ETags either:
// anyone polling a page would learn from a new ETag over the same body that
// staff are editing its events. A pending edit of a published event, a
// draft, and an edit of a confidential source leave the ETags of the pages
// as they were; publishing the edit changes them.
func TestPublicETagsIgnoreUnpublishedWork(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	app := webtest.Start(t, webtest.Options{})
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	var coup, secret int64
	if err := app.Store.Pool().QueryRow(ctx, `SELECT id FROM events WHERE slug = 'coup'`).Scan(&coup); err != nil {
		t.Fatal(err)
	}
	if err := app.Store.Pool().QueryRow(ctx, `
UPDATE sources SET confidential = true
WHERE id = (SELECT min(source_id) FROM event_sources WHERE event_id = $1) RETURNING id`, coup).Scan(&secret); err != nil {
		t.Fatal(err)
	}
	paths := []string{"/", "/t/myanmar-2021", "/t/myanmar-2021/e/coup", "/embed/t/myanmar-2021/e/coup"}
	etags := func() map[string]string {
		t.Helper()
		out := map[string]string{}
		for _, p := range paths {
			res, _ := app.Get(t, p)
			if res.StatusCode != http.StatusOK || res.Header.Get("ETag") == "" {
				t.Fatalf("GET %s: status %d, ETag %q", p, res.StatusCode, res.Header.Get("ETag"))
			}
			out[p] = res.Header.Get("ETag")
		}
		return out
	}
	before := etags()
	unchanged := func(what string) {
		t.Helper()
		now := etags()
		for _, p := range paths {
			if now[p] != before[p] {
				t.Errorf("%s changed the ETag of %s", what, p)
			}
		}
		before = now
	}

	edit := editForm(t, editor, coup)
	edit.Set("title", "Military seizes power (pending edit)")
	if res, body := editor.Post(t, fmt.Sprintf("/staff/events/%d", coup), edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save pending edit: %d\n%s", res.StatusCode, errorsOf(body))
	}
	unchanged("saving a pending edit of a published event")

	act(t, app, editor, coup, "submit", nil)
	unchanged("submitting the pending edit")

	draft := createEvent(t, editor, eventForm("A raid nobody may know of yet", "https://example.org/unpublished-raid"))
	form := editForm(t, editor, draft)
	form.Set("title", "A raid nobody may know of yet, edited")
	if res, body := editor.Post(t, fmt.Sprintf("/staff/events/%d", draft), form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit draft: %d\n%s", res.StatusCode, errorsOf(body))
	}
	unchanged("writing a draft event")

	ls, err := app.Store.LibrarySourceByID(ctx, secret)
	if err != nil {
		t.Fatal(err)
	}
	src := url.Values{"url": {ls.Source.URL}, "title": {"Witness statement, renamed"}, "publisher": {ls.Source.Publisher},
		"published": {ls.Source.Published.String()}, "kind": {ls.Source.Kind}, "archive": {ls.Source.ArchiveURL},
		"language": {ls.Source.Language}, "confidential": {"on"}, "version": {strconv.Itoa(ls.Version)}, "reason": {"rename"}}
	if res, body := editor.Post(t, fmt.Sprintf("/staff/sources/%d", secret), src); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit confidential source: %d\n%s", res.StatusCode, errorsOf(body))
	}
	unchanged("editing a confidential source")

	reviewer := app.SignIn(t, app.User(t, auth.RoleReviewer))
	act(t, app, reviewer, coup, "publish", nil)
	now := etags()
	for _, p := range paths[1:] {
		if now[p] == before[p] {
			t.Errorf("publishing the edit left the ETag of %s as it was", p)
		}
	}
}
