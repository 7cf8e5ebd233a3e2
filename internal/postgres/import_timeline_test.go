package postgres_test

import (
	"context"
	"strings"
	"testing"

	"annals/internal/auth"
	"annals/internal/importer"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

const oneRowSheet = "Year,Month,Day,Headline,Text,Media,Group\n" +
	"2021,3,14,Soldiers burn the village,Houses burned at dawn.,https://example.org/burned,political\n"

// parseInto parses a file for timeline slug, as the CLI and the upload do.
func parseInto(t *testing.T, name, data, slug, title string) (timeline.Document, *importer.Report) {
	t.Helper()
	opt := importer.Options{Categories: []timeline.Category{{Slug: "political", Name: "Political"}},
		Timeline: timeline.Timeline{Slug: slug, Title: title}}
	doc, rep, err := importer.Parse(name, []byte(data), opt)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return doc, rep
}

func importOpts(rep *importer.Report, dryRun bool) timeline.ImportOptions {
	return timeline.ImportOptions{Author: "tester", Reason: "test", DryRun: dryRun, Drafts: true,
		TimelineFields: rep.TimelineFields}
}

func timelineRow(t *testing.T, store *postgres.Store, slug string) string {
	t.Helper()
	var row string
	err := store.Pool().QueryRow(context.Background(),
		`SELECT (to_jsonb(t) - 'updated_at')::text FROM timelines t WHERE slug = $1`, slug).Scan(&row)
	if err != nil {
		t.Fatalf("timeline %s: %v", slug, err)
	}
	return row
}

func timelineRevisions(t *testing.T, store *postgres.Store, slug string) []string {
	t.Helper()
	rows, err := store.Pool().Query(context.Background(), `
SELECT r.action || ' by ' || r.author FROM revisions r JOIN timelines t ON t.id = r.entity_id
WHERE r.entity = 'timeline' AND t.slug = $1 ORDER BY r.id`, slug)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// Importing into an existing timeline keeps its title, summary, language
// and visibility unless the import says otherwise; then the change is
// shown in the dry run and written with a revision.
func TestImportKeepsTheTimelinesTitle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	if err := store.SaveCategory(ctx, auth.User{}, timeline.Category{Slug: "political", Name: "Political"}); err != nil {
		t.Fatal(err)
	}
	if err := store.SaveTimeline(ctx, auth.User{}, timeline.Timeline{Slug: "coup", Title: "Coup and after", Summary: "What the army did.",
		Language: "my", Visibility: timeline.VisibilityInternal}); err != nil {
		t.Fatal(err)
	}
	before := timelineRow(t, store, "coup")
	for _, name := range []string{"events.csv", "events.json"} {
		data := oneRowSheet
		if name == "events.json" {
			data = `{"title": {"text": {"headline": "A title slide", "text": "Its text."}}, "events": [{"start_date": {"year": "2021", "month": "4"},
  "text": {"headline": "Strike in Mandalay"}, "media": {"url": "https://example.org/strike"}, "group": "political"}]}`
		}
		doc, rep := parseInto(t, name, data, "coup", "")
		if len(rep.TimelineFields) != 0 {
			t.Errorf("%s: the file gives the timeline's %v, but it says nothing about it", name, rep.TimelineFields)
		}
		res, err := store.ImportDocument(ctx, doc, importOpts(rep, true))
		if err != nil {
			t.Fatalf("%s dry run: %v", name, err)
		}
		if len(res.Timeline.Changes) != 0 || res.Timeline.Change != "unchanged" {
			t.Errorf("%s dry run: the timeline would change: %+v", name, res.Timeline)
		}
		if _, err := store.ImportDocument(ctx, doc, importOpts(rep, false)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if after := timelineRow(t, store, "coup"); after != before {
			t.Fatalf("%s: importing into the timeline changed it:\n%s\nwas\n%s", name, after, before)
		}
	}
	// Its only revision is its creation by SaveTimeline above.
	if revs := timelineRevisions(t, store, "coup"); strings.Join(revs, ";") != "create by command line" {
		t.Errorf("revisions of a timeline imports did not change: %v, want only its creation", revs)
	}

	// Asked to, the import renames it: shown in the dry run, then a revision.
	doc, rep := parseInto(t, "events.csv", oneRowSheet, "coup", "Coup, crackdown and after")
	if strings.Join(rep.TimelineFields, ",") != "title" {
		t.Fatalf("a title given with the import: fields %v, want [title]", rep.TimelineFields)
	}
	res, err := store.ImportDocument(ctx, doc, importOpts(rep, true))
	if err != nil {
		t.Fatal(err)
	}
	want := []timeline.TimelineChange{{Field: "title", Old: "Coup and after", New: "Coup, crackdown and after"}}
	if res.Timeline.Change != "update" || len(res.Timeline.Changes) != 1 || res.Timeline.Changes[0] != want[0] {
		t.Fatalf("dry run of a rename: %+v, want %+v", res.Timeline, want)
	}
	if got := res.Timeline.Changes[0].String(); got != `timeline title: "Coup and after" -> "Coup, crackdown and after"` {
		t.Errorf("the change reads %q", got)
	}
	if timelineRow(t, store, "coup") != before {
		t.Fatal("the dry run renamed the timeline")
	}
	if _, err := store.ImportDocument(ctx, doc, importOpts(rep, false)); err != nil {
		t.Fatal(err)
	}
	var title, summary, language, visibility string
	if err := store.Pool().QueryRow(ctx, `SELECT title, summary, language, visibility FROM timelines WHERE slug = 'coup'`).
		Scan(&title, &summary, &language, &visibility); err != nil {
		t.Fatal(err)
	}
	if title != "Coup, crackdown and after" || summary != "What the army did." || visibility != "internal" || language != "my" {
		t.Errorf("after the rename: %q %q %s %s", title, summary, language, visibility)
	}
	if revs := timelineRevisions(t, store, "coup"); strings.Join(revs, ";") != "create by command line;save by tester" {
		t.Errorf("revisions of the renamed timeline: %v, want its creation and one save by tester", revs)
	}

	// A new timeline is created with a revision.
	doc, rep = parseInto(t, "events.csv", oneRowSheet, "fresh", "")
	if _, err := store.ImportDocument(ctx, doc, importOpts(rep, false)); err != nil {
		t.Fatal(err)
	}
	if revs := timelineRevisions(t, store, "fresh"); strings.Join(revs, ";") != "create by tester" {
		t.Errorf("revisions of a new timeline: %v, want one create", revs)
	}
}

// An import only updates events already on its timeline: a row whose slug
// belongs to an event elsewhere becomes a new event under a new slug, and
// the other event is left exactly as it was.
func TestImportSlugClashStaysInItsTimeline(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	if err := store.SaveCategory(ctx, auth.User{}, timeline.Category{Slug: "political", Name: "Political"}); err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{"tl-a", "tl-b"} {
		if err := store.SaveTimeline(ctx, auth.User{}, timeline.Timeline{Slug: slug, Title: slug, Language: "en", Visibility: "public"}); err != nil {
			t.Fatal(err)
		}
	}
	doc, rep := parseInto(t, "a.csv", oneRowSheet, "tl-a", "")
	if _, err := store.ImportDocument(ctx, doc, importOpts(rep, false)); err != nil {
		t.Fatal(err)
	}
	const slug = "soldiers-burn-the-village"
	eventRow := func() string {
		var row string
		if err := store.Pool().QueryRow(ctx, `SELECT to_jsonb(e)::text FROM events e WHERE slug = $1`, slug).Scan(&row); err != nil {
			t.Fatal(err)
		}
		return row
	}
	rowBefore := eventRow()
	revsBefore, err := store.EventRevisionCount(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}

	other := strings.Replace(strings.Replace(oneRowSheet, "2021,3,14", "2022,1,2", 1), "Houses burned at dawn.", "Another village a year later.", 1)
	// A dry run, the import, and the same import again, which finds the
	// event the first one made.
	for i, want := range []importer.Outcome{importer.OutcomeCreate, importer.OutcomeCreate, importer.OutcomeUnchanged} {
		dryRun := i == 0
		doc, rep := parseInto(t, "b.csv", other, "tl-b", "")
		res, err := store.ImportDocument(ctx, doc, importOpts(rep, dryRun))
		if err != nil {
			t.Fatal(err)
		}
		rep.Renamed(res.Renamed)
		rep.Apply(res.Outcomes())
		row := rep.Rows[0]
		if row.Event != slug+"-2" || !strings.Contains(row.Note, `the slug "`+slug+`" belongs to an event on timeline "tl-a"; imported as "`+slug+`-2"`) {
			t.Errorf("dry run %v: row %+v, want it imported as %s-2 with a note", dryRun, row, slug)
		}
		if after, _ := store.EventRevisionCount(ctx, slug); eventRow() != rowBefore || after != revsBefore {
			t.Fatalf("dry run %v: the import into tl-b changed tl-a's event (revisions %d, were %d)", dryRun, after, revsBefore)
		}
		if row.Outcome != want {
			t.Errorf("import %d: outcome %s, want %s", i, row.Outcome, want)
		}
	}
	if n := count(t, store, "events"); n != 2 {
		t.Errorf("%d events, want 2 (one per timeline)", n)
	}
}
