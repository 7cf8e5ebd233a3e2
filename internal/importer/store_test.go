package importer_test

import (
	"context"
	"fmt"
	"testing"

	"annals/internal/importer"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// Years before 1000 and before the common era go into PostgreSQL's date
// columns and come back the same, oldest first.
func TestEarlyYearsAreStoredAndOrdered(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, err := postgres.Open(ctx, pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	store := postgres.NewStore(pool)
	sheet := "Year,Month,Day,End Year,Headline,Media,Group\n" +
		"2021,2,1,,Coup,https://example.org/coup,political\n" +
		"602,,,,Three digits,https://example.org/602,political\n" +
		"-44,3,15,,Ides of March,https://example.org/ides,political\n" +
		"-4713,,,-500,Earliest year,https://example.org/early,political\n" +
		"-1,,,1,Across the eras,https://example.org/across,political\n"
	opt := known
	opt.Publish = true
	doc, _, err := importer.Parse("early.csv", []byte(sheet), opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{Author: "test", Reason: "test"}); err != nil {
		t.Fatalf("import: %v", err)
	}
	pt, err := store.PublicTimeline(ctx, doc.Timeline.Slug, timeline.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range pt.Events {
		got = append(got, e.When.Format())
	}
	want := "[4713 BCE – 500 BCE 15 March 44 BCE 1 BCE – 1 602 1 February 2021]"
	if fmt.Sprint(got) != want {
		t.Errorf("stored events = %v\nwant %s", got, want)
	}
}
