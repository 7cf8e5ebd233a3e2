package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"annals/internal/auth"
	"annals/internal/capture"
	"annals/internal/postgres"
	"annals/internal/timeline"
)

func captureJobs(t *testing.T, store *postgres.Store) []capture.Job {
	t.Helper()
	page, err := store.CaptureJobs(context.Background(), capture.JobQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return page.Jobs
}

// Saving a source with a URL queues its capture in the same transaction,
// once, whichever writer saved it; a new URL queues another.
func TestSavingASourceQueuesItsCapture(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, a, _ := setupStaffStore(t)
	id, _, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: staffEvent("Bago"), Timelines: []string{"tl"}})
	if err != nil {
		t.Fatal(err)
	}
	jobs := captureJobs(t, store)
	if len(jobs) != 1 || jobs[0].URL != "https://example.org/bago" || jobs[0].State != "available" {
		t.Fatalf("jobs = %+v", jobs)
	}
	// Cited again: still one job.
	if _, _, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: staffEvent("Bago again"), Timelines: []string{"tl"}}); err != nil {
		t.Fatal(err)
	}
	if n := len(captureJobs(t, store)); n != 1 {
		t.Fatalf("%d jobs after citing the same source again", n)
	}
	ev, _ := store.StaffEvent(ctx, id)
	src := ev.Work.Citations[0].Source
	// Captured; a change of title alone queues nothing, a new URL does.
	if _, err := store.SaveCapture(ctx, capture.Capture{SourceID: src.ID, RequestedURL: src.URL, FinalURL: src.URL, HTTPStatus: 200,
		CapturedAt: time.Now(), Software: "test"}); err != nil {
		t.Fatal(err)
	}
	lib, _ := store.LibrarySourceByID(ctx, src.ID)
	edit := lib.Source
	edit.Title = "Bago, revised"
	v, err := store.UpdateSource(ctx, a, edit, lib.Version, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Pool().Exec(ctx, `DELETE FROM river_job`); err != nil {
		t.Fatal(err)
	}
	if n := len(captureJobs(t, store)); n != 0 {
		t.Fatalf("%d jobs after a title change", n)
	}
	edit.URL = "https://example.org/bago-moved"
	if _, err := store.UpdateSource(ctx, a, edit, v, ""); err != nil {
		t.Fatal(err)
	}
	jobs = captureJobs(t, store)
	if len(jobs) != 1 || jobs[0].URL != "https://example.org/bago-moved" || jobs[0].SourceID != src.ID {
		t.Fatalf("jobs = %+v", jobs)
	}
}

// A capture is a revision in the chain; changing its bytes with SQL makes
// verify fail naming the artefact, and UPDATE is refused outright.
func TestVerifyNamesAnAlteredArtefact(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, a, _ := setupStaffStore(t)
	id, _, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: staffEvent("Bago"), Timelines: []string{"tl"}})
	if err != nil {
		t.Fatal(err)
	}
	ev, _ := store.StaffEvent(ctx, id)
	src := ev.Work.Citations[0].Source
	cid, err := store.SaveCapture(ctx, capture.Capture{SourceID: src.ID, RequestedURL: src.URL, FinalURL: src.URL, HTTPStatus: 200,
		CapturedAt: time.Now(), By: a.ID, Software: "test", Artefacts: []capture.Artefact{
			capture.NewArtefact("warc", "application/warc", []byte("WARC/1.1 ...")),
			capture.NewArtefact("text", "text/plain", []byte("Bago\n"))}})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.VerifyChain(ctx, "test")
	if err != nil || !st.OK() {
		t.Fatalf("verify before: %+v %v", st.Break, err)
	}
	hist, _ := store.History(ctx, "capture", cid)
	if len(hist) != 1 || hist[0].Author != "A" {
		t.Fatalf("capture revisions = %+v", hist)
	}
	caps, _ := store.SourceCaptures(ctx, src.ID)
	if len(caps) != 1 || caps[0].RequestedBy != "A" || len(caps[0].Artefacts) != 2 {
		t.Fatalf("captures = %+v", caps)
	}
	if _, err := store.Pool().Exec(ctx, `UPDATE capture_artefacts SET content = 'x'`); err == nil {
		t.Fatal("an artefact was updated")
	}
	conn, err := store.Pool().Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Round the trigger, as someone with the database's keys could.
	_, err = conn.Exec(ctx, `SET session_replication_role = replica;
UPDATE capture_artefacts SET content = convert_to('Bago was not burned' || chr(10), 'UTF8') WHERE kind = 'text';
RESET session_replication_role`)
	conn.Release()
	if err != nil {
		t.Fatal(err)
	}
	st, err = store.VerifyChain(ctx, "test")
	if err != nil || st.OK() {
		t.Fatalf("verify after: %+v %v", st, err)
	}
	if msg := st.Break.Error(); !strings.Contains(msg, "the text of capture") || !strings.Contains(msg, "bytes were changed") {
		t.Fatalf("break = %s", msg)
	}
	_ = auth.User{}
}
