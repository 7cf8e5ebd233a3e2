package postgres_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"annals/internal/auth"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// proposeAll has contributor c propose a category, an actor and a place and
// returns them.
func proposeAll(t *testing.T, store *postgres.Store, c auth.User, tag string) (cat, actor, place timeline.Proposal) {
	t.Helper()
	ctx := context.Background()
	lat, lon := 16.8, 96.15
	var err error
	if cat, err = store.ProposeItem(ctx, c, timeline.ProposalInput{Kind: "category", Name: tag + " category"}); err != nil {
		t.Fatal(err)
	}
	if actor, err = store.ProposeItem(ctx, c, timeline.ProposalInput{Kind: "actor", Name: tag + " actor", Actor: "armed_force"}); err != nil {
		t.Fatal(err)
	}
	if place, err = store.ProposeItem(ctx, c, timeline.ProposalInput{Kind: "place", Name: tag + " place", Country: "MM", Lat: &lat, Lon: &lon}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []timeline.Proposal{cat, actor, place} {
		if p.State != timeline.ItemProposed || p.ID == 0 {
			t.Fatalf("proposal %+v", p)
		}
	}
	return cat, actor, place
}

func usingAll(title string, cat, actor, place timeline.Proposal) timeline.Event {
	e := staffEvent(title)
	e.Category = timeline.Category{Slug: cat.Slug}
	e.Actors = []timeline.EventActor{{Actor: timeline.Actor{Slug: actor.Slug}, Role: "perpetrator"}}
	lat, lon := 16.8, 96.15
	e.Place = timeline.Place{Name: place.Name, Country: "MM", Lat: &lat, Lon: &lon}
	return e
}

// A proposed item is usable in a draft and never public: publishing is
// refused naming each item, the database refuses a shown event citing one
// even past the store, the kept counts never hold it, and only an editor
// accepts it, with a revision; then the event publishes and counts it.
func TestProposedItemsArePublicOnlyOnceAccepted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, editor, reviewer := setupStaffStore(t)
	contributor, err := store.CreateUser(ctx, "c@example.org", "Cora", auth.RoleContributor, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	cat, actor, place := proposeAll(t, store, contributor, "Zebrafinch")
	// The same name again is the same item, chosen; an editor's is accepted at once.
	if again, err := store.ProposeItem(ctx, contributor, timeline.ProposalInput{Kind: "actor", Name: "zebrafinch ACTOR", Actor: "group"}); err != nil ||
		again.ID != actor.ID || !again.Known || again.State != timeline.ItemProposed {
		t.Fatalf("proposing an actor twice: %+v, %v", again, err)
	}
	if own, err := store.ProposeItem(ctx, editor, timeline.ProposalInput{Kind: "category", Name: "Editors' own"}); err != nil ||
		own.State != timeline.ItemAccepted || own.Known {
		t.Fatalf("an editor's proposal: %+v, %v", own, err)
	}
	id, v, err := store.SaveEvent(ctx, contributor, timeline.EventSave{Event: usingAll("Raid in Bago", cat, actor, place),
		Timelines: []string{"tl"}, Submit: true})
	if err != nil {
		t.Fatalf("a draft citing proposals: %v", err)
	}

	// The review list names who proposed each and the draft using it.
	list, err := store.Proposals(ctx)
	if err != nil || len(list) != 3 {
		t.Fatalf("proposals: %d, %v", len(list), err)
	}
	for _, p := range list {
		if p.ProposedBy != "Cora" || len(p.UsedBy) != 1 || p.UsedBy[0].ID != id {
			t.Errorf("proposal %s %q: by %q, used by %+v", p.Kind, p.Name, p.ProposedBy, p.UsedBy)
		}
	}

	_, err = store.PublishEvent(ctx, reviewer, timeline.EventAction{ID: id, Version: v})
	if timeline.ErrorCode(err) != timeline.EINVALID {
		t.Fatalf("publishing an event citing proposals: %v", err)
	}
	for _, name := range []string{cat.Name, actor.Name, place.Name} {
		if !strings.Contains(timeline.ErrorMessage(err), name) {
			t.Errorf("the refusal does not name %q: %s", name, timeline.ErrorMessage(err))
		}
	}
	// Past the store: the database itself refuses.
	var pgErr *pgconn.PgError
	_, err = store.Pool().Exec(ctx, `UPDATE events SET status = 'published' WHERE id = $1`, id)
	if !errors.As(err, &pgErr) || pgErr.ConstraintName != "shown_event_cites_accepted" {
		t.Fatalf("a raw publish of an event citing proposals: %v", err)
	}
	// A published event cannot gain a proposed actor either.
	pub, pv, err := store.SaveEvent(ctx, editor, timeline.EventSave{Event: staffEvent("Arrests in Mandalay"), Timelines: []string{"tl"}, Submit: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.PublishEvent(ctx, reviewer, timeline.EventAction{ID: pub, Version: pv}); err != nil {
		t.Fatal(err)
	}
	_, err = store.Pool().Exec(ctx, `INSERT INTO event_actors (event_id, actor_id, position) VALUES ($1, $2, 0)`, pub, actor.ID)
	if !errors.As(err, &pgErr) || pgErr.ConstraintName != "shown_event_cites_accepted" {
		t.Fatalf("a raw proposed actor on a published event: %v", err)
	}
	counted := func() (n int) {
		t.Helper()
		err := store.Pool().QueryRow(ctx, `
SELECT (SELECT count(*) FROM timeline_period_counts WHERE category_id = $1)
     + (SELECT count(*) FROM timeline_actor_counts WHERE actor_id = $2)
     + (SELECT count(*) FROM timeline_place_counts WHERE place_id = $3)`, cat.ID, actor.ID, place.ID).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := counted(); n != 0 {
		t.Fatalf("the kept counts hold %d rows of proposed items", n)
	}

	// Only an editor accepts.
	for _, who := range []auth.User{contributor, reviewer} {
		if err := store.AcceptProposal(ctx, who, "actor", actor.ID, "", ""); timeline.ErrorCode(err) != timeline.EFORBIDDEN {
			t.Fatalf("a %s accepted a proposal: %v", who.Role, err)
		}
	}
	if err := store.AcceptProposal(ctx, editor, "category", cat.ID, "Night raids", ""); err != nil {
		t.Fatal(err)
	}
	if err := store.AcceptProposal(ctx, editor, "actor", actor.ID, "", "known unit"); err != nil {
		t.Fatal(err)
	}
	if err := store.AcceptProposal(ctx, editor, "place", place.ID, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := store.AcceptProposal(ctx, editor, "place", place.ID, "", ""); timeline.ErrorCode(err) != timeline.ECONFLICT {
		t.Fatalf("accepting twice: %v", err)
	}
	var actions, name string
	if err := store.Pool().QueryRow(ctx, `
SELECT string_agg(action || ':' || (record->>'state'), ',' ORDER BY id), (array_agg(record->>'name' ORDER BY id DESC))[1]
FROM revisions WHERE entity = 'category' AND entity_id = $1`, cat.ID).Scan(&actions, &name); err != nil {
		t.Fatal(err)
	}
	if actions != "propose:proposed,accept:accepted" || name != "Night raids" {
		t.Fatalf("the category's revisions: %s, last name %q", actions, name)
	}
	if _, err := store.PublishEvent(ctx, reviewer, timeline.EventAction{ID: id, Version: v}); err != nil {
		t.Fatalf("publishing once accepted: %v", err)
	}
	if n := counted(); n != 3 {
		t.Fatalf("the kept counts hold %d rows of the accepted items, want 3", n)
	}
	// An accepted item in public use cannot go back.
	_, err = store.Pool().Exec(ctx, `UPDATE actors SET state = 'proposed' WHERE id = $1`, actor.ID)
	if !errors.As(err, &pgErr) || pgErr.ConstraintName != "shown_event_cites_accepted" {
		t.Fatalf("un-accepting an actor in public use: %v", err)
	}
}

// A rejected item stays marked with the editor's reason: the drafts using
// it say so and cannot be saved with it, nothing in them changes, and it
// cannot be proposed again.
func TestRejectedProposal(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, editor, _ := setupStaffStore(t)
	contributor, err := store.CreateUser(ctx, "c@example.org", "Cora", auth.RoleContributor, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	_, actor, _ := proposeAll(t, store, contributor, "Doubtful")
	e := staffEvent("Shelling near Loikaw")
	e.Actors = []timeline.EventActor{{Actor: timeline.Actor{Slug: actor.Slug}}}
	id, v, err := store.SaveEvent(ctx, contributor, timeline.EventSave{Event: e, Timelines: []string{"tl"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := store.RejectProposal(ctx, editor, "actor", actor.ID, " "); !onField(err, "reason") {
		t.Fatalf("a rejection without a reason: %v", err)
	}
	if err := store.RejectProposal(ctx, contributor, "actor", actor.ID, "no"); timeline.ErrorCode(err) != timeline.EFORBIDDEN {
		t.Fatalf("a contributor rejected: %v", err)
	}
	if err := store.RejectProposal(ctx, editor, "actor", actor.ID, "a duplicate of Tatmadaw"); err != nil {
		t.Fatal(err)
	}
	cur, err := store.StaffEvent(ctx, id)
	if err != nil || cur.Version != v || len(cur.Work.Actors) != 1 {
		t.Fatalf("the rejection changed the draft: %+v, %v", cur.Work.Actors, err)
	}
	notes, err := store.ItemNotes(ctx, cur.Work)
	if err != nil || len(notes) != 1 || !strings.Contains(notes[0].Message(), "a duplicate of Tatmadaw") {
		t.Fatalf("the draft's notes: %+v, %v", notes, err)
	}
	_, _, err = store.SaveEvent(ctx, contributor, timeline.EventSave{Event: cur.Work, Version: v})
	if !onField(err, "actors[0]") || !strings.Contains(err.Error(), "a duplicate of Tatmadaw") {
		t.Fatalf("saving a draft with a rejected actor: %v", err)
	}
	if _, err := store.ProposeItem(ctx, contributor, timeline.ProposalInput{Kind: "actor", Name: "doubtful ACTOR", Actor: "group"}); !onField(err, "propose_actor_name") {
		t.Fatalf("proposing a rejected actor again: %v", err)
	}
	list, err := store.Proposals(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("the review list after a rejection: %+v, %v", list, err)
	}
	if err := store.AcceptProposal(ctx, editor, "actor", actor.ID, "", ""); timeline.ErrorCode(err) != timeline.ECONFLICT {
		t.Fatalf("accepting a rejected actor: %v", err)
	}
}

// A backup carries each item's state, who proposed it and the reason of a
// rejection; the restored review list is the same.
func TestBackupCarriesProposals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, editor, _ := setupStaffStore(t)
	contributor, err := store.CreateUser(ctx, "c@example.org", "Cora", auth.RoleContributor, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	cat, actor, place := proposeAll(t, store, contributor, "Kept")
	if _, _, err := store.SaveEvent(ctx, contributor, timeline.EventSave{Event: usingAll("Raid in Bago", cat, actor, place),
		Timelines: []string{"tl"}}); err != nil {
		t.Fatal(err)
	}
	if err := store.RejectProposal(ctx, editor, "place", place.ID, "too vague"); err != nil {
		t.Fatal(err)
	}
	states := func(s *postgres.Store) string {
		t.Helper()
		var out string
		if err := s.Pool().QueryRow(ctx, `
SELECT string_agg(concat_ws('|', kind, name, state, proposed_by, review_note), ';' ORDER BY kind, name) FROM (
  SELECT 'category' AS kind, name, state, proposed_by, review_note FROM categories
  UNION ALL SELECT 'actor', name, state, proposed_by, review_note FROM actors
  UNION ALL SELECT 'place', name, state, proposed_by, review_note FROM places) x`).Scan(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	data, _ := backupBytes(t, store)
	dst := postgres.NewStore(pgtest.NewPool(t))
	if _, err := dst.RestoreBackup(ctx, bytes.NewReader(data), timeline.RestoreOptions{}); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if a, b := states(store), states(dst); a != b || !strings.Contains(a, "too vague") || !strings.Contains(a, "|proposed|") {
		t.Fatalf("the catalogue's states before and after the restore:\n%s\n%s", a, b)
	}
	list, err := dst.Proposals(ctx)
	if err != nil || len(list) != 2 || list[0].ProposedBy != "Cora" || len(list[0].UsedBy) != 1 {
		t.Fatalf("the restored review list: %+v, %v", list, err)
	}
}
