package postgres_test

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"annals/internal/auth"
	"annals/internal/demo"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// searchIndexDrift counts the events whose stored search document or words
// differ from what event_search_document makes of them now, rows kept for
// events that are gone, and events still waiting for a refresh after their
// transaction committed.
func searchIndexDrift(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	err := pool.QueryRow(context.Background(), `
SELECT (SELECT count(*) FROM events e LEFT JOIN event_search s ON s.event_id = e.id
        WHERE s.document IS DISTINCT FROM lower(event_search_document(e.id))
           OR s.words IS DISTINCT FROM to_tsvector('english', event_search_document(e.id)))
     + (SELECT count(*) FROM event_search s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = s.event_id))
     + (SELECT count(*) FROM event_search_stale)`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSearchIndexFollowsEveryWritePath runs the write paths (import, bulk
// import, editor saves, every event step, translations, source edits and
// merges, actor and place renames, reordered actors and citations, a
// restore) and checks after each that every event's search row is exactly
// what event_search_document makes of it.
func TestSearchIndexFollowsEveryWritePath(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	store := postgres.NewStore(pool)
	check := func(step string) {
		t.Helper()
		if n := searchIndexDrift(t, pool); n != 0 {
			t.Errorf("after %s: %d events' search rows differ from their documents", step, n)
		}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := pool.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	pub := backupWorkflow(t, store)
	check("the demo import and every event step")

	// Import of changed rows: a new title, actors and citations in another
	// order (the document lists them in order), a source renamed.
	doc, err := demo.Document()
	must(err)
	doc.Events[0].Title += " (corrected)"
	slices.Reverse(doc.Events[0].Actors)
	for i := range doc.Events {
		if len(doc.Events[i].Citations) > 1 {
			slices.Reverse(doc.Events[i].Citations)
			break
		}
	}
	doc.Events[1].Summary = "A new summary."
	_, err = store.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "second upload"})
	must(err)
	check("an import of changed rows")

	users, err := store.Users(ctx)
	must(err)
	byEmail := map[string]auth.User{}
	for _, u := range users {
		byEmail[u.Email] = u
	}
	editor, reviewer := byEmail["editor@example.org"], byEmail["reviewer@example.org"]

	// Translations: saved (not searchable yet), published, deleted.
	key := timeline.TranslationKey{Of: timeline.OfEvent, ID: pub, Lang: "my"}
	tv, err := store.SaveTranslation(ctx, editor, timeline.TranslationSave{Key: key, Title: "ကနီ", Summary: "စာ"})
	must(err)
	check("a saved translation")
	tv, err = store.PublishTranslation(ctx, reviewer, timeline.TranslationAction{Key: key, Version: tv})
	must(err)
	check("a published translation")

	// A cited source renamed, then made confidential.
	cur, err := store.StaffEvent(ctx, pub)
	must(err)
	src := cur.Work.Citations[0].Source
	lib, err := store.LibrarySourceByID(ctx, src.ID)
	must(err)
	src.Title = "A renamed report"
	v, err := store.UpdateSource(ctx, editor, src, lib.Version, "")
	must(err)
	check("a source renamed")
	src.Confidential = true
	_, err = store.UpdateSource(ctx, editor, src, v, "")
	must(err)
	check("a source made confidential")

	// An actor renamed through the catalogue, a place renamed by hand.
	must(store.SaveActor(ctx, editor, timeline.Actor{Slug: "witness-group", Name: "Witnesses of Sagaing", Kind: "group"}))
	check("an actor renamed")
	exec(`UPDATE places SET name = name || ' (town)' WHERE name = 'Sagaing'`)
	check("a place renamed")

	// Statements no store function makes yet: links reordered, moved and
	// removed, an event's place changed, events removed.
	exec(`UPDATE event_actors SET position = -position`)
	check("actors reordered")
	exec(`UPDATE event_sources SET position = -position`)
	check("citations reordered")
	exec(`UPDATE event_actors SET event_id = (SELECT min(id) FROM events) WHERE event_id = (SELECT max(event_id) FROM event_actors)
  AND actor_id NOT IN (SELECT actor_id FROM event_actors WHERE event_id = (SELECT min(id) FROM events))`)
	check("an actor moved to another event")
	exec(`DELETE FROM event_sources WHERE event_id = (SELECT min(event_id) FROM event_sources)`)
	check("citations removed")
	exec(`UPDATE events SET place_id = (SELECT max(id) FROM places) WHERE id = (SELECT min(id) FROM events)`)
	check("an event moved")
	must(store.DeleteTranslation(ctx, reviewer, timeline.TranslationAction{Key: key, Version: tv}))
	check("a translation deleted")
	exec(`DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY id DESC LIMIT 2)`)
	check("events deleted")

	// A restore into an empty database.
	var buf bytes.Buffer
	_, err = store.Backup(ctx, &buf)
	must(err)
	dstPool := pgtest.NewPool(t)
	dst := postgres.NewStore(dstPool)
	_, err = dst.RestoreBackup(ctx, bytes.NewReader(buf.Bytes()), timeline.RestoreOptions{})
	must(err)
	if n := searchIndexDrift(t, dstPool); n != 0 {
		t.Errorf("after a restore: %d events' search rows differ from their documents", n)
	}
}
