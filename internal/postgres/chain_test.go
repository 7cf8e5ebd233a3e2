package postgres_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"annals/internal/auth"
	"annals/internal/demo"
	"annals/internal/importer"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// revisionRow is a revision as the table holds it.
type revisionRow struct {
	id, entityID, authorID int64
	entity, action, author string
	reason                 string
	keys                   string
}

func allRevisions(t *testing.T, pool *pgxpool.Pool) []revisionRow {
	t.Helper()
	rows, err := pool.Query(context.Background(), `
SELECT id, entity, entity_id, coalesce(author_id, 0), action, author, reason, record::text FROM revisions ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []revisionRow
	for rows.Next() {
		var r revisionRow
		var record []byte
		if err := rows.Scan(&r.id, &r.entity, &r.entityID, &r.authorID, &r.action, &r.author, &r.reason, &record); err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(record, &m); err != nil {
			t.Fatalf("revision %d: %v", r.id, err)
		}
		r.keys = strings.Join(slices.Sorted(maps.Keys(m)), ",")
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEveryWritePathWritesWholeRevisions runs every write path through the
// store (staff steps, the API's functions are the same, import of new and of
// changed rows, bulk import, translations, sources, accounts, catalogue,
// settings) and checks each revision names its author and a reason, an
// account's change names the account, and one entity always has one record
// shape whoever wrote it. The chain then verifies.
func TestEveryWritePathWritesWholeRevisions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	store := postgres.NewStore(pool)
	pub := backupWorkflow(t, store) // demo import (bulk), accounts, settings, catalogue, every event step, merged sources
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	users, err := store.Users(ctx)
	must(err)
	byEmail := map[string]auth.User{}
	for _, u := range users {
		byEmail[u.Email] = u
	}
	editor, reviewer, admin := byEmail["editor@example.org"], byEmail["reviewer@example.org"], byEmail["admin@example.org"]

	// Import of changed rows (the row-by-row path), by an account as the
	// staff upload does.
	doc, err := demo.Document()
	must(err)
	doc.Events[0].Title += " (corrected)"
	doc.Events[1].Citations[0].Source.Publisher = "A corrected publisher"
	res, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{Author: editor.DisplayName(), AuthorID: editor.ID, Reason: "upload of demo.json"})
	must(err)
	if res.EventsUpdated == 0 || res.SourcesUpdated == 0 {
		t.Fatalf("the changed import updated nothing: %+v", res)
	}
	// Translation, source library, restore, discard, timelines.
	key := timeline.TranslationKey{Of: timeline.OfEvent, ID: pub, Lang: "my"}
	tv, err := store.SaveTranslation(ctx, editor, timeline.TranslationSave{Key: key, Title: "ကနီ", Summary: "စာ"})
	must(err)
	_, err = store.PublishTranslation(ctx, reviewer, timeline.TranslationAction{Key: key, Version: tv})
	must(err)
	cur, err := store.StaffEvent(ctx, pub)
	must(err)
	src := cur.Work.Citations[0].Source
	lib, err := store.LibrarySourceByID(ctx, src.ID)
	must(err)
	src.Publisher = "Example News Agency"
	_, err = store.UpdateSource(ctx, editor, src, lib.Version, "")
	must(err)
	v, err := store.DiscardPendingEdit(ctx, editor, timeline.EventAction{ID: pub, Version: cur.Version})
	must(err)
	v, err = store.SetEventTimelines(ctx, editor, timeline.EventAction{ID: pub, Version: v}, []string{"myanmar-2021"})
	must(err)
	hist, err := store.History(ctx, "event", pub)
	must(err)
	_, err = store.RestoreEvent(ctx, editor, timeline.EventAction{ID: pub, Version: v}, hist[0].ID)
	must(err)
	role := auth.RoleEditor
	_, err = store.UpdateUser(ctx, admin, reviewer.ID, timeline.UserChange{Role: &role})
	must(err)
	_, err = store.CreateUserBy(ctx, admin, "new@example.org", "New", auth.RoleContributor, backupPassword)
	must(err)
	must(store.SaveTimeline(ctx, admin, timeline.Timeline{Slug: "internal-watch", Title: "Internal watch list (renamed)",
		Language: "en", Visibility: timeline.VisibilityInternal}))

	revs := allRevisions(t, pool)
	shapes := map[string]map[string][]int64{} // entity -> keys -> revisions
	seen := map[string]bool{}
	for _, r := range revs {
		seen[r.entity] = true
		if strings.TrimSpace(r.author) == "" || strings.TrimSpace(r.reason) == "" {
			t.Errorf("revision %d (%s %d %s) has author %q and reason %q", r.id, r.entity, r.entityID, r.action, r.author, r.reason)
		}
		if r.author != "command line" && r.authorID == 0 {
			t.Errorf("revision %d (%s %d %s) by %q names no account", r.id, r.entity, r.entityID, r.action, r.author)
		}
		if shapes[r.entity] == nil {
			shapes[r.entity] = map[string][]int64{}
		}
		shapes[r.entity][r.keys] = append(shapes[r.entity][r.keys], r.id)
	}
	for entity, byKeys := range shapes {
		if len(byKeys) > 1 {
			var b strings.Builder
			for keys, ids := range byKeys {
				fmt.Fprintf(&b, "\n  %s: revisions %v", keys, ids[:min(len(ids), 5)])
			}
			t.Errorf("%s revisions have %d record shapes:%s", entity, len(byKeys), b.String())
		}
	}
	for _, entity := range []string{"event", "source", "figure", "user", "setting", "category", "actor", "timeline", "event_translation", "era"} {
		if !seen[entity] {
			t.Errorf("no %s revision was written", entity)
		}
	}
	st, err := store.VerifyChain(ctx, "test")
	must(err)
	if !st.OK() || st.Revisions != int64(len(revs)) {
		t.Errorf("chain after every write path: %d of %d revisions, %v", st.Revisions, len(revs), st.Break)
	}
}

// TestCatalogueAndAccountRevisions: a change to a timeline, category,
// actor, setting or account is a revision naming who made it; saving the
// same thing again writes none.
func TestCatalogueAndAccountRevisions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	store := postgres.NewStore(pool)
	admin, err := store.CreateUser(ctx, "admin@example.org", "Ad Min", auth.RoleAdmin, backupPassword)
	if err != nil {
		t.Fatal(err)
	}
	other, err := store.CreateUserBy(ctx, admin, "other@example.org", "Other", auth.RoleContributor, backupPassword)
	if err != nil {
		t.Fatal(err)
	}
	count := func(entity string) int {
		var n int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM revisions WHERE entity = $1 AND author = 'Ad Min' AND author_id = $2`,
			entity, admin.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	steps := []struct {
		entity string
		do     func() error
	}{
		{"timeline", func() error {
			return store.SaveTimeline(ctx, admin, timeline.Timeline{Slug: "tl", Title: "Timeline", Language: "en", Visibility: "public"})
		}},
		{"timeline", func() error {
			return store.SaveTimeline(ctx, admin, timeline.Timeline{Slug: "tl", Title: "Timeline, renamed", Language: "en", Visibility: "public"})
		}},
		{"category", func() error { return store.SaveCategory(ctx, admin, timeline.Category{Slug: "cat", Name: "Category"}) }},
		{"actor", func() error {
			return store.SaveActor(ctx, admin, timeline.Actor{Slug: "army", Name: "Army", Kind: "armed_force"})
		}},
		{"setting", func() error { return store.SetSetting(ctx, admin, "allow_self_publish", "true") }},
		{"user", func() error {
			role := auth.RoleReviewer
			_, err := store.UpdateUser(ctx, admin, other.ID, timeline.UserChange{Role: &role})
			return err
		}},
		{"user", func() error {
			disabled := true
			_, err := store.UpdateUser(ctx, admin, other.ID, timeline.UserChange{Disabled: &disabled})
			return err
		}},
	}
	for i, s := range steps {
		before := count(s.entity)
		if err := s.do(); err != nil {
			t.Fatalf("step %d (%s): %v", i, s.entity, err)
		}
		if got := count(s.entity); got != before+1 {
			t.Errorf("step %d (%s): %d revisions by the admin, want %d", i, s.entity, got, before+1)
		}
		// The same save again changes nothing and writes nothing.
		if s.entity != "user" {
			if err := s.do(); err != nil {
				t.Fatal(err)
			}
			if got := count(s.entity); got != before+1 {
				t.Errorf("step %d (%s) repeated: %d revisions, want %d", i, s.entity, got, before+1)
			}
		}
	}
	var reason string
	if err := pool.QueryRow(ctx, `SELECT reason FROM revisions WHERE entity = 'user' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
		other.ID).Scan(&reason); err != nil || !strings.Contains(reason, "disabled=true") {
		t.Errorf("disabling's reason: %q %v", reason, err)
	}
}

// TestConcurrentWritersMakeOneChain: many saves at once append one linear
// chain that verifies.
func TestConcurrentWritersMakeOneChain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, a, _ := setupStaffStore(t)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Go(func() {
			e := staffEvent(fmt.Sprintf("Concurrent event %d", i))
			// Each its own source: two new events citing one new URL at
			// once is a race of its own.
			e.Citations[0].Source.URL = fmt.Sprintf("https://example.org/concurrent/%d", i)
			_, _, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: e, Timelines: []string{"tl"}, Reason: "at once"})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	st, err := store.VerifyChain(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	if !st.OK() || st.Revisions < 16 {
		t.Fatalf("chain after concurrent saves: %d revisions, %v", st.Revisions, st.Break)
	}
	head, err := store.ChainHead(ctx)
	if err != nil || head.Revision != st.HeadID || head.SHA256 != st.Head || head.Revisions != st.Revisions {
		t.Errorf("head %+v %v, verified %+v", head, err, st)
	}
	last, ok, err := store.LastVerification(ctx)
	if err != nil || !ok || !last.OK || last.HeadID != st.HeadID || last.By != "test" {
		t.Errorf("last verification %+v %v %v", last, ok, err)
	}
}

// TestChainNamesTheAlteredRevision: changing a revision's record, removing
// the last revisions or writing one by hand is found and named.
func TestChainNamesTheAlteredRevision(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	store := postgres.NewStore(pool)
	doc, err := demo.Document()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "demo"}); err != nil {
		t.Fatal(err)
	}
	verify := func() *timeline.ChainBreak {
		t.Helper()
		st, err := store.VerifyChain(ctx, "test")
		if err != nil {
			t.Fatal(err)
		}
		return st.Break
	}
	if b := verify(); b != nil {
		t.Fatalf("fresh demo: %v", b)
	}
	var id int64
	if err := pool.QueryRow(ctx, `SELECT max(id) - 3 FROM revisions`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := pool.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	exec(`UPDATE revisions SET record = jsonb_set(record, '{title}', '"Another title"') WHERE id = $1`, id)
	if b := verify(); b == nil || b.RevisionID != id || !strings.Contains(b.Error(), "content hash does not match") {
		t.Errorf("after changing revision %d's record: %v", id, b)
	}
	exec(`DELETE FROM revisions WHERE id >= $1`, id)
	if b := verify(); b == nil || !strings.Contains(b.Error(), "revisions were removed from the end") {
		t.Errorf("after removing the last revisions: %v", b)
	}
	exec(`UPDATE revision_chain_head SET revision_id = (SELECT max(id) FROM revisions),
  chain_sha256 = (SELECT chain_sha256 FROM revisions ORDER BY id DESC LIMIT 1), revisions = (SELECT count(*) FROM revisions)`)
	if b := verify(); b != nil {
		t.Fatalf("with the head moved back: %v", b)
	}
	exec(`INSERT INTO revisions (entity, entity_id, version, action, author, reason, record)
VALUES ('event', 1, 99, 'save', 'someone', 'by hand', '{}')`)
	if b := verify(); b == nil || !strings.Contains(b.Error(), "outside the revision writer") {
		t.Errorf("after a revision written by hand: %v", b)
	}
}

// TestBackupCarriesTheChain: a restored backup verifies with the same head;
// a backup with one revision changed is refused, naming it.
func TestBackupCarriesTheChain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := postgres.NewStore(pgtest.NewPool(t))
	backupWorkflow(t, src)
	data, _ := backupBytes(t, src)
	head, err := src.ChainHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dst := postgres.NewStore(pgtest.NewPool(t))
	if _, err := dst.RestoreBackup(ctx, bytes.NewReader(data), timeline.RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	st, err := dst.VerifyChain(ctx, "test")
	if err != nil || !st.OK() || st.Head != head.SHA256 || st.Revisions != head.Revisions {
		t.Fatalf("restored chain: %+v %v, want head %+v", st, err, head)
	}
	// Writing after the restore continues the same chain.
	if err := dst.SaveCategory(ctx, auth.User{}, timeline.Category{Slug: "after-restore", Name: "After restore"}); err != nil {
		t.Fatal(err)
	}
	if st, err := dst.VerifyChain(ctx, "test"); err != nil || !st.OK() || st.Revisions != head.Revisions+1 {
		t.Fatalf("chain after a write following the restore: %+v %v", st, err)
	}

	// One revision's reason changed in the file.
	i := bytes.Index(data, []byte(`"reason":"Add the township."`))
	if i < 0 {
		t.Fatal("the backup has no send-back revision")
	}
	start := bytes.LastIndex(data[:i], []byte(`{"id":`))
	var rid int64
	if _, err := fmt.Sscanf(string(data[start:]), `{"id":%d`, &rid); err != nil {
		t.Fatal(err)
	}
	tampered := bytes.Replace(data, []byte(`"reason":"Add the township."`), []byte(`"reason":"Nothing to add."`), 1)
	_, err = postgres.NewStore(pgtest.NewPool(t)).RestoreBackup(ctx, bytes.NewReader(tampered), timeline.RestoreOptions{})
	want := fmt.Sprintf("the backup's record chain does not verify: revision %d (event ", rid)
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "content hash does not match") ||
		!strings.Contains(err.Error(), "nothing was restored") {
		t.Errorf("restore of a tampered backup: %v\nwant %q", err, want)
	}
}

// TestSealHashesRevisionsFromBeforeTheChain: revisions written before the
// chain's migration (no hashes, an unsealed head) are hashed in id order
// by the next migrate, and the chain then verifies; a sealed chain is not
// sealed again.
func TestSealHashesRevisionsFromBeforeTheChain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	store := postgres.NewStore(pool)
	doc, err := demo.Document()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "demo"}); err != nil {
		t.Fatal(err)
	}
	before, err := store.ChainHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The database as the migration leaves one that had revisions.
	if _, err := pool.Exec(ctx, `
UPDATE revisions SET content_sha256 = NULL, prev_sha256 = NULL, chain_sha256 = NULL;
UPDATE revision_chain_head SET revision_id = 0, chain_sha256 = decode(repeat('00', 32), 'hex'), revisions = 0, sealed_at = NULL`); err != nil {
		t.Fatal(err)
	}
	if st, err := store.VerifyChain(ctx, "test"); err != nil || st.OK() || !strings.Contains(st.Break.Error(), "not been sealed") {
		t.Fatalf("unsealed chain: %+v %v", st, err)
	}
	if _, err := postgres.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	st, err := store.VerifyChain(ctx, "test")
	if err != nil || !st.OK() || st.Head != before.SHA256 || st.Revisions != before.Revisions {
		t.Fatalf("sealed chain: %+v %v, want the head the writer made, %+v", st, err, before)
	}
	// A revision written by hand after sealing stays unhashed, and found.
	if _, err := pool.Exec(ctx, `INSERT INTO revisions (entity, entity_id, version, action, author, reason, record)
VALUES ('event', 1, 99, 'save', 'someone', 'by hand', '{}')`); err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if st, err := store.VerifyChain(ctx, "test"); err != nil || st.OK() || !strings.Contains(st.Break.Error(), "outside the revision writer") {
		t.Errorf("after a hand-written revision and another migrate: %+v %v", st, err)
	}
}

// BenchmarkVerifyChain walks the chain of a generated import (two
// revisions per event; ANNALS_BENCH_ROWS events, default 50,000).
func BenchmarkVerifyChain(b *testing.B) {
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(b))
	doc, _, err := importer.Parse("generated.csv", generatedCSV(benchRows), importer.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "benchmark"}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		st, err := store.VerifyChain(ctx, "benchmark")
		if err != nil || !st.OK() {
			b.Fatalf("%+v %v", st, err)
		}
		b.ReportMetric(float64(st.Revisions), "revisions")
	}
}
