package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"annals/internal/demo"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
)

func countRows(t *testing.T, dbURL string) (events, revisions int) {
	t.Helper()
	ctx := context.Background()
	pool, err := postgres.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM revisions)`).Scan(&events, &revisions); err != nil {
		t.Fatal(err)
	}
	return events, revisions
}

// A file with problems is refused whole, with each problem on its row and
// column, and nothing is written.
func TestImportWithProblemsWritesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbURL := pgtest.NewDatabase(t)
	env := envOf(map[string]string{"DATABASE_URL": dbURL})
	cases := map[string][]string{
		"problems.csv":           {"row 2: title", "row 3: start", "row 4: start", "row 5: sources", "row 6: category"},
		"sheet-problems.csv":     {"row 2: Headline", "row 3: Month", "row 4: Year", "row 5: Media", "row 6: Group"},
		"timeline-problems.json": {"row 1: text.headline", "row 2: start_date.month", "row 3: start_date.year", "row 4: media.url", "row 5: group"},
		"native-problems.json": {`row 1, event "no-title": title`, `row 2, event "month-13": start`, `row 3, event "text-year": start`,
			`row 4, event "unsafe": sources[0].url`, `row 5, event "unknown-cat": category`},
	}
	for file, wants := range cases {
		err := run(ctx, []string{"import", "-dry-run", filepath.Join("..", "..", "internal", "importer", "testdata", file)}, env,
			strings.NewReader(""), io.Discard, io.Discard)
		if err == nil {
			t.Errorf("%s: imported despite its problems", file)
			continue
		}
		msg := describe(err)
		for _, w := range wants {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: the message does not name %q:\n%s", file, w, msg)
			}
		}
		if err := run(ctx, []string{"import", filepath.Join("..", "..", "internal", "importer", "testdata", file)}, env,
			strings.NewReader(""), io.Discard, io.Discard); err == nil {
			t.Errorf("%s: imported for real despite its problems", file)
		}
	}
	if events, revisions := countRows(t, dbURL); events != 0 || revisions != 0 {
		t.Errorf("refused imports wrote %d events and %d revisions", events, revisions)
	}
}

func TestImportDryRunThenImport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbURL := pgtest.NewDatabase(t)
	env := envOf(map[string]string{"DATABASE_URL": dbURL})
	sheet := filepath.Join("..", "..", "internal", "importer", "testdata", "sheet.csv")
	var out bytes.Buffer
	if err := run(ctx, []string{"import", "-dry-run", "-new-categories", sheet}, env, nil, &out, io.Discard); err != nil {
		t.Fatalf("dry run: %v", err)
	}
	for _, want := range []string{"row 3      create     military-seizes-power", "row 6      valid        (era: a named period of the timeline)", "nothing was written", "warning: Media Thumbnail: is not kept"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out.String())
		}
	}
	if events, _ := countRows(t, dbURL); events != 0 {
		t.Fatalf("the dry run wrote %d events", events)
	}
	out.Reset()
	if err := run(ctx, []string{"import", "-new-categories", "-timeline", "myanmar-sheet", sheet}, env, nil, &out, io.Discard); err != nil {
		t.Fatalf("import: %v", err)
	}
	if !strings.Contains(out.String(), `into timeline "myanmar-sheet": events: 3 created`) {
		t.Errorf("import output: %s", out.String())
	}
	// Drafts: nothing of a spreadsheet is public until someone publishes it.
	out.Reset()
	if err := run(ctx, []string{"export", "-public", "-format", "csv", "myanmar-sheet"}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(out.String(), "\n"); lines != 1 {
		t.Errorf("a fresh spreadsheet import has %d public rows, want none:\n%s", lines-1, out.String())
	}
}

// annals export -> annals import into an empty database -> annals export
// gives the same bytes, for the JSON and the CSV.
func TestExportImportExportCLI(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	demoFile := filepath.Join(dir, "demo.json")
	if err := os.WriteFile(demoFile, demo.JSON(), 0o644); err != nil {
		t.Fatal(err)
	}
	from := envOf(map[string]string{"DATABASE_URL": pgtest.NewDatabase(t)})
	if err := run(ctx, []string{"import", demoFile}, from, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"json", "csv"} {
		first := filepath.Join(dir, "first."+format)
		if err := run(ctx, []string{"export", "-format", format, "-o", first, "myanmar-2021"}, from, nil, io.Discard, io.Discard); err != nil {
			t.Fatalf("export %s: %v", format, err)
		}
		to := envOf(map[string]string{"DATABASE_URL": pgtest.NewDatabase(t)})
		args := []string{"import", first}
		if format == "csv" {
			args = []string{"import", "-timeline", "myanmar-2021", "-title", "x", first}
		}
		var out bytes.Buffer
		if err := run(ctx, args, to, nil, &out, io.Discard); err != nil {
			t.Fatalf("import the %s export: %v", format, err)
		}
		var second bytes.Buffer
		if err := run(ctx, []string{"export", "-format", format, "myanmar-2021"}, to, nil, &second, io.Discard); err != nil {
			t.Fatal(err)
		}
		want, _ := os.ReadFile(first)
		if !bytes.Equal(want, second.Bytes()) {
			t.Errorf("%s: export -> import -> export differs (%d vs %d bytes)", format, len(want), second.Len())
		}
	}
}

// A spreadsheet row that would change a published event is refused on its
// row, naming the event, and nothing is written.
func TestImportNamesTheRowOfAHeldChange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbURL := pgtest.NewDatabase(t)
	env := envOf(map[string]string{"DATABASE_URL": dbURL})
	if err := run(ctx, []string{"seed"}, env, strings.NewReader(""), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "edit.csv")
	csv := "slug,title,start,category\na-new-row,A new row,2021-03-01,political\ncoup,Edited in a sheet,2021-02-01,political\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	events, revisions := countRows(t, dbURL)
	err := run(ctx, []string{"import", "-timeline", "myanmar-2021", file}, env, strings.NewReader(""), io.Discard, io.Discard)
	if msg := describe(err); err == nil || !strings.Contains(msg, `row 3, event "coup"`) || !strings.Contains(msg, "published") {
		t.Errorf("import changing a published event: %v; want a problem on row 3 naming the event", msg)
	}
	if e, r := countRows(t, dbURL); e != events || r != revisions {
		t.Errorf("the refused import wrote: %d/%d events, %d/%d revisions", e, events, r, revisions)
	}
}

// `annals import -timeline SLUG` into an existing timeline keeps its
// title and summary; -title renames it, shown in the dry run first.
func TestImportIntoExistingTimelineKeepsItsTitle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbURL := pgtest.NewDatabase(t)
	env := envOf(map[string]string{"DATABASE_URL": dbURL})
	if err := run(ctx, []string{"seed"}, env, nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("seed: %v", err)
	}
	timelineRow := func() (title, summary string) {
		t.Helper()
		pool, err := postgres.Open(ctx, dbURL)
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		if err := pool.QueryRow(ctx, `SELECT title, summary FROM timelines WHERE slug = 'myanmar-2021'`).Scan(&title, &summary); err != nil {
			t.Fatal(err)
		}
		return title, summary
	}
	title, summary := timelineRow()
	if summary == "" {
		t.Fatal("the demo timeline has no summary to keep")
	}
	sheet := filepath.Join("..", "..", "internal", "importer", "testdata", "sheet.csv")
	if err := run(ctx, []string{"import", "-new-categories", "-timeline", "myanmar-2021", sheet}, env, nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("import: %v", err)
	}
	if gotTitle, gotSummary := timelineRow(); gotTitle != title || gotSummary != summary {
		t.Fatalf("the import changed the timeline to %q / %q, was %q / %q", gotTitle, gotSummary, title, summary)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"import", "-dry-run", "-new-categories", "-timeline", "myanmar-2021", "-title", "Myanmar since the coup", sheet},
		env, nil, &out, io.Discard); err != nil {
		t.Fatalf("dry run: %v", err)
	}
	if want := `timeline title: "` + title + `" -> "Myanmar since the coup"`; !strings.Contains(out.String(), want) {
		t.Errorf("the dry run does not show %q:\n%s", want, out.String())
	}
	if gotTitle, _ := timelineRow(); gotTitle != title {
		t.Fatalf("the dry run renamed the timeline to %q", gotTitle)
	}
}
