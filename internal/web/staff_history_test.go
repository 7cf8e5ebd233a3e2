package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/webtest"
)

// listedRevisions follows the history list's "next" links from path and
// returns the revisions listed, checking each comes once.
func listedRevisions(t *testing.T, s *webtest.Session, path string) ([]*goquery.Selection, int) {
	t.Helper()
	var rows []*goquery.Selection
	seen := map[string]bool{}
	pages := 0
	for path != "" {
		res, body := s.Get(t, path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d\n%s", path, res.StatusCode, errorsOf(body))
		}
		pages++
		d := doc(t, body)
		d.Find("[data-testid=history-row]").Each(func(_ int, sel *goquery.Selection) {
			id, _ := sel.Attr("data-revision")
			if seen[id] {
				t.Errorf("%s: revision %s listed twice", path, id)
			}
			seen[id] = true
			rows = append(rows, sel)
		})
		path, _ = d.Find("a[rel=next]").Attr("href")
		if pages > 50 {
			t.Fatal("paging does not end")
		}
	}
	return rows, pages
}

// The history list pages every revision once in each order, finds by
// reason, author and title, filters by author, kind of change and dates,
// keeps what was asked in its form, refuses what it cannot show, and
// shows an account's own changes to an admin only.
func TestStaffHistoryListSearchFiltersPages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	editor := app.User(t, auth.RoleEditor)
	admin := app.User(t, auth.RoleAdmin)
	pool := app.Store.Pool()
	if _, err := pool.Exec(ctx, `
INSERT INTO revisions (entity, entity_id, version, action, author, author_id, reason, record, created_at)
SELECT CASE WHEN i % 10 = 0 THEN 'source' ELSE 'event' END, 100000 + i, 1, CASE WHEN i % 3 = 0 THEN 'publish' ELSE 'save' END,
       CASE WHEN i % 2 = 0 THEN 'Editor Ei' ELSE 'Someone Else' END, CASE WHEN i % 2 = 0 THEN $1::bigint END,
       CASE WHEN i % 7 = 0 THEN 'corrected after the obsidian report' ELSE 'routine check' END,
       jsonb_build_object('title', 'Listed change ' || i), timestamptz '2023-01-01' + i * interval '1 day'
FROM generate_series(1, 140) i`, editor.ID); err != nil {
		t.Fatal(err)
	}
	count := func(where string) int {
		var n int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM revisions WHERE `+where).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	staffTotal := count(`entity NOT IN ('user', 'setting', 'api_token')`)
	if count(`entity = 'user'`) == 0 {
		t.Fatal("no account revision to hide")
	}
	s := app.SignIn(t, editor)
	for _, sort := range []string{"newest", "oldest", "author"} {
		rows, pages := listedRevisions(t, s, "/staff/history?sort="+sort)
		if len(rows) != staffTotal || pages < 3 {
			t.Errorf("sort %s: %d revisions in %d pages, want %d in 3 or more", sort, len(rows), pages, staffTotal)
		}
	}
	for _, tc := range []struct {
		name, query string
		want        int
		each        string // text every row holds
	}{
		{"reason", "q=obsidian", 20, "obsidian"},
		{"title", "q=" + url.QueryEscape("listed change 13"), 11, "Listed change 13"}, // 13 and 130-139
		{"author name", "q=" + url.QueryEscape("someone else"), 70, "Someone Else"},
		{"author", "author=" + strconv.FormatInt(editor.ID, 10), count(`author_id = ` + strconv.FormatInt(editor.ID, 10)), ""},
		{"kind of change", "action=publish&entity=source", 4, "published"},
		{"dates", "from=2023-02&to=2023-02", 28, " Feb 2023 "},
		{"search and dates", "q=obsidian&from=2023-03-01&to=2023-04", 9, "obsidian"},
	} {
		rows, _ := listedRevisions(t, s, "/staff/history?"+tc.query)
		if len(rows) != tc.want {
			t.Errorf("%s: %d revisions, want %d", tc.name, len(rows), tc.want)
		}
		for _, r := range rows {
			if tc.each != "" && !strings.Contains(r.Text(), tc.each) {
				t.Errorf("%s: a row without %q: %s", tc.name, tc.each, r.Text())
				break
			}
		}
	}
	// The form keeps what was asked, and links to each record's history.
	res, body := s.Get(t, "/staff/history?q=obsidian&action=publish&from=2023")
	d := doc(t, body)
	if res.StatusCode != http.StatusOK || d.Find("#history-q").AttrOr("value", "") != "obsidian" ||
		d.Find("#history-action option[selected]").AttrOr("value", "") != "publish" || d.Find("#history-from").AttrOr("value", "") != "2023" {
		t.Errorf("the form does not keep the query (%d)", res.StatusCode)
	}
	if href := d.Find("[data-testid=history-row] a").First().AttrOr("href", ""); !strings.HasSuffix(href, "/history") {
		t.Errorf("a row links to %q, not a record's history", href)
	}
	for _, bad := range []string{"sort=random", "action=lost", "from=yesterday", "author=x", "after=nope", "entity=user"} {
		res, body := s.Get(t, "/staff/history?"+bad)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `data-testid="errors"`) {
			t.Errorf("%s: %d, want 422 with the problem", bad, res.StatusCode)
		}
	}
	// Accounts' changes are an admin's to read.
	if rows, _ := listedRevisions(t, s, "/staff/history?q=Listed"); len(rows) != 140 {
		t.Errorf("search Listed: %d", len(rows))
	}
	as := app.SignIn(t, admin)
	if rows, _ := listedRevisions(t, as, "/staff/history"); len(rows) != count("TRUE") {
		t.Errorf("admin: %d revisions, want every one (%d)", len(rows), count("TRUE"))
	}
	if rows, _ := listedRevisions(t, as, "/staff/history?entity=user"); len(rows) != count(`entity = 'user'`) {
		t.Errorf("admin, accounts: %d", len(rows))
	}
}
