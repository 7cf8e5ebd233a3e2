package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"annals/internal/auth"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// staffListData adds 230 events by SQL on two timelines and three
// categories: titles "Raid …" (every third), "Arrest …" or "Fire …", start
// days across 2020-2022, statuses by i % 4 (draft, in_review, published,
// retracted), last changed by account a (even i) or b, with pending edits
// titled "Edited …" on the published ones whose i % 20 = 2.
func staffListData(t *testing.T, store *postgres.Store, a, b auth.User) {
	t.Helper()
	ctx := context.Background()
	if _, err := store.Pool().Exec(ctx, `
INSERT INTO categories (slug, name) VALUES ('c2', 'Second'), ('c3', 'Third');
INSERT INTO timelines (slug, title) VALUES ('tl2', 'Second timeline');`); err != nil {
		t.Fatal(err)
	}
	_, err := store.Pool().Exec(ctx, `
INSERT INTO events (slug, title, start_date, start_precision, category_id, status, updated_at, updated_by)
SELECT 'l-' || i,
       (CASE WHEN i % 3 = 0 THEN 'Raid' WHEN i % 3 = 1 THEN 'Arrest' ELSE 'Fire' END) || ' number ' || i,
       date '2020-01-01' + i * 4, 'day',
       (SELECT id FROM categories WHERE slug = (ARRAY['cat', 'c2', 'c3'])[1 + i % 3]),
       (ARRAY['draft', 'in_review', 'published', 'retracted'])[1 + i % 4],
       timestamptz '2024-01-01' + (i % 7) * interval '1 hour',
       CASE WHEN i % 2 = 0 THEN $1::bigint ELSE $2::bigint END
FROM generate_series(1, 230) i`, a.ID, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, err = store.Pool().Exec(ctx, `
INSERT INTO timeline_events (timeline_id, event_id)
SELECT (SELECT id FROM timelines WHERE slug = CASE WHEN e.id % 2 = 0 THEN 'tl' ELSE 'tl2' END), e.id FROM events e`)
	if err != nil {
		t.Fatal(err)
	}
	_, err = store.Pool().Exec(ctx, `
INSERT INTO event_drafts (event_id, status, record, author_id, updated_at)
SELECT id, 'draft', jsonb_build_object('title', 'Edited ' || title, 'visibility', 'public'), $1::bigint,
       timestamptz '2024-02-01'
FROM events WHERE substr(slug, 3)::int % 20 = 2 AND status = 'published'`, b.ID)
	if err != nil {
		t.Fatal(err)
	}
}

// allStaffEvents reads every page of the list, checking each event comes
// once, and returns them in order with the number of pages.
func allStaffEvents(t *testing.T, store *postgres.Store, q timeline.StaffEventQuery) ([]timeline.EventSummary, int) {
	t.Helper()
	var out []timeline.EventSummary
	seen := map[int64]bool{}
	pages := 0
	for {
		page, err := store.StaffEventList(context.Background(), q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		pages++
		for _, e := range page.Events {
			if seen[e.ID] {
				t.Fatalf("%+v: event %d listed twice", q, e.ID)
			}
			seen[e.ID] = true
			out = append(out, e)
		}
		if page.Next == "" {
			return out, pages
		}
		q.After = page.Next
		if pages > 100 {
			t.Fatal("paging does not end")
		}
	}
}

// Every order of the events list, paged 40 at a time, covers every event
// exactly once, in order; filters narrow it as the data says.
func TestStaffEventListPagesAndFilters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, a, b := setupStaffStore(t)
	staffListData(t, store, a, b)

	for _, sort := range timeline.StaffEventSorts {
		list, pages := allStaffEvents(t, store, timeline.StaffEventQuery{Sort: sort, Limit: 40})
		if len(list) != 230 || pages != 6 {
			t.Errorf("sort %s: %d events in %d pages, want 230 in 6", sort, len(list), pages)
		}
		for i := 1; i < len(list); i++ {
			x, y := list[i-1], list[i]
			var ok bool
			switch sort {
			case "changed":
				ok = x.UpdatedAt.After(y.UpdatedAt) || x.UpdatedAt.Equal(y.UpdatedAt) && x.ID > y.ID
			case "oldest":
				ok = x.UpdatedAt.Before(y.UpdatedAt) || x.UpdatedAt.Equal(y.UpdatedAt) && x.ID < y.ID
			case "title":
				ok = true // the database's collation decides; coverage is what matters
			case "date":
				ok = x.Start.Compare(y.Start) > 0 || x.Start.Compare(y.Start) == 0 && x.ID > y.ID
			}
			if !ok {
				t.Fatalf("sort %s: %d (%v) before %d (%v)", sort, x.ID, x.UpdatedAt, y.ID, y.UpdatedAt)
			}
		}
	}

	count := func(q timeline.StaffEventQuery) int {
		q.Limit = 30
		list, _ := allStaffEvents(t, store, q)
		return len(list)
	}
	edited := 0 // published (i % 4 = 2) with i % 20 = 2: i = 2, 22, ..., 222
	for i := 2; i <= 230; i += 20 {
		edited++
	}
	for _, tc := range []struct {
		name string
		q    timeline.StaffEventQuery
		want int
	}{
		{"text raid", timeline.StaffEventQuery{Text: "raid"}, 76},
		{"text in a pending edit", timeline.StaffEventQuery{Text: "edited"}, edited},
		{"text number 22", timeline.StaffEventQuery{Text: "number 22"}, 11}, // 22, 220-229
		{"no match", timeline.StaffEventQuery{Text: "obsidian"}, 0},
		{"percent is literal", timeline.StaffEventQuery{Text: "100%"}, 0},
		{"drafts (pending edits are drafts)", timeline.StaffEventQuery{Status: timeline.StatusDraft}, 57 + edited},
		{"in review", timeline.StaffEventQuery{Status: timeline.StatusInReview}, 58},
		{"timeline tl2", timeline.StaffEventQuery{Timeline: "tl2"}, 115},
		{"category c2", timeline.StaffEventQuery{Category: "c2"}, 77},
		{"changed by a", timeline.StaffEventQuery{Author: a.ID}, 115 - edited},
		{"2020", timeline.StaffEventQuery{From: "2020", To: "2020"}, 91}, // 4..364 by 4
		{"from 2022-06", timeline.StaffEventQuery{From: "2022-06"}, 10},  // day 882 = 2022-06-01: i = 221..230
		{"raid in review in c2", timeline.StaffEventQuery{Text: "raid", Status: timeline.StatusInReview, Category: "c3"}, 0},
	} {
		if got := count(tc.q); got != tc.want {
			t.Errorf("%s: %d events, want %d", tc.name, got, tc.want)
		}
	}
	// An event number finds that event.
	page, err := store.StaffEventList(ctx, timeline.StaffEventQuery{Text: "#5"})
	if err != nil || len(page.Events) != 1 || page.Events[0].ID != 5 {
		t.Errorf("#5: %+v, %v", page.Events, err)
	}
	for _, bad := range []timeline.StaffEventQuery{{Sort: "random"}, {Status: "lost"}, {From: "yesterday"},
		{After: "not-a-cursor"}} {
		if _, err := store.StaffEventList(ctx, bad); timeline.ErrorCode(err) != timeline.EINVALID {
			t.Errorf("%+v: %v, want EINVALID", bad, err)
		}
	}
	// A cursor of one order is not a page of another.
	first, _ := store.StaffEventList(ctx, timeline.StaffEventQuery{Limit: 10})
	if _, err := store.StaffEventList(ctx, timeline.StaffEventQuery{Sort: "title", After: first.Next}); timeline.ErrorCode(err) != timeline.EINVALID {
		t.Errorf("a changed-order cursor in title order: %v", err)
	}
}

// "Needs my review" lists work in review that the reviewer wrote no part
// of: the author's own submission is not theirs to review.
func TestStaffEventListNeedsMyReview(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, a, b := setupStaffStore(t)
	mine, _, err := store.SaveEvent(ctx, b, timeline.EventSave{Event: staffEvent("Written by the reviewer"), Timelines: []string{"tl"}, Submit: true})
	if err != nil {
		t.Fatal(err)
	}
	theirs, _, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: staffEvent("Written by the editor"), Timelines: []string{"tl"}, Submit: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: staffEvent("A draft"), Timelines: []string{"tl"}}); err != nil {
		t.Fatal(err)
	}
	page, err := store.StaffEventList(ctx, timeline.StaffEventQuery{NeedsReviewBy: b.ID})
	if err != nil || len(page.Events) != 1 || page.Events[0].ID != theirs {
		t.Fatalf("needs b's review: %+v, %v; want only %d (not %d)", page.Events, err, theirs, mine)
	}
}

