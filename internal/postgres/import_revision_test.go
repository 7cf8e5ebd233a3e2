package postgres_test

import (
	"context"
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"annals/internal/importer"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// The import's fast path builds a new event's first revision from memory;
// it must be exactly the record of the event as saved.
func TestImportedRevisionIsTheEventAsSaved(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	data, err := os.ReadFile("../importer/testdata/events.csv")
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := importer.Parse("events.csv", data, importer.Options{Timeline: timeline.Timeline{Slug: "fixture", Title: "Fixture"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	var timelineID int64
	if err := store.Pool().QueryRow(ctx, `SELECT id FROM timelines WHERE slug = 'fixture'`).Scan(&timelineID); err != nil {
		t.Fatal(err)
	}
	records, events, err := store.EventRecordsForTest(ctx, timelineID)
	if err != nil || len(events) != 3 {
		t.Fatalf("load: %d events, %v", len(events), err)
	}
	for _, e := range events {
		var stored []byte
		if err := store.Pool().QueryRow(ctx, `SELECT record FROM revisions WHERE entity = 'event' AND entity_id = $1`, e.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		var got, want any
		_ = json.Unmarshal(stored, &got)
		_ = json.Unmarshal(records[e.ID], &want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("event %s: revision\n%s\nwant\n%s", e.Slug, stored, records[e.ID])
		}
	}
}
