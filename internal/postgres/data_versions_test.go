package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// Every table either bumps the data version when written (its data shows
// somewhere public) or is named private, so a new table is a decision made,
// not a cache that silently keeps serving what it changed.
func TestEveryPublicTableBumpsTheDataVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	rows, err := store.Pool().Query(ctx, `
SELECT c.relname, EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'data_changed')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	private := postgres.PrivateTablesForTest()
	for rows.Next() {
		var name string
		var bumps bool
		if err := rows.Scan(&name, &bumps); err != nil {
			t.Fatal(err)
		}
		_, isPrivate := private[name]
		switch {
		case bumps && isPrivate:
			t.Errorf("table %s is named private but bumps the data version", name)
		case !bumps && !isPrivate:
			t.Errorf("table %s neither bumps the data version (a data_changed trigger) nor is named private in data_versions.go", name)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// A committed write to a public table bumps the version once per
// transaction and announces it; a rolled-back one and a write to a private
// table do not; the watcher hears the new version.
func TestDataVersionBumpsOncePerCommitAndIsAnnounced(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	version := func() int64 {
		t.Helper()
		v, err := store.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	var mu sync.Mutex
	var heard []int64
	watchCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		store.WatchDataVersions(watchCtx,
			func(v int64) { mu.Lock(); heard = append(heard, -v); mu.Unlock() },
			func(v int64) { mu.Lock(); heard = append(heard, v); mu.Unlock() })
	}()
	t.Cleanup(func() { stop(); <-done })
	last := func() int64 {
		mu.Lock()
		defer mu.Unlock()
		if len(heard) == 0 {
			return 0
		}
		return heard[len(heard)-1]
	}
	for deadline := time.Now().Add(5 * time.Second); last() == 0 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	start := version()
	if last() != -start {
		t.Fatalf("the watcher's first word is %d, want the version read fresh (reset %d)", last(), start)
	}

	if _, err := store.ImportDocument(ctx, loadDemo(t), timeline.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := version(); got != start+1 {
		t.Fatalf("an import (one transaction, many statements) moved the version from %d to %d, want one step", start, got)
	}
	for deadline := time.Now().Add(5 * time.Second); last() != start+1 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	if last() != start+1 {
		t.Fatalf("the watcher heard %v, want %d announced", heard, start+1)
	}

	tx, err := store.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `UPDATE events SET title = title || '!'`); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Pool().Exec(ctx, `INSERT INTO signin_limits (scope, key_hash, level, updated_at) VALUES ('account', sha256('x'), 1, now())`); err != nil {
		t.Fatal(err)
	}
	if got := version(); got != start+1 {
		t.Fatalf("a rolled-back write or a private table moved the version to %d", got)
	}
	if _, err := store.Pool().Exec(ctx, `UPDATE events SET title = title || '!' WHERE slug = 'coup'`); err != nil {
		t.Fatal(err)
	}
	if got := version(); got != start+2 {
		t.Fatalf("an edit of an event left the version at %d", got)
	}
	fp, err := store.TimelineFingerprint(ctx, "myanmar-2021", "")
	if err != nil {
		t.Fatal(err)
	}
	if fp.Version != start+2 {
		t.Errorf("the fingerprint was read at version %d, want %d", fp.Version, start+2)
	}
}
