package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/webtest"
)

// An editor edits a library source, a stale edit gets a conflict, and an
// earlier version is restored from the history; the public page follows.
func TestSourceEditConflictRestore(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	sources, err := app.Store.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var src = sources[0]
	for _, s := range sources {
		if s.Uses > 0 && !s.Source.Confidential && s.Source.URL != "" {
			src = s
			break
		}
	}
	id := src.Source.ID
	path := fmt.Sprintf("/staff/sources/%d", id)
	form := func(title string, version int) url.Values {
		return url.Values{"title": {title}, "publisher": {src.Source.Publisher}, "url": {src.Source.URL},
			"published": {src.Source.Published.String()}, "kind": {src.Source.Kind}, "version": {fmt.Sprint(version)}}
	}
	if res, body := editor.Post(t, path, form("Renamed source title", src.Version)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit source: %d\n%s", res.StatusCode, errorsOf(body))
	}
	res, body := editor.Post(t, path, form("A stale rename", src.Version))
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Renamed source title") {
		t.Fatalf("stale edit: %d, want 409 naming the saved title", res.StatusCode)
	}
	if res, _ := editor.Post(t, path, url.Values{"title": {"x"}, "url": {"javascript:alert(1)"}, "kind": {"news"},
		"version": {fmt.Sprint(src.Version + 1)}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("javascript: URL on a source: %d, want 422", res.StatusCode)
	}
	_, hist := editor.Get(t, path+"/history")
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(hist))
	if n := doc.Find("[data-testid=revision]").Length(); n < 2 {
		t.Fatalf("source history lists %d revisions", n)
	}
	if !strings.Contains(doc.Find("[data-testid=diff]").Text(), "Renamed source title") {
		t.Fatal("the history does not show the rename")
	}
	restore := doc.Find("form.restore")
	rev := restore.Find("input[name=revision]").AttrOr("value", "")
	ver := restore.Find("input[name=version]").AttrOr("value", "")
	res, _ = editor.Post(t, path+"/restore", url.Values{"revision": {rev}, "version": {ver}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d", res.StatusCode)
	}
	got, _ := app.Store.LibrarySourceByID(ctx, id)
	if got.Source.Title != src.Source.Title {
		t.Fatalf("after restore the title is %q, want %q", got.Source.Title, src.Source.Title)
	}
}
