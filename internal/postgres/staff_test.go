package postgres_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"annals/internal/auth"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

func TestNormalizeURL(t *testing.T) {
	t.Parallel()
	same := [][]string{
		{"https://www.Example.org/report/", "http://example.org/report", "https://example.org/report#p2",
			"https://example.org/report?utm_source=x&fbclid=y"},
		{"https://example.org/a?id=2&x=1", "https://example.org/a?x=1&id=2"},
	}
	for _, group := range same {
		for _, u := range group[1:] {
			if postgres.NormalizeURL(u) != postgres.NormalizeURL(group[0]) {
				t.Errorf("%q and %q should normalise alike: %q vs %q", u, group[0], postgres.NormalizeURL(u), postgres.NormalizeURL(group[0]))
			}
		}
	}
	if postgres.NormalizeURL("https://example.org/a") == postgres.NormalizeURL("https://example.org/b") {
		t.Error("different paths normalised alike")
	}
}

// Records that are not events (sources, figures, translations) compare
// field by field, without internal fields and with labels.
func TestDiffRevisionsOfPlainRecords(t *testing.T) {
	t.Parallel()
	a := timeline.Revision{Entity: "figure", Record: json.RawMessage(`{"event_id":3,"metric":"killed","value":64,"source_id":7,"as_of_date":"2021-03-01","as_of_precision":"month","note":"from the list of names"}`)}
	b := timeline.Revision{Entity: "figure", Record: json.RawMessage(`{"event_id":3,"metric":"killed","value":65,"source_id":7,"as_of_date":"2021-03-01","as_of_precision":"month","note":"from the longer list of names"}`)}
	got := map[string]timeline.Change{}
	for _, d := range timeline.DiffRevisions(a, b) {
		got[d.Label] = d
	}
	if len(got) != 4 {
		t.Errorf("%d fields compared, want metric, count, as of and note: %+v", len(got), got)
	}
	if c := got["Count"]; c.Kind != timeline.ChangeChanged || c.Old != "64" || c.New != "65" {
		t.Errorf("count: %+v", c)
	}
	if c := got["As of"]; c.Kind != timeline.ChangeSame || c.New != "March 2021" {
		t.Errorf("as of: %+v, want March 2021 unchanged", c)
	}
	var inserted []string
	for _, w := range got["Note"].Words {
		if w.Op == timeline.TextInserted {
			inserted = append(inserted, w.Text)
		}
	}
	if strings.Join(inserted, "") != "longer " {
		t.Errorf("note: inserted %q, want %q", inserted, "longer ")
	}
}

func staffEvent(title string) timeline.Event {
	start, _ := timeline.ParseDate("2021-04-09")
	return timeline.Event{Title: title, When: timeline.DateRange{Start: start}, Category: timeline.Category{Slug: "cat"},
		Visibility: timeline.VisibilityPublic,
		Citations:  []timeline.Citation{{Source: timeline.Source{URL: "https://example.org/bago", Title: "Bago", Kind: "news"}}}}
}

func setupStaffStore(t *testing.T) (*postgres.Store, auth.User, auth.User) {
	t.Helper()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	if err := store.SaveCategory(ctx, auth.User{}, timeline.Category{Slug: "cat", Name: "Category"}); err != nil {
		t.Fatal(err)
	}
	if err := store.SaveTimeline(ctx, auth.User{}, timeline.Timeline{Slug: "tl", Title: "Timeline", Language: "en", Visibility: "public"}); err != nil {
		t.Fatal(err)
	}
	a, err := store.CreateUser(ctx, "a@example.org", "A", auth.RoleEditor, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	b, err := store.CreateUser(ctx, "b@example.org", "B", auth.RoleReviewer, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	return store, a, b
}

// A pending edit of a published event stays out of the public read until
// it is published, and a stale version never overwrites.
func TestPendingEditAndConflict(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, a, b := setupStaffStore(t)
	id, v, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: staffEvent("Bago massacre"), Timelines: []string{"tl"}, Submit: true})
	if err != nil {
		t.Fatal(err)
	}
	if v, err = store.PublishEvent(ctx, b, timeline.EventAction{ID: id, Version: v}); err != nil {
		t.Fatal(err)
	}
	cur, _ := store.StaffEvent(ctx, id)
	edit := cur.Work
	edit.Title = "Bago massacre (revised toll)"
	if _, _, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: edit, Version: v}); err != nil {
		t.Fatal(err)
	}
	_, pub, err := store.PublicEvent(ctx, "tl", cur.Live.Slug)
	if err != nil || pub.Title != "Bago massacre" {
		t.Fatalf("public event during the pending edit: %q, %v", pub.Title, err)
	}
	stale := cur.Work
	stale.Title = "Someone else's title"
	if _, _, err := store.SaveEvent(ctx, b, timeline.EventSave{Event: stale, Version: v}); timeline.ErrorCode(err) != timeline.ECONFLICT {
		t.Fatalf("stale save: %v, want a conflict", err)
	}
	cur, _ = store.StaffEvent(ctx, id)
	if cur.Work.Title != "Bago massacre (revised toll)" {
		t.Fatalf("a stale save overwrote the work: %q", cur.Work.Title)
	}
}

