package postgres_test

import (
	"bytes"
	"context"
	"testing"

	"annals/internal/importer"
	"annals/internal/media"
	"annals/internal/media/mediatest"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

func timelineVersion(t *testing.T, store *postgres.Store, slug string) int64 {
	t.Helper()
	var v int64
	if err := store.Pool().QueryRow(context.Background(), `
SELECT v.version FROM timeline_versions v JOIN timelines t ON t.id = v.timeline_id WHERE t.slug = $1`, slug).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// Media are part of the event: saved with it, reviewed and published with
// it, in its revisions, its public version and the full backup; an upload
// is served to the public only once a shown event shows it.
func TestEventMediaGoThroughReview(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, a, b := setupStaffStore(t)
	variants, err := media.Clean(bytes.NewReader(mediatest.JPEGWithMetadata(1200, 800)))
	if err != nil {
		t.Fatal(err)
	}
	name, err := store.PutImage(ctx, a, variants)
	if err != nil || name != variants[len(variants)-1].Name {
		t.Fatalf("PutImage = %q, %v", name, err)
	}
	for _, v := range variants {
		blob, err := store.StaffMediaBlob(ctx, v.Name)
		if err != nil || !bytes.Equal(blob.Bytes, v.Bytes) {
			t.Fatalf("stored %s: %v", v.Name, err)
		}
		for what, leak := range mediatest.Leaks {
			if bytes.Contains(blob.Bytes, leak) {
				t.Errorf("stored %s holds the %s block", v.Name, what)
			}
		}
	}

	e := staffEvent("Bago massacre")
	e.Media = []timeline.Media{{Kind: timeline.MediaImage, Alt: "A burned house", Caption: "Bago", Upload: name}}
	missingAlt := staffEvent("Bago massacre")
	missingAlt.Media = []timeline.Media{{Kind: timeline.MediaImage, Upload: name}}
	if _, _, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: missingAlt, Timelines: []string{"tl"}}); timeline.ErrorCode(err) != timeline.EINVALID {
		t.Fatalf("an image without alt text saved: %v", err)
	}
	unknown := staffEvent("Bago massacre")
	unknown.Media = []timeline.Media{{Kind: timeline.MediaImage, Alt: "x", Upload: variants[0].Name}}
	if _, _, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: unknown, Timelines: []string{"tl"}}); timeline.ErrorCode(err) != timeline.EINVALID {
		t.Fatalf("a smaller width saved as an image: %v", err)
	}

	id, v, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: e, Timelines: []string{"tl"}, Submit: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.PublicMediaBlob(ctx, name); timeline.ErrorCode(err) != timeline.ENOTFOUND {
		t.Fatalf("the image of an event in review is served to the public: %v", err)
	}
	if v, err = store.PublishEvent(ctx, b, timeline.EventAction{ID: id, Version: v}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.PublicMediaBlob(ctx, variants[0].Name); err != nil {
		t.Fatalf("the published image's small width is not served: %v", err)
	}
	cur, err := store.StaffEvent(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(cur.Live.Media) != 1 || len(cur.Live.Media[0].Variants) != len(variants) {
		t.Fatalf("live media: %+v", cur.Live.Media)
	}

	before := timelineVersion(t, store, "tl")
	edit := cur.Work
	edit.Media = append(edit.Media, timeline.Media{Kind: timeline.MediaVideo, URL: "https://www.youtube.com/watch?v=abc",
		Caption: "Soldiers at the bridge"})
	if _, v, err = store.SaveEvent(ctx, a, timeline.EventSave{Event: edit, Version: v, Submit: true}); err != nil {
		t.Fatal(err)
	}
	_, pub, _ := store.PublicEvent(ctx, "tl", cur.Live.Slug)
	if len(pub.Media) != 1 || timelineVersion(t, store, "tl") != before {
		t.Fatalf("a pending edit's video is public (%d media) or moved the public version", len(pub.Media))
	}
	if _, err = store.PublishEvent(ctx, b, timeline.EventAction{ID: id, Version: v}); err != nil {
		t.Fatal(err)
	}
	_, pub, _ = store.PublicEvent(ctx, "tl", cur.Live.Slug)
	if len(pub.Media) != 2 || pub.Media[1].Provider() != "YouTube" {
		t.Fatalf("published media: %+v", pub.Media)
	}
	if timelineVersion(t, store, "tl") == before {
		t.Error("publishing a video did not make a new public version of the timeline")
	}
	old, err := store.EventAtVersion(ctx, id, v-1)
	if err != nil || len(old.Media) != 1 || len(old.Media[0].Variants) == 0 {
		t.Fatalf("the revision before the video: %+v, %v", old.Media, err)
	}

	// The full backup carries the blobs; the restored image is served.
	var buf bytes.Buffer
	if _, err := store.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	dst := postgres.NewStore(pgtest.NewPool(t))
	if _, err := dst.RestoreBackup(ctx, bytes.NewReader(buf.Bytes()), timeline.RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	blob, err := dst.PublicMediaBlob(ctx, name)
	if err != nil || !bytes.Equal(blob.Bytes, variants[len(variants)-1].Bytes) {
		t.Fatalf("restored image: %v", err)
	}
	// A blob whose bytes do not hash to its name is refused.
	damaged := bytes.Replace(buf.Bytes(), []byte(variants[0].Name[:16]), []byte("0000000000000000"), 1)
	if _, err := postgres.NewStore(pgtest.NewPool(t)).RestoreBackup(ctx, bytes.NewReader(damaged), timeline.RestoreOptions{}); err == nil {
		t.Error("a backup with a blob renamed away from its hash was restored")
	}
}

// The Annals CSV carries no media: importing one over events keeps their
// images and videos; a new event imported one at a time gets its media.
func TestImportKeepsMediaTheFileDoesNotCarry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := fixtureStore(t)
	before, err := store.ExportTimeline(ctx, "myanmar-2021", false)
	if err != nil {
		t.Fatal(err)
	}
	data := exportCSV(t, store, "myanmar-2021", false)
	doc, _, err := importer.ParseFormat(importer.FormatCSV, "myanmar-2021.csv", data, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc.Events[0].Summary += " (edited)"
	if _, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "csv"}); err != nil {
		t.Fatal(err)
	}
	after, err := store.ExportTimeline(ctx, "myanmar-2021", false)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if len(after.Events[i].Media) != len(before.Events[i].Media) || len(before.Events[i].Media) != 1 {
			t.Errorf("event %d: %d media after the CSV import, %d before", i, len(after.Events[i].Media), len(before.Events[i].Media))
		}
	}

	// One new event, with media, into a timeline that has events.
	one := timeline.Document{Timeline: before.Timeline, Categories: before.Categories, Actors: before.Actors, Events: []timeline.Event{before.Events[1]}}
	one.Events[0].Slug, one.Events[0].Title = "a-new-one", "A new one"
	if _, err := store.ImportDocument(ctx, one, timeline.ImportOptions{Reason: "one"}); err != nil {
		t.Fatal(err)
	}
	_, e, err := store.PublicEvent(ctx, "myanmar-2021", "a-new-one")
	if err != nil || len(e.Media) != 1 {
		t.Fatalf("the new event's media: %+v, %v", e.Media, err)
	}
}
