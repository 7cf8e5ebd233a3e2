package postgres_test

import (
	"context"
	"errors"
	"testing"

	"annals/internal/auth"
	"annals/internal/timeline"
)

// An editor who imports a change to an event in review wrote part of that
// change: by default they may not publish it, as if they had typed it.
func TestImporterCannotPublishImportedChange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, editor, _ := setupStaffStore(t)
	contributor, err := store.CreateUser(ctx, "c@example.org", "C", auth.RoleContributor, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	id, _, err := store.SaveEvent(ctx, contributor, timeline.EventSave{Event: staffEvent("Raid in Bago"),
		Timelines: []string{"tl"}, Submit: true})
	if err != nil {
		t.Fatal(err)
	}
	cur, err := store.StaffEvent(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	changed := cur.Work
	changed.Summary = "Soldiers raided the ward at night."
	doc := timeline.Document{Timeline: timeline.Timeline{Slug: "tl", Title: "Timeline", Language: "en", Visibility: "public"},
		Categories: []timeline.Category{{Slug: "cat", Name: "Category"}}, Events: []timeline.Event{changed}}
	res, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{Author: editor.DisplayName(), AuthorID: editor.ID,
		Reason: "spreadsheet", Drafts: true})
	if err != nil || res.EventsUpdated != 1 {
		t.Fatalf("import: %s, %v; want the event updated", res, err)
	}
	cur, err = store.StaffEvent(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if cur.Work.Status != timeline.StatusInReview {
		t.Fatalf("the import moved the event to %s", cur.Work.Status)
	}
	_, err = store.PublishEvent(ctx, editor, timeline.EventAction{ID: id, Version: cur.Version})
	if !errors.Is(err, timeline.ErrOwnChange) {
		t.Fatalf("the importer published the change they imported: %v", err)
	}
	if err := timeline.MayTakeStep(timeline.StepPublish, editor, cur.Facts(), false); !errors.Is(err, timeline.ErrOwnChange) {
		t.Errorf("the facts of the work do not name the importer as an author: %v", err)
	}
	if _, err := store.PublishEvent(ctx, editor, timeline.EventAction{ID: id, Version: cur.Version, AllowSelfPublish: true}); err != nil {
		t.Fatalf("with self-publishing allowed: %v", err)
	}
}

// Submitting needs a source; saving a draft does not.
func TestSubmitNeedsASource(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, editor, _ := setupStaffStore(t)
	e := staffEvent("Unsourced arrest")
	e.Citations = nil
	if _, _, err := store.SaveEvent(ctx, editor, timeline.EventSave{Event: e, Timelines: []string{"tl"}, Submit: true}); !onField(err, "sources") {
		t.Fatalf("save and submit without a source: %v, want a problem on sources", err)
	}
	id, v, err := store.SaveEvent(ctx, editor, timeline.EventSave{Event: e, Timelines: []string{"tl"}})
	if err != nil {
		t.Fatalf("a draft without a source: %v", err)
	}
	if _, err := store.SubmitEvent(ctx, editor, timeline.EventAction{ID: id, Version: v}); !onField(err, "sources") {
		t.Fatalf("submit without a source: %v, want a problem on sources", err)
	}
	cur, _ := store.StaffEvent(ctx, id)
	if cur.Work.Status != timeline.StatusDraft || cur.Version != v {
		t.Fatalf("the refused submit changed the event: %s, version %d", cur.Work.Status, cur.Version)
	}
	e = cur.Work
	e.Citations = staffEvent("").Citations
	if _, v, err = store.SaveEvent(ctx, editor, timeline.EventSave{Event: e, Version: v}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.SubmitEvent(ctx, editor, timeline.EventAction{ID: id, Version: v}); err != nil {
		t.Fatalf("submit with a source: %v", err)
	}
}

func onField(err error, field string) bool {
	var v *timeline.ValidationError
	if !errors.As(err, &v) {
		return false
	}
	for _, p := range v.Problems {
		if p.Field == field {
			return true
		}
	}
	return false
}
