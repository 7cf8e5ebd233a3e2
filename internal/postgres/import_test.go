package postgres_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"annals/internal/demo"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

func loadDemo(t *testing.T) timeline.Document {
	t.Helper()
	doc, err := demo.Document()
	if err != nil {
		t.Fatalf("decode demo: %v", err)
	}
	return doc
}

// snapshot returns every row of every table the import writes, as JSON, so
// two snapshots are equal only if nothing at all changed.
func snapshot(t *testing.T, store *postgres.Store) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"timelines", "categories", "actors", "places", "events", "timeline_events",
		"event_actors", "sources", "event_sources", "figures", "revisions"} {
		var rows []byte
		err := store.Pool().QueryRow(context.Background(),
			`SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY to_jsonb(t)::text), '[]') FROM `+table+` t`).Scan(&rows)
		if err != nil {
			t.Fatalf("snapshot %s: %v", table, err)
		}
		b.WriteString(table + ": " + string(rows) + "\n")
	}
	return b.String()
}

func count(t *testing.T, store *postgres.Store, table string) int {
	t.Helper()
	var n int
	if err := store.Pool().QueryRow(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportDemoThenReadBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	doc := loadDemo(t)
	res, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "test"})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if res.EventsCreated != 18 {
		t.Errorf("created %d events, want 18 (%s)", res.EventsCreated, res)
	}
	pt, err := store.PublicTimeline(ctx, "myanmar-2021", timeline.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pt.Events) != len(doc.Events) {
		t.Fatalf("read back %d events, want %d", len(pt.Events), len(doc.Events))
	}
	// Every event comes back as it was in the file, oldest first.
	want := map[string]timeline.Event{}
	for _, e := range doc.Events {
		want[e.Slug] = e
	}
	for i, got := range pt.Events {
		if i > 0 && pt.Events[i-1].When.Start.Compare(got.When.Start) > 0 {
			t.Errorf("events out of order: %s before %s", pt.Events[i-1].Slug, got.Slug)
		}
		w := want[got.Slug]
		if got.Title != w.Title || got.Summary != w.Summary || got.When != w.When || got.Category.Slug != w.Category.Slug ||
			got.Place.Name != w.Place.Name || got.Place.Country != w.Place.Country {
			t.Errorf("event %s read back differently:\n got %+v\nwant %+v", got.Slug, got, w)
		}
		if len(got.Actors) != len(w.Actors) || len(got.Citations) != len(w.Citations) || len(got.Figures) != len(w.Figures) {
			t.Errorf("event %s: %d actors, %d citations, %d figures; want %d, %d, %d", got.Slug,
				len(got.Actors), len(got.Citations), len(got.Figures), len(w.Actors), len(w.Citations), len(w.Figures))
			continue
		}
		for j := range got.Actors {
			if got.Actors[j].Actor.Slug != w.Actors[j].Actor.Slug {
				t.Errorf("event %s actor %d = %s, want %s", got.Slug, j, got.Actors[j].Actor.Slug, w.Actors[j].Actor.Slug)
			}
		}
		for j := range got.Citations {
			if got.Citations[j].Source.URL != w.Citations[j].Source.URL || got.Citations[j].Source.Title != w.Citations[j].Source.Title {
				t.Errorf("event %s citation %d = %q, want %q", got.Slug, j, got.Citations[j].Source.URL, w.Citations[j].Source.URL)
			}
		}
		for j := range got.Figures {
			g, f := got.Figures[j], w.Figures[j]
			if g.Metric != f.Metric || g.Value != f.Value || g.Qualifier != f.Qualifier || g.Scope != f.Scope ||
				g.AsOf != f.AsOf || g.Source.URL != f.Source.URL || g.Attribution != f.Attribution || g.Note != f.Note {
				t.Errorf("event %s figure %d:\n got %+v\nwant %+v", got.Slug, j, g, f)
			}
		}
	}
	if got := pt.Events[0]; got.Slug != "russia-myanmar-cooperation-2001" || got.When.Start.Format() != "2001" {
		t.Errorf("first event = %s %q, want the 2001 cooperation at year precision", got.Slug, got.When.Start.Format())
	}
	// 26 distinct URLs plus the source without one.
	if n := count(t, store, "sources"); n != 27 {
		t.Errorf("%d sources, want 27 (one per URL, plus the one without a URL)", n)
	}
	if n := count(t, store, "revisions"); n != 18+27+1+2 {
		t.Errorf("%d revisions, want one per event, per source, per era and for the timeline (48)", n)
	}
	if n := count(t, store, "eras"); n != 2 {
		t.Errorf("%d eras, want the demo's 2", n)
	}
}

func TestImportTwiceChangesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	if _, err := store.ImportDocument(ctx, loadDemo(t), timeline.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, store)
	res, err := store.ImportDocument(ctx, loadDemo(t), timeline.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.EventsUnchanged != 18 || res.EventsCreated+res.EventsUpdated+res.SourcesCreated+res.SourcesUpdated != 0 {
		t.Errorf("second import: %s; want 18 unchanged and nothing else", res)
	}
	if after := snapshot(t, store); after != before {
		t.Errorf("the second import changed the database")
	}
}

func TestImportUpdatesChangedEventWithRevision(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	doc := loadDemo(t)
	if _, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	doc.Events[3].Title = "Military seizes power (corrected title)"
	doc.Events[3].Figures = append(doc.Events[3].Figures, timeline.Figure{
		Metric: "detained", Value: 45, Qualifier: timeline.QualifierAbout, Scope: timeline.ScopeEvent,
		AsOf: doc.Events[3].When.Start, Source: doc.Events[3].Citations[0].Source,
	})
	res, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{Author: "tester", Reason: "fix title"})
	if err != nil {
		t.Fatal(err)
	}
	if res.EventsUpdated != 1 || res.EventsUnchanged != 17 {
		t.Errorf("result %s; want 1 updated, 17 unchanged", res)
	}
	_, e, err := store.PublicEvent(ctx, "myanmar-2021", doc.Events[3].Slug)
	if err != nil {
		t.Fatal(err)
	}
	if e.Title != doc.Events[3].Title || e.Version != 2 || len(e.Figures) != 1 {
		t.Errorf("event after update: title %q version %d figures %d", e.Title, e.Version, len(e.Figures))
	}
	var record []byte
	var author, reason string
	err = store.Pool().QueryRow(ctx, `
SELECT r.record, r.author, r.reason FROM revisions r JOIN events e ON e.id = r.entity_id
WHERE r.entity = 'event' AND e.slug = $1 ORDER BY r.id DESC LIMIT 1`, e.Slug).Scan(&record, &author, &reason)
	if err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(record, &rec); err != nil {
		t.Fatal(err)
	}
	if rec["title"] != doc.Events[3].Title || author != "tester" || reason != "fix title" {
		t.Errorf("latest revision: title %v, author %q, reason %q", rec["title"], author, reason)
	}
	if n, _ := store.EventRevisionCount(ctx, e.Slug); n != 2 {
		t.Errorf("%d revisions of the event, want 2", n)
	}
}

// TestImportIsAllOrNothing makes the database itself refuse one event in
// the middle of the file, and checks that nothing of the file was kept.
func TestImportIsAllOrNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	_, err := store.Pool().Exec(ctx, `
CREATE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.slug = 'eu-sanctions-mar' THEN RAISE EXCEPTION 'refused by test trigger'; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER refuse BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_event();`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.ImportDocument(ctx, loadDemo(t), timeline.ImportOptions{}); err == nil {
		t.Fatal("import succeeded despite the refused event")
	}
	for _, table := range []string{"timelines", "categories", "actors", "events", "sources", "figures", "revisions"} {
		if n := count(t, store, table); n != 0 {
			t.Errorf("%s has %d rows after a failed import, want 0", table, n)
		}
	}
}

func TestImportRejectsInvalidDocumentBeforeWriting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	doc := loadDemo(t)
	i := 7 // unsc-presidential-statement-mar, which has one figure
	if doc.Events[i].Slug != "unsc-presidential-statement-mar" || len(doc.Events[i].Figures) == 0 {
		t.Fatalf("fixture: event %d is %s", i, doc.Events[i].Slug)
	}
	doc.Events[i].Figures[0].Value = -3 // not possible through the file decoder; the store checks again
	_, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{})
	if timeline.ErrorCode(err) != timeline.EINVALID || !strings.Contains(err.Error(), "figures[0].value") {
		t.Fatalf("err = %v, want an invalid-input error naming figures[0].value", err)
	}
	if n := count(t, store, "events"); n != 0 {
		t.Errorf("%d events written", n)
	}
}

