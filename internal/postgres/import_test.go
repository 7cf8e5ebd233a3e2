package postgres_test

import (
	"context"
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

func TestImportDemoThenReadBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	res, err := store.ImportDocument(ctx, loadDemo(t), postgres.ImportOptions{Reason: "test"})
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
	if len(pt.Events) != 18 {
		t.Fatalf("read back %d events, want 18", len(pt.Events))
	}
	for i := 1; i < len(pt.Events); i++ {
		if pt.Events[i-1].When.Start.Compare(pt.Events[i].When.Start) > 0 {
			t.Errorf("events out of order: %s before %s", pt.Events[i-1].Slug, pt.Events[i].Slug)
		}
	}
	if pt.Events[0].Slug != "russia-myanmar-cooperation-2001" || pt.Events[0].When.Start.Format() != "2001" {
		t.Errorf("first event = %s %s, want the 2001 cooperation at year precision", pt.Events[0].Slug, pt.Events[0].When.Start.Format())
	}
}
