package postgres_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"annals/internal/auth"
	"annals/internal/capture"
	"annals/internal/demo"
	"annals/internal/native"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

const (
	backupConfidentialTitle = "Interview with a witness in Sagaing (name withheld) 4b1e"
	backupPassword          = "a long enough password 7c3d"
)

// backupWorkflow fills a database with the demo and a staff workflow that
// touches every backed-up table: an internal timeline, a confidential
// source, events in every state (draft, in review, sent back with a
// comment, published with a pending edit, retracted, deleted), merged
// sources, revisions, accounts and a setting. It returns the id of an event
// with a long history.
func backupWorkflow(t *testing.T, store *postgres.Store) int64 {
	t.Helper()
	ctx := context.Background()
	doc, err := demo.Document()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "demo"}); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	editor, err := store.CreateUser(ctx, "editor@example.org", "Ed Itor", auth.RoleEditor, backupPassword)
	must(err)
	reviewer, err := store.CreateUser(ctx, "reviewer@example.org", "Re Viewer", auth.RoleReviewer, backupPassword)
	must(err)
	admin, err := store.CreateUser(ctx, "admin@example.org", "", auth.RoleAdmin, backupPassword)
	must(err)
	disabled := true
	_, err = store.UpdateUser(ctx, admin, reviewer.ID, timeline.UserChange{Disabled: &disabled})
	must(err)
	enabled := false
	_, err = store.UpdateUser(ctx, admin, reviewer.ID, timeline.UserChange{Disabled: &enabled})
	must(err)
	must(store.SetSetting(ctx, admin, "allow_self_publish", "true"))
	must(store.SaveCategory(ctx, editor, timeline.Category{Slug: "internal-notes", Name: "Internal notes"}))
	must(store.SaveActor(ctx, editor, timeline.Actor{Slug: "witness-group", Name: "Witness group", Kind: "group"}))
	must(store.SaveTimeline(ctx, admin, timeline.Timeline{Slug: "internal-watch", Title: "Internal watch list",
		Summary: "Only for staff.", Language: "en", Visibility: timeline.VisibilityInternal}))

	ev := func(title, url string) timeline.Event {
		start, _ := timeline.ParseDate("2021-04")
		asOf, _ := timeline.ParseDate("2021-04-30")
		src := timeline.Source{URL: url, Title: "Report on " + title, Publisher: "Example News", Kind: "news"}
		return timeline.Event{Title: title, Summary: "What happened, in **Markdown**.", When: timeline.DateRange{Start: start},
			Category: timeline.Category{Slug: "internal-notes"}, Visibility: timeline.VisibilityPublic,
			Place:     timeline.Place{Name: "Sagaing", Country: "MM"},
			Actors:    []timeline.EventActor{{Actor: timeline.Actor{Slug: "witness-group"}, Role: "witness"}},
			Citations: []timeline.Citation{{Source: src, Locator: "p. 4", Note: "the date"}},
			Figures: []timeline.Figure{{Metric: "killed", Value: 7, Qualifier: "at_least", Scope: "event", AsOf: asOf,
				Source: src, Note: "first count"}}}
	}
	// A draft citing a confidential source, on the internal timeline.
	draft := ev("Draft about Sagaing", "")
	draft.Citations[0].Source = timeline.Source{Title: backupConfidentialTitle, Kind: "testimony", Confidential: true}
	draft.Figures = nil
	_, _, err = store.SaveEvent(ctx, editor, timeline.EventSave{Event: draft, Timelines: []string{"internal-watch"}})
	must(err)
	// In review, sent back with a comment, resubmitted.
	id, v, err := store.SaveEvent(ctx, editor, timeline.EventSave{Event: ev("Raid in Monywa", "https://example.org/monywa"),
		Timelines: []string{"myanmar-2021"}, Submit: true})
	must(err)
	v, err = store.SendBackEvent(ctx, reviewer, timeline.EventAction{ID: id, Version: v, Reason: "Add the township."})
	must(err)
	v, err = store.SubmitEvent(ctx, editor, timeline.EventAction{ID: id, Version: v})
	must(err)
	// Published, then a pending edit.
	pub, pv, err := store.SaveEvent(ctx, editor, timeline.EventSave{Event: ev("Shelling of Kani", "https://example.org/kani"),
		Timelines: []string{"myanmar-2021", "internal-watch"}, Submit: true})
	must(err)
	pv, err = store.PublishEvent(ctx, reviewer, timeline.EventAction{ID: pub, Version: pv})
	must(err)
	cur, err := store.StaffEvent(ctx, pub)
	must(err)
	edit := cur.Work
	edit.Title = "Shelling of Kani (revised toll)"
	edit.Figures[0].Value = 9
	_, pv, err = store.SaveEvent(ctx, editor, timeline.EventSave{Event: edit, Version: pv, Reason: "new count"})
	must(err)
	// Published, then retracted.
	ret, rv, err := store.SaveEvent(ctx, editor, timeline.EventSave{Event: ev("Rumoured arrests", "https://example.org/rumour"),
		Timelines: []string{"myanmar-2021"}, Submit: true})
	must(err)
	rv, err = store.PublishEvent(ctx, reviewer, timeline.EventAction{ID: ret, Version: rv})
	must(err)
	_, err = store.RetractEvent(ctx, reviewer, timeline.EventAction{ID: ret, Version: rv, Reason: "not confirmed"})
	must(err)
	// Made and deleted: only its revisions remain.
	del, dv, err := store.SaveEvent(ctx, editor, timeline.EventSave{Event: ev("Mistaken entry", "https://example.org/mistake"),
		Timelines: []string{"myanmar-2021"}})
	must(err)
	must(store.DeleteEvent(ctx, editor, timeline.EventAction{ID: del, Version: dv, Reason: "duplicate"}))
	// Two copies of one source, merged.
	dup, _, err := store.SaveEvent(ctx, editor, timeline.EventSave{Event: ev("Second report of the raid", "https://www.example.org/monywa/?utm_source=x"),
		Timelines: []string{"myanmar-2021"}})
	must(err)
	d1, err := store.StaffEvent(ctx, id)
	must(err)
	d2, err := store.StaffEvent(ctx, dup)
	must(err)
	must(store.MergeSources(ctx, editor, d1.Work.Citations[0].Source.ID, d2.Work.Citations[0].Source.ID, "same report"))
	// A capture of the source, with its artefacts.
	_, err = store.SaveCapture(ctx, capture.Capture{SourceID: d1.Work.Citations[0].Source.ID, RequestedURL: "https://example.org/monywa",
		FinalURL: "https://example.org/monywa", HTTPStatus: 200, CapturedAt: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC),
		By: editor.ID, Software: "annals test", Artefacts: []capture.Artefact{capture.NewArtefact("text", "text/plain", []byte("Monywa\n")),
			capture.NewArtefact("screenshot", "image/png", []byte{0x89, 'P', 'N', 'G', 0, 1, 2})}})
	must(err)
	return pub
}

