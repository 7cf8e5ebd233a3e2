package postgres_test

import (
	"context"
	"testing"

	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// A printout reads its counts and citation numbers first, then walks the
// events: PublicEventStream must walk one snapshot and say which (its
// digest), so the printout knows when a publish fell in between.
func TestPublicEventStreamWalksOneSnapshot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	if _, err := store.ImportDocument(ctx, loadDemo(t), timeline.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	pt, err := store.PublicTimeline(ctx, "myanmar-2021", timeline.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	before, err := store.TimelineFingerprint(ctx, "myanmar-2021", "")
	if err != nil {
		t.Fatal(err)
	}
	var walked []string
	var snapDigest string
	err = store.PublicEventStream(ctx, "myanmar-2021", timeline.Filter{}, func(snap timeline.PublicSnapshot, events timeline.EventSeq) error {
		snapDigest = snap.Digest
		if snap.ChainHead.SHA256 == "" || snap.Timeline.Slug != "myanmar-2021" {
			t.Errorf("snapshot %+v lacks the chain head or the timeline", snap)
		}
		// Retract an event from another connection while the walk is
		// under way: the walk still sees the snapshot it began in.
		if _, err := store.Pool().Exec(ctx, `UPDATE events SET status = 'retracted', updated_at = now() WHERE slug = $1`,
			pt.Events[len(pt.Events)-1].Slug); err != nil {
			t.Fatal(err)
		}
		return events(func(e timeline.Event) error {
			walked = append(walked, e.Slug)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, e := range pt.Events {
		want = append(want, e.Slug)
	}
	if len(walked) != len(want) {
		t.Fatalf("walked %d events, want the snapshot's %d: %q", len(walked), len(want), walked)
	}
	for i := range want {
		if walked[i] != want[i] {
			t.Fatalf("walk order %q, want the timeline's %q", walked, want)
		}
	}
	if snapDigest != before.Digest {
		t.Error("the snapshot's digest is not the fingerprint of the data it read")
	}
	after, err := store.TimelineFingerprint(ctx, "myanmar-2021", "")
	if err != nil {
		t.Fatal(err)
	}
	if after.Digest == snapDigest {
		t.Error("the digest did not move with the retraction: a printout could not tell its parts apart")
	}

	// A filter narrows the walk as it narrows the page.
	cat := pt.Events[0].Category.Slug
	f := timeline.Filter{Categories: []string{cat}}
	filtered, err := store.PublicTimeline(ctx, "myanmar-2021", f)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = store.PublicEventStream(ctx, "myanmar-2021", f, func(_ timeline.PublicSnapshot, events timeline.EventSeq) error {
		return events(func(e timeline.Event) error {
			if e.Category.Slug != cat {
				t.Errorf("the walk under category %q yields %q of %q", cat, e.Slug, e.Category.Slug)
			}
			n++
			return nil
		})
	})
	if err != nil || n != len(filtered.Events) {
		t.Errorf("filtered walk: %d events (err %v), want %d", n, err, len(filtered.Events))
	}
	if err := store.PublicEventStream(ctx, "no-such-timeline", f, nil); timeline.ErrorCode(err) != timeline.ENOTFOUND {
		t.Errorf("an unknown timeline: %v, want not found", err)
	}
}
