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

// A library too large to list whole: the list pages and searches, and the
// editor's source lists offer the sources cited plus what the editor finds,
// never the whole library.
func TestLargeLibraryIsSearchedNotListed(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	if _, err := app.Store.Pool().Exec(ctx, `
INSERT INTO sources (url, title, publisher)
SELECT 'https://library.example.org/' || i, 'Library item ' || i, 'Archive' FROM generate_series(1, 3000) i`); err != nil {
		t.Fatal(err)
	}
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))

	res, body := editor.Get(t, "/staff/sources")
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	if res.StatusCode != http.StatusOK || doc.Find("[data-testid=sources] tbody tr").Length() != 100 || doc.Find("[data-testid=sources-next]").Length() != 1 {
		t.Fatalf("first page of a 3,027-source library: %d, %d rows", res.StatusCode, doc.Find("[data-testid=sources] tbody tr").Length())
	}
	_, body = editor.Get(t, "/staff/sources?q="+url.QueryEscape("library.example.org/2999"))
	doc, _ = goquery.NewDocumentFromReader(strings.NewReader(body))
	if rows := doc.Find("[data-testid=sources] tbody tr"); rows.Length() != 1 || !strings.Contains(rows.Text(), "Library item 2999") {
		t.Fatalf("search by web address found %q", rows.Text())
	}

	// The editor: an event citing a source far down the library.
	id := createEvent(t, editor, eventForm("Picker test", "https://library.example.org/2500"))
	_, body = editor.Get(t, fmt.Sprintf("/staff/events/%d", id))
	doc, _ = goquery.NewDocumentFromReader(strings.NewReader(body))
	options := doc.Find("select[name=cite_source_0] option")
	if options.Length() > 1+editorChoices+5 {
		t.Fatalf("the source list offers %d options: the whole library again", options.Length())
	}
	if !strings.Contains(doc.Find("select[name=cite_source_0] option[selected]").Text(), "Library item 2500") &&
		!strings.Contains(doc.Find("select[name=cite_source_0] option[selected]").Text(), "Picker test") {
		t.Fatalf("the cited source is not offered and selected: %q", doc.Find("select[name=cite_source_0] option[selected]").Text())
	}
	if !strings.Contains(doc.Find("[data-testid=source-find-hint]").Text(), "find others") {
		t.Errorf("the editor does not say the library holds more: %q", doc.Find("[data-testid=source-find-hint]").Text())
	}
	form := editForm(t, editor, id)
	form.Set("source_q", "Library item 1234")
	form.Set("do", "find_sources")
	res, body = editor.Post(t, fmt.Sprintf("/staff/events/%d", id), form)
	doc, _ = goquery.NewDocumentFromReader(strings.NewReader(body))
	if res.StatusCode != http.StatusOK || !strings.Contains(doc.Find("select[name=cite_source_1]").Text(), "Library item 1234") {
		t.Fatalf("finding a source: %d; second row offers %q", res.StatusCode, doc.Find("select[name=cite_source_1]").Text())
	}
	if doc.Find("input[name=title]").AttrOr("value", "") != "Picker test" {
		t.Error("finding a source lost the form")
	}
}

const editorChoices = 50
