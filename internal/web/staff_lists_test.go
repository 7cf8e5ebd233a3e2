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

func doc(t *testing.T, body string) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// listedEvents follows a staff list's "next" links from path and returns
// the ids of the events listed (from the bulk checkboxes), checking each
// comes once.
func listedEvents(t *testing.T, s *webtest.Session, path string) ([]string, int) {
	t.Helper()
	var ids []string
	seen := map[string]bool{}
	pages := 0
	for path != "" {
		res, body := s.Get(t, path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d\n%s", path, res.StatusCode, errorsOf(body))
		}
		pages++
		d := doc(t, body)
		d.Find("[data-testid=event-list] input[name=event]").Each(func(_ int, sel *goquery.Selection) {
			v, _ := sel.Attr("value")
			id, _, _ := strings.Cut(v, ":")
			if seen[id] {
				t.Errorf("%s: event %s listed twice", path, id)
			}
			seen[id] = true
			ids = append(ids, id)
		})
		path, _ = d.Find("a[rel=next]").Attr("href")
		if pages > 50 {
			t.Fatal("paging does not end")
		}
	}
	return ids, pages
}

// The events list searches, filters and sorts by GET parameters, and its
// pages cover every event exactly once; the filter form keeps what was
// asked (a permalink).
func TestStaffEventListSearchFiltersPages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	if _, err := app.Store.Pool().Exec(ctx, `
INSERT INTO events (slug, title, start_date, start_precision, category_id, status)
SELECT 'list-' || i, CASE WHEN i % 5 = 0 THEN 'Obsidian raid ' ELSE 'Listed event ' END || i,
       date '2019-01-01' + i, 'day', (SELECT min(id) FROM categories), CASE WHEN i % 2 = 0 THEN 'draft' ELSE 'in_review' END
FROM generate_series(1, 130) i`); err != nil {
		t.Fatal(err)
	}
	var total int
	if err := app.Store.Pool().QueryRow(ctx, `SELECT count(*) FROM events`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	s := app.SignIn(t, app.User(t, auth.RoleEditor))
	for _, sort := range []string{"changed", "oldest", "title", "date"} {
		ids, pages := listedEvents(t, s, "/staff/events?sort="+sort)
		if len(ids) != total || pages < 3 {
			t.Errorf("sort %s: %d events in %d pages, want %d in 3 or more", sort, len(ids), pages, total)
		}
	}
	ids, _ := listedEvents(t, s, "/staff/events?q=obsidian&status=in_review")
	if len(ids) != 13 { // odd multiples of 5 up to 130
		t.Errorf("obsidian in review: %d events, want 13", len(ids))
	}
	ids, _ = listedEvents(t, s, "/staff/events?from=2019-01-01&to=2019-01-31")
	if len(ids) != 30 {
		t.Errorf("January 2019: %d events, want 30", len(ids))
	}
	_, body := s.Get(t, "/staff/events?q=obsidian&status=in_review&sort=title")
	d := doc(t, body)
	if v, _ := d.Find("form[role=search] input[name=q]").Attr("value"); v != "obsidian" {
		t.Errorf("the search box shows %q", v)
	}
	if v, _ := d.Find("form[role=search] select[name=status] option[selected]").Attr("value"); v != "in_review" {
		t.Errorf("the status filter shows %q", v)
	}
	if v, _ := d.Find("form[role=search] select[name=sort] option[selected]").Attr("value"); v != "title" {
		t.Errorf("the order shows %q", v)
	}
	res, body := s.Get(t, "/staff/events?sort=random&from=yesterday")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(errorsOf(body), "random") || !strings.Contains(errorsOf(body), "yesterday") {
		t.Errorf("bad parameters: %d\n%s", res.StatusCode, errorsOf(body))
	}
	// The review queue is the same list of work in review, for reviewers.
	r := app.SignIn(t, app.User(t, auth.RoleReviewer))
	ids, _ = listedEvents(t, r, "/staff/review?q=obsidian")
	if len(ids) != 13 {
		t.Errorf("review queue, obsidian: %d, want 13", len(ids))
	}
}