func TestSchemaRejectsImpossibleData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	if _, err := store.ImportDocument(ctx, loadDemo(t), timeline.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, sql string }{
		{"month precision with a day", `UPDATE events SET start_date = '2021-05-17', start_precision = 'month' WHERE slug = 'coup'`},
		{"year precision not on 1 January", `UPDATE events SET start_date = '2021-03-01', start_precision = 'year' WHERE slug = 'coup'`},
		{"end before start", `UPDATE events SET end_date = '2021-01-01', end_precision = 'day' WHERE slug = 'coup'`},
		{"end without precision", `UPDATE events SET end_date = '2021-03-01' WHERE slug = 'coup'`},
		{"negative figure", `UPDATE figures SET value = -1`},
		{"unknown qualifier", `UPDATE figures SET qualifier = 'roughly'`},
		{"javascript URL", `UPDATE sources SET url = 'javascript:alert(1)' WHERE url <> ''`},
		{"data archive URL", `UPDATE sources SET archive_url = 'data:text/html,x'`},
		{"unknown status", `UPDATE events SET status = 'live'`},
		{"bad slug", `UPDATE events SET slug = 'Not A Slug' WHERE slug = 'coup'`},
		{"duplicate source URL", `INSERT INTO sources (url, title) SELECT url, 'copy' FROM sources WHERE url <> '' LIMIT 1`},
		{"bad country", `UPDATE places SET country = 'Myanmar'`},
		{"latitude out of range", `UPDATE places SET lat = 95, lon = 0`},
	}
	for _, tt := range tests {
		if _, err := store.Pool().Exec(ctx, tt.sql); err == nil {
			t.Errorf("%s: the database accepted it", tt.name)
		}
	}
}

// A spreadsheet import (drafts) must not change what the public sees: a
// row that changes a published event is refused, naming the event, and the
// whole file is left unwritten. Importing with publishing may change it.
func TestDraftImportNeverChangesAPublishedEvent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	doc := loadDemo(t)
	if _, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, store)
	sheet := doc
	sheet.Events = nil
	changed := doc.Events[3]
	changed.Title = "Changed in a spreadsheet"
	fresh := doc.Events[0]
	fresh.Slug, fresh.Title = "a-new-row", "A new row"
	sheet.Events = append(sheet.Events, doc.Events[0], changed, fresh)

	_, err := store.ImportDocument(ctx, sheet, timeline.ImportOptions{Drafts: true})
	var v *timeline.ValidationError
	if !errors.As(err, &v) || len(v.Problems) != 1 || !strings.Contains(v.Problems[0].Item, changed.Slug) ||
		!strings.Contains(v.Problems[0].Message, "published") {
		t.Fatalf("import of a change to a published event as drafts: %v; want one problem naming %q", err, changed.Slug)
	}
	if after := snapshot(t, store); after != before {
		t.Error("the refused import wrote something")
	}
	res, err := store.ImportDocument(ctx, sheet, timeline.ImportOptions{})
	if err != nil || res.EventsUpdated != 1 || res.EventsCreated != 1 {
		t.Fatalf("import with publishing: %s, %v; want 1 updated, 1 created", res, err)
	}
	if _, e, err := store.PublicEvent(ctx, "myanmar-2021", changed.Slug); err != nil || e.Title != changed.Title {
		t.Errorf("after importing with publishing the event is %q, %v", e.Title, err)
	}
}

// Importing another timeline's events into a second timeline makes events
// of its own, under new slugs, and leaves the first timeline's alone; a
// second import of the same file changes nothing.
func TestImportIntoASecondTimelineMakesItsOwnEvents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	doc := loadDemo(t)
	if _, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	second := doc
	second.Timeline.Slug, second.Timeline.Title = "arms-pipeline", "The arms pipeline"
	second.Events = doc.Events[:3]
	before := count(t, store, "events")
	res, err := store.ImportDocument(ctx, second, timeline.ImportOptions{})
	if err != nil || res.EventsCreated != 3 || len(res.Renamed) != 3 {
		t.Fatalf("import into a second timeline: %s, %v; want 3 created under new slugs", res, err)
	}
	if res.Renamed[0].To != doc.Events[0].Slug+"-2" {
		t.Errorf("renamed %+v, want %s-2", res.Renamed[0], doc.Events[0].Slug)
	}
	if n := count(t, store, "events"); n != before+3 {
		t.Errorf("%d events, want %d", n, before+3)
	}
	if first, err := store.PublicTimeline(ctx, "myanmar-2021", timeline.Filter{}); err != nil || len(first.Events) != len(doc.Events) {
		t.Errorf("the first timeline has %d events, %v", len(first.Events), err)
	}
	pt, err := store.PublicTimeline(ctx, "arms-pipeline", timeline.Filter{})
	if err != nil || len(pt.Events) != 3 {
		t.Fatalf("the second timeline has %d events, %v", len(pt.Events), err)
	}
	if res, err := store.ImportDocument(ctx, second, timeline.ImportOptions{}); err != nil || res.EventsUnchanged != 3 {
		t.Errorf("the same file again: %s, %v; want 3 unchanged", res, err)
	}
}
