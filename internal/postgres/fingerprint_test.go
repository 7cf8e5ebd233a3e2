package postgres_test

import (
	"context"
	"testing"

	"annals/internal/auth"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

func TestTimelineFingerprintFollowsThePublicData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	if _, err := store.ImportDocument(ctx, loadDemo(t), timeline.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	fp := func(event string) string {
		t.Helper()
		f, err := store.TimelineFingerprint(ctx, "myanmar-2021", event)
		if err != nil {
			t.Fatalf("fingerprint %q: %v", event, err)
		}
		if len(f.Digest) != 64 || f.Changed.IsZero() {
			t.Fatalf("fingerprint %q = %+v", event, f)
		}
		return f.Digest
	}
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := store.Pool().Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	whole := fp("")
	if fp("") != whole {
		t.Fatal("the fingerprint is not stable")
	}
	// An event page shows its timeline's source numbers and its
	// neighbours' titles, which other events change: it shares the
	// timeline's fingerprint (the ETag adds the address).
	if fp("coup") != whole {
		t.Error("an event page's fingerprint differs from its timeline's")
	}

	// Editing a published event changes the fingerprint.
	exec(`UPDATE events SET title = 'Coup (edited)', version = version + 1, updated_at = now() WHERE slug = 'coup'`)
	if fp("") == whole {
		t.Error("editing an event left the fingerprint as it was")
	}
	// A staff-only change to the row (its version) does not.
	whole = fp("")
	exec(`UPDATE events SET version = version + 1 WHERE slug = 'coup'`)
	if fp("") != whole {
		t.Error("bumping an event's version changed the public fingerprint")
	}

	// Eras are drawn on the timeline's pages; their version is staff's.
	whole = fp("")
	exec(`UPDATE eras SET version = version + 1`)
	if fp("") != whole {
		t.Error("bumping an era's version changed the public fingerprint")
	}
	exec(`UPDATE eras SET title = title || ' (renamed)' WHERE id = (SELECT min(id) FROM eras)`)
	if fp("") == whole {
		t.Error("renaming an era left the fingerprint as it was")
	}

	// A source's update shows in every event that cites it.
	whole = fp("")
	exec(`UPDATE sources SET updated_at = now() + interval '1 second'
	      WHERE id IN (SELECT source_id FROM event_sources es JOIN events e ON e.id = es.event_id WHERE e.slug = 'eu-sanctions-apr')`)
	if fp("") == whole {
		t.Error("updating a cited source left the fingerprint as it was")
	}

	// Taking an event out of the public set changes the fingerprint even
	// though no remaining row changed.
	whole = fp("")
	exec(`UPDATE events SET status = 'draft' WHERE slug = 'coup'`)
	if fp("") == whole {
		t.Error("unpublishing an event left the timeline's fingerprint as it was")
	}
	// An edited figure changes it too.
	whole = fp("")
	exec(`UPDATE figures SET value = value + 1 WHERE id = (SELECT min(id) FROM figures)`)
	if fp("") == whole {
		t.Error("editing a figure left the timeline's fingerprint as it was")
	}

	// Internal and unknown timelines are not found.
	if _, err := store.TimelineFingerprint(ctx, "no-such-timeline", ""); timeline.ErrorCode(err) != timeline.ENOTFOUND {
		t.Errorf("unknown timeline: err = %v, want ENOTFOUND", err)
	}
	exec(`UPDATE timelines SET visibility = 'internal'`)
	if _, err := store.TimelineFingerprint(ctx, "myanmar-2021", ""); timeline.ErrorCode(err) != timeline.ENOTFOUND {
		t.Errorf("internal timeline: err = %v, want ENOTFOUND", err)
	}
}

func TestHomeFingerprintChangesWithTheList(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	empty, err := store.HomeFingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.ImportDocument(ctx, loadDemo(t), timeline.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	full, err := store.HomeFingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if full.Digest == empty.Digest {
		t.Error("importing a timeline left the home fingerprint as it was")
	}
	if _, err := store.Pool().Exec(ctx, `UPDATE timelines SET title = 'Renamed', updated_at = now()`); err != nil {
		t.Fatal(err)
	}
	renamed, err := store.HomeFingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if renamed.Digest == full.Digest {
		t.Error("renaming a timeline left the home fingerprint as it was")
	}
}

// The public fingerprints change only with what the public sees: staff work
// on a published event (a pending edit, its submission), on a draft, on a
// confidential source or on a translation waiting for review changes no
// public page, so it must not change their ETags either: anyone polling
// them would learn what staff are working on.
func TestPublicFingerprintsIgnoreWorkThePublicCannotSee(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	if _, err := store.ImportDocument(ctx, loadDemo(t), timeline.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	editor, err := store.CreateUser(ctx, "editor@example.org", "Editor", auth.RoleEditor, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	reviewer, err := store.CreateUser(ctx, "reviewer@example.org", "Reviewer", auth.RoleReviewer, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	var coupID, secretID int64
	if err := store.Pool().QueryRow(ctx, `SELECT id FROM events WHERE slug = 'coup'`).Scan(&coupID); err != nil {
		t.Fatal(err)
	}
	// One of the coup's sources is confidential from the start.
	if err := store.Pool().QueryRow(ctx, `
UPDATE sources SET confidential = true
WHERE id = (SELECT min(source_id) FROM event_sources WHERE event_id = $1) RETURNING id`, coupID).Scan(&secretID); err != nil {
		t.Fatal(err)
	}
	cur, err := store.StaffEvent(ctx, coupID)
	if err != nil {
		t.Fatal(err)
	}
	draft := cur.Work
	draft.ID, draft.Slug, draft.Title = 0, "", "A draft nobody may see"
	draftID, _, err := store.SaveEvent(ctx, editor, timeline.EventSave{Event: draft, Timelines: []string{"myanmar-2021"}})
	if err != nil {
		t.Fatal(err)
	}

	type prints struct{ home, whole, coup string }
	read := func() prints {
		t.Helper()
		var p prints
		home, err := store.HomeFingerprint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		whole, err := store.TimelineFingerprint(ctx, "myanmar-2021", "")
		if err != nil {
			t.Fatal(err)
		}
		coup, err := store.TimelineFingerprint(ctx, "myanmar-2021", "coup")
		if err != nil {
			t.Fatal(err)
		}
		p.home, p.whole, p.coup = home.Digest, whole.Digest, coup.Digest
		return p
	}
	before := read()
	unchanged := func(what string) {
		t.Helper()
		if now := read(); now != before {
			t.Errorf("%s changed the public fingerprints (home %t, timeline %t, event %t)", what,
				now.home != before.home, now.whole != before.whole, now.coup != before.coup)
			before = now
		}
	}

	cur, err = store.StaffEvent(ctx, coupID)
	if err != nil {
		t.Fatal(err)
	}
	edit := cur.Work
	edit.Title = "Military coup (pending edit)"
	if _, _, err := store.SaveEvent(ctx, editor, timeline.EventSave{Event: edit, Version: cur.Version, Reason: "wording"}); err != nil {
		t.Fatal(err)
	}
	unchanged("saving a pending edit of a published event")

	cur, err = store.StaffEvent(ctx, coupID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.SubmitEvent(ctx, editor, timeline.EventAction{ID: coupID, Version: cur.Version}); err != nil {
		t.Fatal(err)
	}
	unchanged("submitting a pending edit")

	dcur, err := store.StaffEvent(ctx, draftID)
	if err != nil {
		t.Fatal(err)
	}
	dedit := dcur.Work
	dedit.Title = "A draft nobody may see, edited"
	if _, _, err := store.SaveEvent(ctx, editor, timeline.EventSave{Event: dedit, Version: dcur.Version}); err != nil {
		t.Fatal(err)
	}
	unchanged("editing a draft event")

	secret, err := store.LibrarySourceByID(ctx, secretID)
	if err != nil {
		t.Fatal(err)
	}
	secret.Source.Title = "Witness statement, renamed"
	if _, err := store.UpdateSource(ctx, editor, secret.Source, secret.Version, "rename"); err != nil {
		t.Fatal(err)
	}
	unchanged("editing a confidential source")

	if _, err := store.SaveTranslation(ctx, editor, timeline.TranslationSave{
		Key: timeline.TranslationKey{Of: timeline.OfEvent, ID: coupID, Lang: "my"}, Title: "အာဏာသိမ်းမှု"}); err != nil {
		t.Fatal(err)
	}
	unchanged("saving a translation waiting for review")

	// Publishing the pending edit changes what the public sees.
	cur, err = store.StaffEvent(ctx, coupID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.PublishEvent(ctx, reviewer, timeline.EventAction{ID: coupID, Version: cur.Version}); err != nil {
		t.Fatal(err)
	}
	now := read()
	if now.whole == before.whole || now.coup == before.coup {
		t.Errorf("publishing the edit left the fingerprints as they were (timeline %t, event %t)",
			now.whole != before.whole, now.coup != before.coup)
	}
}
