package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"annals/internal/postgres"
	"annals/internal/timeline"
)

// historyPages reads every page of the history list, checking each
// revision comes once, and returns them in order with the number of pages.
func historyPages(t *testing.T, store *postgres.Store, q timeline.RevisionQuery) ([]timeline.RevisionEntry, int) {
	t.Helper()
	var out []timeline.RevisionEntry
	seen := map[int64]bool{}
	pages := 0
	for {
		page, err := store.RevisionList(context.Background(), q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		pages++
		for _, r := range page.Revisions {
			if seen[r.ID] {
				t.Fatalf("%+v: revision %d listed twice", q, r.ID)
			}
			seen[r.ID] = true
			out = append(out, r)
		}
		if page.Next == "" {
			return out, pages
		}
		q.After = page.Next
		if pages > 200 {
			t.Fatalf("%+v: more than 200 pages", q)
		}
	}
}

// The history list pages every revision once in each order, and its
// search and filters find what a reading of the whole list finds.
func TestRevisionListPagesAndFilters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, a, b := setupStaffStore(t)
	staffListData(t, store, a, b)
	// Revisions written the ordinary way: two events on tl, one by each
	// account, one submitted; a source corrected with a reason.
	first, _, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: staffEvent("Shelling of Falam"), Timelines: []string{"tl"},
		Reason: "first report from the field"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := store.SaveEvent(ctx, b, timeline.EventSave{Event: staffEvent("Arrests in Hpakant"), Timelines: []string{"tl"},
		Submit: true}); err != nil {
		t.Fatal(err)
	}
	// And many more, as an import of a long history would leave them.
	if _, err := store.Pool().Exec(ctx, `
INSERT INTO revisions (entity, entity_id, version, action, author, author_id, reason, record, created_at)
SELECT 'event', e.id, v, (ARRAY['create', 'save', 'publish'])[v], CASE WHEN (e.id + v) % 2 = 0 THEN 'A' ELSE 'B' END,
       CASE WHEN (e.id + v) % 2 = 0 THEN $1::bigint ELSE $2::bigint END,
       CASE WHEN e.id % 50 = 0 THEN 'corrected the toll after the Obsidian report' ELSE 'batch ' || v END,
       jsonb_build_object('title', e.title), timestamptz '2024-01-01' + (e.id * 3 + v) * interval '7 hours'
FROM events e CROSS JOIN generate_series(1, 3) v WHERE e.slug LIKE 'l-%'`, a.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	var total int
	if err := store.Pool().QueryRow(ctx, `SELECT count(*) FROM revisions`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	onTL := map[int64]string{} // event -> its timeline
	rows, _ := store.Pool().Query(ctx, `SELECT te.event_id, t.slug FROM timeline_events te JOIN timelines t ON t.id = te.timeline_id`)
	for rows.Next() {
		var id int64
		var slug string
		if err := rows.Scan(&id, &slug); err != nil {
			t.Fatal(err)
		}
		onTL[id] = slug
	}
	rows.Close()

	var all []timeline.RevisionEntry
	for _, sort := range timeline.RevisionSorts {
		list, pages := historyPages(t, store, timeline.RevisionQuery{Sort: sort, Limit: 100})
		if len(list) != total || pages != (total+99)/100 {
			t.Errorf("sort %s: %d revisions in %d pages, want %d", sort, len(list), pages, total)
		}
		for i := 1; i < len(list); i++ {
			x, y := list[i-1], list[i]
			ok := true
			switch sort {
			case "newest":
				ok = x.ID > y.ID
			case "oldest":
				ok = x.ID < y.ID
			case "author":
				ok = strings.ToLower(x.Author) < strings.ToLower(y.Author) || strings.EqualFold(x.Author, y.Author) && x.ID < y.ID
			}
			if !ok {
				t.Fatalf("sort %s: %d (%s) before %d (%s)", sort, x.ID, x.Author, y.ID, y.Author)
			}
		}
		if sort == "newest" {
			all = list
		}
	}
	if total < 690 {
		t.Fatalf("only %d revisions", total)
	}

	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, tc := range []struct {
		name string
		q    timeline.RevisionQuery
		want func(r timeline.RevisionEntry) bool
	}{
		{"reason", timeline.RevisionQuery{Text: "obsidian"}, func(r timeline.RevisionEntry) bool {
			return strings.Contains(strings.ToLower(r.Reason), "obsidian")
		}},
		{"title", timeline.RevisionQuery{Text: "raid number 2"}, func(r timeline.RevisionEntry) bool {
			return strings.Contains(strings.ToLower(r.Title), "raid number 2")
		}},
		{"title of a real save", timeline.RevisionQuery{Text: "Falam"}, func(r timeline.RevisionEntry) bool {
			return r.Entity == "event" && r.EntityID == first
		}},
		{"author name", timeline.RevisionQuery{Text: "command line"}, func(r timeline.RevisionEntry) bool { return r.Author == "command line" }},
		{"percent is literal", timeline.RevisionQuery{Text: "100%"}, func(timeline.RevisionEntry) bool { return false }},
		{"author b", timeline.RevisionQuery{Author: b.ID}, func(r timeline.RevisionEntry) bool { return r.Author == "B" }},
		{"published", timeline.RevisionQuery{Action: "publish"}, func(r timeline.RevisionEntry) bool { return r.Action == "publish" }},
		{"sources", timeline.RevisionQuery{Entity: "source"}, func(r timeline.RevisionEntry) bool { return r.Entity == "source" }},
		{"only events and sources may be seen", timeline.RevisionQuery{Entities: []string{"event", "source"}}, func(r timeline.RevisionEntry) bool {
			return r.Entity == "event" || r.Entity == "source"
		}},
		{"timeline tl2", timeline.RevisionQuery{Timeline: "tl2"}, func(r timeline.RevisionEntry) bool {
			return r.Entity == "event" && onTL[r.EntityID] == "tl2"
		}},
		{"February 2024", timeline.RevisionQuery{From: "2024-02", To: "2024-02"}, func(r timeline.RevisionEntry) bool {
			return !r.CreatedAt.Before(day("2024-02-01")) && r.CreatedAt.Before(day("2024-03-01"))
		}},
		{"from a day, by A, saved", timeline.RevisionQuery{From: "2024-03-10", Author: a.ID, Action: "save"}, func(r timeline.RevisionEntry) bool {
			return !r.CreatedAt.Before(day("2024-03-10")) && r.Author == "A" && r.Action == "save"
		}},
	} {
		var want int
		for _, r := range all {
			if tc.want(r) {
				want++
			}
		}
		for _, sort := range []string{"newest", "author"} {
			q := tc.q
			q.Sort, q.Limit = sort, 37
			got, _ := historyPages(t, store, q)
			for _, r := range got {
				if !tc.want(r) {
					t.Errorf("%s (%s): revision %d %+v should not be listed", tc.name, sort, r.ID, r)
					break
				}
			}
			if len(got) != want {
				t.Errorf("%s (%s): %d revisions, want %d", tc.name, sort, len(got), want)
			}
		}
		if want == 0 && tc.name != "percent is literal" {
			t.Errorf("%s: the data has no revision to find", tc.name)
		}
	}
	for _, bad := range []timeline.RevisionQuery{{Sort: "random"}, {Action: "lost"}, {Entity: "cat"}, {From: "yesterday"},
		{To: "2024-13"}, {After: "not-a-cursor"}} {
		if _, err := store.RevisionList(ctx, bad); timeline.ErrorCode(err) != timeline.EINVALID {
			t.Errorf("%+v: %v, want EINVALID", bad, err)
		}
	}
	page, _ := store.RevisionList(ctx, timeline.RevisionQuery{Limit: 10})
	if _, err := store.RevisionList(ctx, timeline.RevisionQuery{Sort: "author", After: page.Next}); timeline.ErrorCode(err) != timeline.EINVALID {
		t.Errorf("a newest-order cursor in author order: %v", err)
	}
}