// Every order of the library pages through every source once; the
// filters narrow it.
func TestSourceListFiltersAndPages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	if _, err := store.Pool().Exec(ctx, `
INSERT INTO categories (slug, name) VALUES ('cat', 'Category');
INSERT INTO sources (url, title, publisher, kind, confidential, published_date, published_precision)
SELECT 'https://example.org/' || i, 'Source ' || i, 'Pub', (ARRAY['news', 'ngo_report', 'other'])[1 + i % 3], i % 10 = 0,
       CASE WHEN i % 4 = 0 THEN NULL ELSE date '2021-01-01' + i END, CASE WHEN i % 4 = 0 THEN NULL ELSE 'day' END
FROM generate_series(1, 210) i;
INSERT INTO events (slug, title, start_date, start_precision, category_id) VALUES ('e', 'E', '2021-01-01', 'day', (SELECT id FROM categories));
INSERT INTO event_sources (event_id, source_id, position) SELECT (SELECT id FROM events), id, id FROM sources WHERE id <= 5;`); err != nil {
		t.Fatal(err)
	}
	for _, sort := range []string{"title", "newest", "date"} {
		seen := map[int64]bool{}
		q := timeline.SourceQuery{Sort: sort, Limit: 50}
		for pages := 0; ; pages++ {
			page, err := store.SourceList(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range page.Sources {
				if seen[s.Source.ID] {
					t.Fatalf("sort %s: source %d twice", sort, s.Source.ID)
				}
				seen[s.Source.ID] = true
			}
			if page.Next == "" || pages > 10 {
				break
			}
			q.After = page.Next
		}
		if len(seen) != 210 {
			t.Errorf("sort %s: %d sources, want 210", sort, len(seen))
		}
	}
	for _, tc := range []struct {
		q    timeline.SourceQuery
		want int
	}{
		{timeline.SourceQuery{Kind: "news"}, 70},
		{timeline.SourceQuery{Confidential: "yes"}, 21},
		{timeline.SourceQuery{Confidential: "no", Kind: "other"}, 63},
		{timeline.SourceQuery{Unused: true}, 205},
		{timeline.SourceQuery{Text: "source 20"}, 11},
	} {
		tc.q.Limit = 500
		page, err := store.SourceList(ctx, tc.q)
		if err != nil || len(page.Sources) != tc.want {
			t.Errorf("%+v: %d sources (%v), want %d", tc.q, len(page.Sources), err, tc.want)
		}
	}
	if _, err := store.SourceList(ctx, timeline.SourceQuery{Kind: "rumour"}); timeline.ErrorCode(err) != timeline.EINVALID {
		t.Errorf("kind rumour: %v", err)
	}
}

