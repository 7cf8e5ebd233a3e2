package postgres_test

import (
	"context"
	"testing"

	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

func TestTimelineFingerprintFollowsThePublicData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	if _, err := store.ImportDocument(ctx, loadDemo(t), postgres.ImportOptions{}); err != nil {
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
	whole, coup, other := fp(""), fp("coup"), fp("eu-sanctions-apr")
	if whole == coup || coup == other {
		t.Fatal("the whole timeline and single events share a fingerprint")
	}
	if fp("") != whole {
		t.Fatal("the fingerprint is not stable")
	}

	// Editing one event changes the timeline's and that event's
	// fingerprints, not another event's.
	exec(`UPDATE events SET title = 'Coup (edited)', version = version + 1, updated_at = now() WHERE slug = 'coup'`)
	if fp("") == whole || fp("coup") == coup {
		t.Error("editing an event left the fingerprints as they were")
	}
	if fp("eu-sanctions-apr") != other {
		t.Error("editing one event changed another event's fingerprint")
	}

	// A source's update shows in every event that cites it.
	whole, other = fp(""), fp("eu-sanctions-apr")
	exec(`UPDATE sources SET updated_at = now() + interval '1 second'
	      WHERE id IN (SELECT source_id FROM event_sources es JOIN events e ON e.id = es.event_id WHERE e.slug = 'eu-sanctions-apr')`)
	if fp("") == whole || fp("eu-sanctions-apr") == other {
		t.Error("updating a cited source left the fingerprints as they were")
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
	if _, err := store.ImportDocument(ctx, loadDemo(t), postgres.ImportOptions{}); err != nil {
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