// A bulk publish from the list publishes the others' events, refuses the
// reviewer's own with the reason, and reports each event; a bulk retract
// takes one reason.
func TestStaffBulkActions(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	author := app.SignIn(t, app.User(t, auth.RoleContributor))
	reviewerUser := app.User(t, auth.RoleReviewer)
	reviewer := app.SignIn(t, reviewerUser)
	var picked []string
	for i := range 3 {
		who := author
		if i == 2 {
			who = reviewer
		}
		form := eventForm(fmt.Sprintf("Bulk event %d", i), fmt.Sprintf("https://example.org/bulk/%d", i))
		form.Set("do", "submit")
		id := createEvent(t, who, form)
		picked = append(picked, fmt.Sprintf("%d:%s", id, version(t, app, id)))
	}
	// The list offers each event's checkbox with its version.
	_, body := reviewer.Get(t, "/staff/events?status=in_review")
	for _, p := range picked {
		if doc(t, body).Find(fmt.Sprintf("input[name=event][value=%q]", p)).Length() != 1 {
			t.Fatalf("no checkbox %s in the list", p)
		}
	}
	res, body := reviewer.Post(t, "/staff/events/bulk", url.Values{"event": picked, "step": {"publish"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("bulk publish: %d\n%s", res.StatusCode, errorsOf(body))
	}
	d := doc(t, body)
	if n := d.Find("[data-testid=bulk-done]").Length(); n != 2 {
		t.Errorf("%d published, want 2\n%s", n, d.Find("main").Text())
	}
	refused := d.Find("[data-testid=bulk-refused]")
	if refused.Length() != 1 || !strings.Contains(refused.Text(), "Bulk event 2") || !strings.Contains(refused.Text(), "another reviewer must publish") {
		t.Errorf("refused: %q", refused.Text())
	}
	var published int
	if err := app.Store.Pool().QueryRow(ctx, `SELECT count(*) FROM events WHERE title LIKE 'Bulk event %' AND status = 'published'`).Scan(&published); err != nil || published != 2 {
		t.Errorf("%d published (%v), want 2", published, err)
	}
	// Retract the two with one reason; without one, nothing is done.
	var retract []string
	for _, p := range picked[:2] {
		id, _, _ := strings.Cut(p, ":")
		var idn int64
		fmt.Sscan(id, &idn)
		retract = append(retract, fmt.Sprintf("%s:%s", id, version(t, app, idn)))
	}
	res, body = reviewer.Post(t, "/staff/events/bulk", url.Values{"event": retract, "step": {"retract"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(errorsOf(body), "reason") {
		t.Errorf("retract without a reason: %d\n%s", res.StatusCode, errorsOf(body))
	}
	res, body = reviewer.Post(t, "/staff/events/bulk", url.Values{"event": retract, "step": {"retract"}, "reason": {"Duplicates"}})
	if res.StatusCode != http.StatusOK || doc(t, body).Find("[data-testid=bulk-done]").Length() != 2 {
		t.Errorf("bulk retract: %d\n%s", res.StatusCode, errorsOf(body))
	}
	var reasons int
	if err := app.Store.Pool().QueryRow(ctx, `SELECT count(*) FROM revisions WHERE action = 'retract' AND reason = 'Duplicates'`).Scan(&reasons); err != nil || reasons != 2 {
		t.Errorf("%d retract revisions with the reason (%v), want 2", reasons, err)
	}
	// A contributor's bulk publish is refused event by event: the role.
	res, body = author.Post(t, "/staff/events/bulk", url.Values{"event": picked[2:], "step": {"publish"}})
	if res.StatusCode != http.StatusOK || doc(t, body).Find("[data-testid=bulk-refused]").Length() != 1 {
		t.Errorf("contributor's bulk publish: %d\n%s", res.StatusCode, errorsOf(body))
	}
}

// The source library, actors and categories lists search, filter and page.
func TestStaffCatalogListsSearch(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	if _, err := app.Store.Pool().Exec(ctx, `
INSERT INTO sources (url, title, publisher, kind) SELECT 'https://lists.example.org/' || i, 'Listed source ' || i, 'Lister', 'ngo_report' FROM generate_series(1, 150) i;
INSERT INTO actors (slug, name, kind) SELECT 'listed-actor-' || i, 'Listed actor ' || i, 'group' FROM generate_series(1, 150) i;`); err != nil {
		t.Fatal(err)
	}
	s := app.SignIn(t, app.User(t, auth.RoleEditor))
	count := func(path, rows string) (int, int) {
		n, pages := 0, 0
		for path != "" {
			res, body := s.Get(t, path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d\n%s", path, res.StatusCode, errorsOf(body))
			}
			d := doc(t, body)
			n += d.Find(rows).Length()
			pages++
			path, _ = d.Find("a[rel=next]").Attr("href")
		}
		return n, pages
	}
	if n, pages := count("/staff/sources?q=lists.example&kind=ngo_report&sort=newest", "[data-testid=sources] tbody tr"); n != 150 || pages != 2 {
		t.Errorf("sources: %d in %d pages", n, pages)
	}
	if n, _ := count("/staff/sources?q=lists.example&kind=news", "[data-testid=sources] tbody tr"); n != 0 {
		t.Errorf("news sources: %d", n)
	}
	if n, pages := count("/staff/actors?q=listed+actor&kind=group", "[data-testid=catalog] tbody tr"); n != 150 || pages != 2 {
		t.Errorf("actors: %d in %d pages", n, pages)
	}
	if n, _ := count("/staff/actors?q=listed+actor+14", "[data-testid=catalog] tbody tr"); n != 11 {
		t.Errorf("actor 14: %d", n)
	}
	if n, _ := count("/staff/categories?q=casualt", "[data-testid=catalog] tbody tr"); n != 1 {
		t.Errorf("categories: %d", n)
	}
}