// The actor search finds one actor among 50,000 by part of its name or
// slug, and the list pages through all of them once.
func TestFindActorAmong50000(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	if _, err := store.Pool().Exec(ctx, `
INSERT INTO actors (slug, name, kind)
SELECT 'actor-' || i, 'Actor number ' || i, CASE WHEN i % 2 = 0 THEN 'person' ELSE 'armed_force' END FROM generate_series(1, 49999) i;
INSERT INTO actors (slug, name, kind) VALUES ('tatmadaw-lid-77', 'Light Infantry Division 77', 'armed_force');`); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"infantry division", "LID-77", "light inf"} {
		page, err := store.FindCatalog(ctx, "actor", timeline.CatalogQuery{Text: text, Limit: 10})
		if err != nil || len(page.Items) != 1 || page.Items[0].Slug != "tatmadaw-lid-77" {
			t.Errorf("%q: %+v, %v", text, page.Items, err)
		}
	}
	page, err := store.FindCatalog(ctx, "actor", timeline.CatalogQuery{Text: "number 4999", Kind: "person", Limit: 100})
	if err != nil || len(page.Items) != 5 { // 4999x even: 49990, 49992, ..., 49998 (4999 itself is odd)
		t.Errorf("number 4999 persons: %d, %v", len(page.Items), err)
	}
	seen := map[string]bool{}
	q := timeline.CatalogQuery{Limit: 500}
	for {
		page, err := store.FindCatalog(ctx, "actor", q)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			if seen[it.Slug] {
				t.Fatalf("%s twice", it.Slug)
			}
			seen[it.Slug] = true
		}
		if page.Next == "" {
			break
		}
		q.After = page.Next
	}
	if len(seen) != 50000 {
		t.Errorf("paged %d actors, want 50000", len(seen))
	}
	cats, err := store.FindCatalog(ctx, "category", timeline.CatalogQuery{})
	if err != nil || len(cats.Items) != 0 {
		t.Errorf("categories: %+v, %v", cats, err)
	}
}