// Merging duplicate sources moves their citations, and restoring a revision
// that cited the merged-away source finds the one kept.
func TestMergeSourcesAndRestore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, a, _ := setupStaffStore(t)
	e1 := staffEvent("Event citing the first copy")
	id1, _, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: e1, Timelines: []string{"tl"}})
	if err != nil {
		t.Fatal(err)
	}
	e2 := staffEvent("Event citing the second copy")
	e2.Citations[0].Source.URL = "https://www.example.org/bago/?utm_source=feed"
	id2, v2, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: e2, Timelines: []string{"tl"}})
	if err != nil {
		t.Fatal(err)
	}
	dups, err := store.DuplicateSources(ctx)
	if err != nil || len(dups) != 1 || len(dups[0]) != 2 {
		t.Fatalf("duplicates: %v %v", dups, err)
	}
	ev1, _ := store.StaffEvent(ctx, id1)
	ev2, _ := store.StaffEvent(ctx, id2)
	keep, drop := ev1.Work.Citations[0].Source.ID, ev2.Work.Citations[0].Source.ID
	if err := store.MergeSources(ctx, a, keep, drop, ""); err != nil {
		t.Fatal(err)
	}
	ev2, _ = store.StaffEvent(ctx, id2)
	if ev2.Work.Citations[0].Source.ID != keep {
		t.Fatalf("citation still points at %d", ev2.Work.Citations[0].Source.ID)
	}
	revs, _ := store.History(ctx, "event", id2)
	if _, err := store.RestoreEvent(ctx, a, timeline.EventAction{ID: id2, Version: v2}, revs[len(revs)-1].ID); err != nil {
		t.Fatalf("restore a revision citing a merged source: %v", err)
	}
	ev2, _ = store.StaffEvent(ctx, id2)
	if ev2.Work.Citations[0].Source.ID != keep {
		t.Fatalf("restored citation points at %d, want %d", ev2.Work.Citations[0].Source.ID, keep)
	}
	if err := store.MergeSources(ctx, a, keep, keep, ""); err == nil {
		t.Error("a source merged into itself")
	}
	if _, err := store.History(ctx, "source", drop); err != nil {
		t.Errorf("the merged-away source lost its history: %v", err)
	}
}

// EventAtVersion reads an earlier version back from its revision, pending
// edits included: the common ancestor of a three-way merge.
func TestEventAtVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, a, b := setupStaffStore(t)
	id, v1, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: staffEvent("Bago massacre"), Timelines: []string{"tl"}, Submit: true})
	if err != nil {
		t.Fatal(err)
	}
	v2, err := store.PublishEvent(ctx, b, timeline.EventAction{ID: id, Version: v1})
	if err != nil {
		t.Fatal(err)
	}
	cur, _ := store.StaffEvent(ctx, id)
	edit := cur.Work
	edit.Title = "Bago massacre (revised toll)"
	if _, _, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: edit, Version: v2}); err != nil {
		t.Fatal(err)
	}
	for v, want := range map[int]string{v1: "Bago massacre", v2: "Bago massacre", v2 + 1: "Bago massacre (revised toll)"} {
		e, err := store.EventAtVersion(ctx, id, v)
		if err != nil || e.Title != want || e.Version != v || len(e.Citations) != 1 || e.Citations[0].Source.Title != "Bago" {
			t.Errorf("version %d: %q (version %d, %d citations), %v; want %q with its source", v, e.Title, e.Version, len(e.Citations), err, want)
		}
	}
	if _, err := store.EventAtVersion(ctx, id, 99); timeline.ErrorCode(err) != timeline.ENOTFOUND {
		t.Errorf("version 99: %v, want not found", err)
	}
}
