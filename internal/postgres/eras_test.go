package postgres_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"annals/internal/auth"
	"annals/internal/export"
	"annals/internal/importer"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// TestEraCRUDWritesRevisions: creating, changing and deleting an era each
// write one revision through the one writer, with one record shape; a
// stale version is a conflict; an internal timeline's eras stay private.
func TestEraCRUDWritesRevisions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	store := postgres.NewStore(pool)
	editor, err := store.CreateUser(ctx, "editor@example.org", "Ed Itor", auth.RoleEditor, backupPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.SaveTimeline(ctx, editor, timeline.Timeline{Slug: "tl", Title: "Timeline", Language: "en", Visibility: "public"}); err != nil {
		t.Fatal(err)
	}
	era := timeline.Era{Title: "Clearance operations", Summary: "A *short* note", Start: mustDate(t, "2017-08-25"), End: mustDate(t, "2017-10")}
	id, v, err := store.SaveEra(ctx, editor, timeline.EraSave{Timeline: "tl", Era: era})
	if err != nil || v != 1 {
		t.Fatalf("create: id %d version %d: %v", id, v, err)
	}
	// Refused: an end before the start, a second era with the same key.
	bad := era
	bad.End = mustDate(t, "2017-07")
	if _, _, err := store.SaveEra(ctx, editor, timeline.EraSave{Timeline: "tl", Era: bad}); timeline.ErrorCode(err) != timeline.EINVALID {
		t.Errorf("an end before the start: %v", err)
	}
	if _, _, err := store.SaveEra(ctx, editor, timeline.EraSave{Timeline: "tl", Era: era}); timeline.ErrorCode(err) != timeline.EINVALID {
		t.Errorf("the same title and start twice: %v", err)
	}
	era.ID, era.Version, era.End = id, 1, mustDate(t, "2018")
	if _, v, err = store.SaveEra(ctx, editor, timeline.EraSave{Timeline: "tl", Era: era, Reason: "end corrected"}); err != nil || v != 2 {
		t.Fatalf("save: version %d: %v", v, err)
	}
	if _, _, err := store.SaveEra(ctx, editor, timeline.EraSave{Timeline: "tl", Era: era}); timeline.ErrorCode(err) != timeline.ECONFLICT {
		t.Errorf("a stale version: %v, want a conflict", err)
	}
	_, eras, err := store.TimelineEras(ctx, "tl")
	if err != nil || len(eras) != 1 || eras[0].End.String() != "2018" || eras[0].Version != 2 {
		t.Fatalf("eras = %+v, %v", eras, err)
	}
	if pub, err := store.PublicEras(ctx, "tl"); err != nil || len(pub) != 1 {
		t.Errorf("public eras of a public timeline = %+v, %v", pub, err)
	}
	if err := store.DeleteEra(ctx, editor, "tl", id, 1, ""); timeline.ErrorCode(err) != timeline.ECONFLICT {
		t.Errorf("delete at a stale version: %v", err)
	}
	if err := store.DeleteEra(ctx, editor, "tl", id, 2, ""); err != nil {
		t.Fatal(err)
	}
	if _, eras, _ := store.TimelineEras(ctx, "tl"); len(eras) != 0 {
		t.Errorf("after delete: %+v", eras)
	}
	var actions []string
	shapes := map[string]bool{}
	for _, r := range allRevisions(t, pool) {
		if r.entity != "era" {
			continue
		}
		if r.entityID != id || r.author != "Ed Itor" || r.authorID != editor.ID || r.reason == "" {
			t.Errorf("revision %+v", r)
		}
		actions = append(actions, r.action)
		shapes[r.keys] = true
	}
	if want := []string{"create", "save", "delete"}; len(actions) != 3 || actions[0] != want[0] || actions[1] != want[1] || actions[2] != want[2] {
		t.Errorf("era revisions %v, want %v", actions, want)
	}
	if len(shapes) != 1 {
		t.Errorf("era revisions have %d record shapes: %v", len(shapes), shapes)
	}
	if st, err := store.VerifyChain(ctx, "test"); err != nil || !st.OK() {
		t.Errorf("chain: %+v %v", st, err)
	}

	// An internal timeline's eras are not public.
	if err := store.SaveTimeline(ctx, editor, timeline.Timeline{Slug: "hidden", Title: "Hidden", Language: "en", Visibility: "internal"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := store.SaveEra(ctx, editor, timeline.EraSave{Timeline: "hidden", Era: timeline.Era{Title: "Secret period",
		Start: mustDate(t, "2020"), End: mustDate(t, "2021")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.PublicEras(ctx, "hidden"); timeline.ErrorCode(err) != timeline.ENOTFOUND {
		t.Errorf("eras of an internal timeline: %v, want not found", err)
	}
	if _, err := store.ExportTimeline(ctx, "hidden", true); timeline.ErrorCode(err) != timeline.ENOTFOUND {
		t.Errorf("public export of an internal timeline: %v", err)
	}
}

// TestTimelineJSErasRoundTrip: a TimelineJS file's eras become eras of the
// timeline; importing it again changes nothing (eras are matched by
// timeline, title and start); a changed end updates the era; the
// TimelineJS export writes them back as "eras" that import to the same.
func TestTimelineJSErasRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	store := postgres.NewStore(pool)
	file := `{"title": {"text": {"headline": "Rakhine"}},
"events": [{"start_date": {"year": 2017, "month": 8, "day": 25}, "text": {"headline": "Attacks on police posts"}}],
"eras": [{"start_date": {"year": 2017, "month": 8, "day": 25}, "end_date": {"year": 2017, "month": 12},
  "text": {"headline": "Clearance operations", "text": "<p>Mass <b>displacement</b></p>"}},
 {"start_date": {"year": 2012}, "end_date": {"year": 2013}, "text": {"headline": "Violence of 2012"}}]}`
	opt := importer.Options{Timeline: timeline.Timeline{Slug: "rakhine"}, NewCategories: true, DefaultCategory: "other"}
	imp := func(data string) timeline.ImportResult {
		t.Helper()
		doc, rep, err := importer.Parse("t.json", []byte(data), opt)
		if err != nil || len(rep.Problems) > 0 {
			t.Fatalf("parse: %v %v", err, rep.Problems)
		}
		res, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "test"})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := imp(file); res.ErasCreated != 2 || res.ErasUpdated != 0 {
		t.Errorf("first import: %+v", res)
	}
	eraRevisions := func() int {
		var n int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM revisions WHERE entity = 'era'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if res := imp(file); res.ErasCreated != 0 || res.ErasUpdated != 0 || eraRevisions() != 2 {
		t.Errorf("the same file again: %+v, %d era revisions", res, eraRevisions())
	}
	_, eras, err := store.TimelineEras(ctx, "rakhine")
	if err != nil || len(eras) != 2 {
		t.Fatalf("eras %+v %v", eras, err)
	}
	if e := eras[1]; e.Title != "Clearance operations" || e.Start.String() != "2017-08-25" || e.End.String() != "2017-12" ||
		e.Summary != "Mass **displacement**" {
		t.Errorf("era = %+v", e)
	}
	doc, err := store.ExportTimeline(ctx, "rakhine", true)
	if err != nil {
		t.Fatal(err)
	}
	out, err := export.TimelineJS(doc, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var written struct {
		Eras []struct {
			StartDate map[string]int `json:"start_date"`
			EndDate   map[string]int `json:"end_date"`
			Text      struct{ Headline, Text string }
		} `json:"eras"`
	}
	if err := json.Unmarshal(out, &written); err != nil || len(written.Eras) != 2 {
		t.Fatalf("export eras: %s %v", out, err)
	}
	if e := written.Eras[1]; e.Text.Headline != "Clearance operations" || e.StartDate["day"] != 25 || e.EndDate["month"] != 12 || e.EndDate["day"] != 0 {
		t.Errorf("exported era = %+v", e)
	}
	// The export imports as the same eras: nothing changes.
	if res := imp(string(out)); res.ErasCreated != 0 || res.ErasUpdated != 0 {
		t.Errorf("re-import of the export: %+v", res)
	}
	// A changed end is an update of the same era, with a revision.
	changed := bytes.Replace([]byte(file), []byte(`"end_date": {"year": 2017, "month": 12}`), []byte(`"end_date": {"year": 2018}`), 1)
	if res := imp(string(changed)); res.ErasCreated != 0 || res.ErasUpdated != 1 || eraRevisions() != 3 {
		t.Errorf("changed end: %+v, %d era revisions", res, eraRevisions())
	}
}