// A bulk publish publishes the others' events and refuses the reviewer's
// own (the one rule of the single action), writing one revision per event
// published; a bulk retract takes one reason for all.
func TestBulkPublishAndRetract(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, a, b := setupStaffStore(t)
	var ids []int64
	var events []timeline.BulkEvent
	for i := range 4 {
		by := a
		if i == 3 {
			by = b // the reviewer's own event
		}
		id, v, err := store.SaveEvent(ctx, by, timeline.EventSave{Event: staffEvent(fmt.Sprintf("Bulk %d", i)), Timelines: []string{"tl"}, Submit: true})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		events = append(events, timeline.BulkEvent{ID: id, Version: v})
	}
	draft, dv, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: staffEvent("Still a draft"), Timelines: []string{"tl"}})
	if err != nil {
		t.Fatal(err)
	}
	events = append(events, timeline.BulkEvent{ID: draft, Version: dv})
	// An event changed since the list was shown is refused, not overwritten.
	events[1].Version--
	revisions := func(id int64) int {
		var n int
		if err := store.Pool().QueryRow(ctx, `SELECT count(*) FROM revisions WHERE entity = 'event' AND entity_id = $1`, id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := map[int64]int{}
	for _, e := range events {
		before[e.ID] = revisions(e.ID)
	}
	res, err := store.BulkEvents(ctx, b, timeline.BulkAction{Step: "publish", Events: events})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 5 {
		t.Fatalf("%d results, want 5", len(res))
	}
	done := map[int64]timeline.BulkResult{}
	for _, r := range res {
		done[r.ID] = r
	}
	for _, id := range []int64{ids[0], ids[2]} {
		if !done[id].Done || revisions(id) != before[id]+1 {
			t.Errorf("event %d: %+v, %d revisions after %d", id, done[id], revisions(id), before[id])
		}
		cur, _ := store.StaffEvent(ctx, id)
		if cur.Live.Status != timeline.StatusPublished {
			t.Errorf("event %d is %s", id, cur.Live.Status)
		}
	}
	for id, why := range map[int64]string{ids[3]: "author", ids[1]: "changed", draft: "review"} {
		r := done[id]
		if r.Done || r.Refusal == nil || revisions(id) != before[id] {
			t.Errorf("event %d (%s): %+v, %d revisions after %d", id, why, r, revisions(id), before[id])
		}
	}
	if r := done[ids[3]]; !errors.Is(r.Refusal, timeline.ErrOwnChange) {
		t.Errorf("own event refused with %v", r.Refusal)
	}

	// Retract both published events with one reason.
	if _, err := store.BulkEvents(ctx, b, timeline.BulkAction{Step: "retract", Events: []timeline.BulkEvent{{ID: ids[0], Version: done[ids[0]].Version}}}); timeline.ErrorCode(err) != timeline.EINVALID {
		t.Errorf("retract without a reason: %v", err)
	}
	res, err = store.BulkEvents(ctx, b, timeline.BulkAction{Step: "retract", Reason: "Duplicates of event 1",
		Events: []timeline.BulkEvent{{ID: ids[0], Version: done[ids[0]].Version}, {ID: ids[2], Version: done[ids[2]].Version}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if !r.Done {
			t.Errorf("retract %d: %v", r.ID, r.Refusal)
		}
		hist, _ := store.History(ctx, "event", r.ID)
		if hist[0].Action != "retract" || hist[0].Reason != "Duplicates of event 1" {
			t.Errorf("event %d: last revision %s %q", r.ID, hist[0].Action, hist[0].Reason)
		}
	}
	// A reviewer may not put events on a timeline; an editor may.
	tlEvents := []timeline.BulkEvent{{ID: draft, Version: dv}}
	res, err = store.BulkEvents(ctx, b, timeline.BulkAction{Step: "add_timeline", Timeline: "tl", Events: tlEvents})
	if err != nil || res[0].Done {
		t.Errorf("reviewer adds to a timeline: %+v, %v", res, err)
	}
	if _, err := store.Pool().Exec(ctx, `INSERT INTO timelines (slug, title) VALUES ('tl2', 'Two')`); err != nil {
		t.Fatal(err)
	}
	res, err = store.BulkEvents(ctx, a, timeline.BulkAction{Step: "add_timeline", Timeline: "tl2", Events: tlEvents})
	if err != nil || !res[0].Done {
		t.Fatalf("editor adds to a timeline: %+v, %v", res, err)
	}
	cur, _ := store.StaffEvent(ctx, draft)
	if fmt.Sprint(cur.Timelines) != "[tl tl2]" {
		t.Errorf("timelines %v", cur.Timelines)
	}
}