func backupBytes(t *testing.T, store *postgres.Store) ([]byte, timeline.BackupStats) {
	t.Helper()
	var buf bytes.Buffer
	stats, err := store.Backup(context.Background(), &buf)
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	return buf.Bytes(), stats
}

// publicState is what the public and staff see of a database, read through
// the store's own functions: every timeline's public and full export, the
// history of event id, the staff list, and search documents.
func publicState(t *testing.T, store *postgres.Store, id int64) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	slugs, err := store.TimelineSlugs(ctx)
	if err != nil || len(slugs) < 2 {
		t.Fatalf("timelines: %v %v", slugs, err)
	}
	for _, slug := range slugs {
		for _, public := range []bool{true, false} {
			doc, err := store.ExportTimeline(ctx, slug, public)
			if err != nil {
				if public && timeline.ErrorCode(err) == timeline.ENOTFOUND {
					fmt.Fprintf(&b, "%s public: not found\n", slug)
					continue
				}
				t.Fatalf("export %s: %v", slug, err)
			}
			data, err := native.Encode(doc)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s public=%v:\n%s\n", slug, public, data)
		}
	}
	revs, err := store.History(ctx, "event", id)
	if err != nil || len(revs) < 3 {
		t.Fatalf("history of %d: %d revisions, %v", id, len(revs), err)
	}
	for _, r := range revs {
		fmt.Fprintf(&b, "revision %s\n", asJSON(t, r))
	}
	events, err := store.StaffEvents(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		se, err := store.StaffEvent(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "staff %s\n%s\n", asJSON(t, e), asJSON(t, se))
	}
	rows, err := store.Pool().Query(ctx, `SELECT event_id, document, words::text FROM event_search ORDER BY event_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var eid int64
		var doc, words string
		if err := rows.Scan(&eid, &doc, &words); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "search %d %q %q\n", eid, doc, words)
		n++
	}
	if n < 10 {
		t.Fatalf("only %d search documents", n)
	}
	res, err := store.Search(ctx, timeline.SearchQuery{Text: "kani"})
	if err != nil || res.Total == 0 {
		t.Fatalf("search for kani: %d results, %v", res.Total, err)
	}
	fmt.Fprintf(&b, "search kani: %s\n", asJSON(t, res))
	return b.String()
}

// A backup restored into an empty database backs up to the same bytes, and
// the restored database shows the same public pages, staff views, history
// and search; the next rows made get fresh ids; restored accounts have no
// password.
func TestBackupRestoreRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := postgres.NewStore(pgtest.NewPool(t))
	pub := backupWorkflow(t, src)
	data, stats := backupBytes(t, src)
	if again, _ := backupBytes(t, src); !bytes.Equal(data, again) {
		t.Fatal("two backups of the same database differ")
	}
	for _, table := range []string{"timelines", "users", "sources", "events", "timeline_events", "event_actors",
		"event_sources", "figures", "event_drafts", "review_comments", "source_merges", "revisions", "settings",
		"captures", "capture_artefacts"} {
		if stats.Rows(table) == 0 {
			t.Errorf("the backup has no rows of %s: the workflow should have made some", table)
		}
	}
	if !bytes.Contains(data, []byte(backupConfidentialTitle)) {
		t.Error("the backup lacks the confidential source")
	}
	for _, secret := range []string{"$argon2", "password_hash", backupPassword} {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("the backup contains %q", secret)
		}
	}

	dst := postgres.NewStore(pgtest.NewPool(t))
	restored, err := dst.RestoreBackup(ctx, bytes.NewReader(data), timeline.RestoreOptions{})
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	if restored.String() != stats.String() {
		t.Errorf("restored %s\nbacked up %s", restored, stats)
	}
	if redone, _ := backupBytes(t, dst); !bytes.Equal(data, redone) {
		t.Errorf("the backup of the restored database differs from the original backup (%d vs %d bytes)\n%s",
			len(redone), len(data), firstDiff(data, redone))
	}
	if a, b := publicState(t, src, pub), publicState(t, dst, pub); a != b {
		t.Errorf("the restored database shows something else:\n%s", firstDiff([]byte(a), []byte(b)))
	}

	// Accounts come back without a password.
	u, hash, err := dst.UserForSignIn(ctx, "editor@example.org")
	if err != nil || hash != "" || u.Name != "Ed Itor" || u.Role != auth.RoleEditor {
		t.Errorf("restored account: %+v, hash %q, %v", u, hash, err)
	}
	if auth.CheckPassword(backupPassword, hash) {
		t.Error("the old password signs in to a restored account")
	}
	// New rows get new ids, after the restored ones.
	ed, _, _ := dst.UserForSignIn(ctx, "editor@example.org")
	e := timeline.Event{Title: "After the restore", When: timeline.DateRange{Start: mustDate(t, "2022")},
		Category: timeline.Category{Slug: "internal-notes"}, Visibility: timeline.VisibilityPublic,
		Citations: []timeline.Citation{{Source: timeline.Source{URL: "https://example.org/after", Title: "After", Kind: "news"}}}}
	id, _, err := dst.SaveEvent(ctx, ed, timeline.EventSave{Event: e, Timelines: []string{"myanmar-2021"}})
	if err != nil {
		t.Fatalf("save an event after the restore: %v", err)
	}
	if max := maxID(t, src, "events"); id <= max {
		t.Errorf("new event got id %d, not after the restored ones (%d)", id, max)
	}
	if _, err := dst.CreateUser(ctx, "new@example.org", "", auth.RoleContributor, backupPassword); err != nil {
		t.Errorf("create an account after the restore: %v", err)
	}
}

func asJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustDate(t *testing.T, s string) timeline.FuzzyDate {
	t.Helper()
	d, err := timeline.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func maxID(t *testing.T, store *postgres.Store, table string) int64 {
	t.Helper()
	var n int64
	if err := store.Pool().QueryRow(context.Background(), `SELECT max(id) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A restore into a database that has data, or of a damaged file, refuses
// with a message naming the problem and writes nothing.
func TestRestoreRefuses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := postgres.NewStore(pgtest.NewPool(t))
	backupWorkflow(t, src)
	data, stats := backupBytes(t, src)

	// Into the database it came from.
	_, err := src.RestoreBackup(ctx, bytes.NewReader(data), timeline.RestoreOptions{})
	want := fmt.Sprintf("restore needs an empty database: found %d timelines, %d users", stats.Rows("timelines"), stats.Rows("users"))
	if timeline.ErrorCode(err) != timeline.ECONFLICT || !strings.Contains(timeline.ErrorMessage(err), want) ||
		!strings.Contains(timeline.ErrorMessage(err), "nothing was restored") {
		t.Errorf("restore into a full database: %v\nwant a conflict saying %q", err, want)
	}
	if after, _ := backupBytes(t, src); !bytes.Equal(after, data) {
		t.Error("a refused restore changed the database")
	}

	// A database with only an account is not empty either.
	one := postgres.NewStore(pgtest.NewPool(t))
	if _, err := one.CreateUser(ctx, "first@example.org", "", auth.RoleAdmin, backupPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := one.RestoreBackup(ctx, bytes.NewReader(data), timeline.RestoreOptions{}); err == nil ||
		!strings.Contains(err.Error(), "found 1 user, 1 revision.") {
		t.Errorf("restore next to one account: %v", err)
	}

	empty := postgres.NewStore(pgtest.NewPool(t))
	emptyBackup, _ := backupBytes(t, empty)
	cases := []struct {
		name, want string
		data       []byte
	}{
		{"truncated in the middle", "truncated", data[:len(data)/2]},
		{"truncated before the end", "truncated", data[:len(data)-3]},
		{"a row removed", "says it has", withoutFirstRow(data)},
		{"not JSON", "not valid JSON", bytes.Replace(data, []byte(`"rows":[`), []byte(`"rows":<html>`), 1)},
		{"a newer format", "restore it with a newer Annals", []byte(`{"format":"annals/backup-v9","tables":[]}`)},
		{"a newer schema", "newer Annals", []byte(`{"format":"annals/backup-v1","schema":999999,"tables":[]}`)},
		{"an unknown table", `table "secrets"`, []byte(`{"format":"annals/backup-v1","schema":1,"tables":[` +
			`{"table":"secrets","columns":["id"],"rows":[],"count":0}]}`)},
		{"an unknown column", `column "colour"`, []byte(`{"format":"annals/backup-v1","schema":1,"tables":[` +
			`{"table":"categories","columns":["id","colour"],"rows":[],"count":0}]}`)},
		{"a password hash", "never restored", []byte(`{"format":"annals/backup-v1","schema":1,"tables":[` +
			`{"table":"users","columns":["id","password_hash"],"rows":[],"count":0}]}`)},
		{"out of order", "out of order", []byte(`{"format":"annals/backup-v1","schema":1,"tables":[` +
			`{"table":"events","columns":["id"],"rows":[],"count":0},{"table":"users","columns":["id"],"rows":[],"count":0}]}`)},
		{"a row the database refuses", "refused row 1-1 of table categories", []byte(`{"format":"annals/backup-v1","schema":1,"tables":[` +
			`{"table":"timelines","columns":["id","slug","title"],"rows":[{"id":1,"slug":"ok","title":"Fine"}],"count":1},` +
			`{"table":"categories","columns":["id","slug","name"],"rows":[{"id":1,"slug":"Not A Slug","name":"x"}],"count":1}]}`)},
		{"something after the end", "follows the end", append(append([]byte(nil), data...), "{}"...)},
	}
	for _, c := range cases {
		_, err := empty.RestoreBackup(ctx, bytes.NewReader(c.data), timeline.RestoreOptions{})
		if timeline.ErrorCode(err) != timeline.EINVALID || !strings.Contains(err.Error(), c.want) ||
			!strings.Contains(err.Error(), "nothing was restored") {
			t.Errorf("%s: %v, want an EINVALID error saying %q", c.name, err, c.want)
		}
		if after, _ := backupBytes(t, empty); !bytes.Equal(after, emptyBackup) {
			t.Fatalf("%s: a refused restore wrote something", c.name)
		}
	}

	// A dry run reads everything and keeps nothing.
	dry, err := empty.RestoreBackup(ctx, bytes.NewReader(data), timeline.RestoreOptions{DryRun: true})
	if err != nil || dry.String() != stats.String() {
		t.Errorf("dry run: %s, %v; want %s", dry, err, stats)
	}
	if after, _ := backupBytes(t, empty); !bytes.Equal(after, emptyBackup) {
		t.Error("a dry run wrote something")
	}
}

// Every table of the schema is backed up or deliberately left out.
func TestBackupCoversEveryTable(t *testing.T) {
	t.Parallel()
	store := postgres.NewStore(pgtest.NewPool(t))
	missing, err := store.TablesOutsideBackup(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range missing {
		t.Errorf("table %s is neither in the backup nor left out on purpose: add it to backupTables or notBackedUp in internal/postgres/backup.go", table)
	}
}

// withoutFirstRow removes the first row that another row follows.
func withoutFirstRow(data []byte) []byte {
	lines := bytes.Split(data, []byte("\n"))
	for i, l := range lines {
		if bytes.HasPrefix(l, []byte(`{"id":`)) && bytes.HasSuffix(l, []byte(",")) {
			return bytes.Join(append(lines[:i:i], lines[i+1:]...), []byte("\n"))
		}
	}
	panic("no row to remove")
}
