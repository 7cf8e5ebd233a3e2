package replica_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"annals/internal/auth"
	"annals/internal/demo"
	"annals/internal/pgcluster"
	"annals/internal/postgres"
	"annals/internal/timeline"
	"annals/internal/web"
	"annals/internal/webtest"
)

// A primary and a streaming replica started from the installed PostgreSQL
// binaries, and two Annals instances: A on the primary, B on the primary
// with its public reads on the replica. A publish on A shows on B's public
// page within a second; while the replica is paused, B's public pages keep
// what the replica has, and B's staff side still reads its own writes.
func TestPublishReachesAnInstanceReadingFromAReplica(t *testing.T) {
	ctx := context.Background()
	// Not t.TempDir(): the postgres user must be able to enter the folder.
	base, err := os.MkdirTemp("", "annals-replica-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	primaryDir, replicaDir := filepath.Join(base, "primary"), filepath.Join(base, "replica")
	t.Cleanup(func() {
		stop := context.Background()
		if err := pgcluster.Stop(stop, replicaDir); err != nil {
			t.Logf("stop replica: %v", err)
		}
		if err := pgcluster.Stop(stop, primaryDir); err != nil {
			t.Logf("stop primary: %v", err)
		}
		os.RemoveAll(base)
	})
	// synchronous_commit stays on: with it off, commits reach the replica
	// only on the WAL writer's rounds (200 ms).
	settings := map[string]string{"fsync": "off", "wal_level": "replica", "max_connections": "100"}
	primary, err := pgcluster.Ensure(ctx, primaryDir, pgcluster.Options{Settings: settings})
	if err != nil {
		t.Fatal(err)
	}
	admin := openPool(t, primary.URL("postgres"))
	if _, err := admin.Exec(ctx, `CREATE DATABASE annals`); err != nil {
		t.Fatal(err)
	}
	admin.Close()
	poolA := openPool(t, primary.URL("annals"))
	if _, err := postgres.Migrate(ctx, poolA); err != nil {
		t.Fatal(err)
	}
	doc, err := demo.Document()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.NewStore(poolA).ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	replica, err := primary.StartReplica(ctx, replicaDir, settings)
	if err != nil {
		t.Fatal(err)
	}
	replicaPool := openPool(t, replica.URL("annals"))
	var inRecovery bool
	if err := replicaPool.QueryRow(ctx, `SELECT pg_is_in_recovery()`).Scan(&inRecovery); err != nil || !inRecovery {
		t.Fatalf("the replica is not a standby: %v, %v", inRecovery, err)
	}

	a := webtest.Start(t, webtest.Options{Pool: poolA, Config: web.Config{AllowSelfPublish: true}})
	b := webtest.Start(t, webtest.Options{Pool: openPool(t, primary.URL("annals")), ReadPool: replicaPool})
	editorA := a.SignIn(t, a.User(t, auth.RoleEditor))
	editorB := b.SignIn(t, b.User(t, auth.RoleEditor))

	const page = "/t/myanmar-2021"
	shows := func(app *webtest.App, title string) bool {
		t.Helper()
		res, body := app.Get(t, page)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", page, res.StatusCode)
		}
		return strings.Contains(body, title)
	}
	publish := func(title string) {
		t.Helper()
		id := createEvent(t, editorA, title)
		for _, action := range []string{"submit", "publish"} {
			if res, body := editorA.Post(t, fmt.Sprintf("/staff/events/%d/%s", id, action), url.Values{"version": {version(t, a, id)}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s: %d\n%.500s", action, res.StatusCode, body)
			}
		}
	}
	waitFor := func(title string, since time.Time) time.Duration {
		t.Helper()
		for !shows(b, title) {
			if time.Since(since) > 2*time.Second {
				t.Fatalf("two seconds on, the instance reading the replica does not show %q", title)
			}
			time.Sleep(5 * time.Millisecond)
		}
		return time.Since(since)
	}
	if shows(b, "replica canary") {
		t.Fatal("the canary is there before it was published")
	}

	// Replay paused: B's public page shows what the replica has; B's staff
	// side reads its own write from the primary.
	if _, err := replicaPool.Exec(ctx, `SELECT pg_wal_replay_pause()`); err != nil {
		t.Fatal(err)
	}
	publish("First replica canary")
	if !shows(a, "First replica canary") {
		t.Fatal("the publishing instance does not show its own publish")
	}
	if shows(b, "First replica canary") {
		t.Fatal("with replay paused, the instance reading the replica shows the publish: its public reads are not on the replica")
	}
	draft := createEvent(t, editorB, "Staff draft written on the replica instance")
	if res, body := editorB.Get(t, fmt.Sprintf("/staff/events/%d", draft)); res.StatusCode != http.StatusOK ||
		!strings.Contains(body, "Staff draft written on the replica instance") {
		t.Fatalf("the replica instance's staff side does not read its own write: %d", res.StatusCode)
	}
	resumed := time.Now()
	if _, err := replicaPool.Exec(ctx, `SELECT pg_wal_replay_resume()`); err != nil {
		t.Fatal(err)
	}
	t.Logf("after replay resumed, the replica instance showed the publish in %v", waitFor("First replica canary", resumed))

	// Replay running: a publish on A is on B's public page within a second.
	publish("Second replica canary")
	published := time.Now()
	took := waitFor("Second replica canary", published)
	t.Logf("a publish on the primary instance reached the replica instance's public page in %v", took)
	if took > time.Second {
		t.Errorf("the publish took %v to reach the replica instance, want under a second", took)
	}
}

func openPool(t *testing.T, url string) *pgxpool.Pool {
	t.Helper()
	pool, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// createEvent saves a draft event through the staff editor and returns its id.
func createEvent(t *testing.T, s *webtest.Session, title string) int64 {
	t.Helper()
	form := url.Values{
		"title": {title}, "start": {"2021-03-05"}, "category": {"casualties"}, "timelines": {"myanmar-2021"},
		"summary": {"What happened."}, "place_name": {"Yangon"}, "place_country": {"MM"},
		"actor_rows": {"0"}, "fig_rows": {"0"},
		"cite_rows": {"1"}, "cite_source_0": {""}, "cite_title_0": {"Report on " + title},
		"cite_url_0":       {"https://example.org/" + url.PathEscape(strings.ToLower(strings.ReplaceAll(title, " ", "-")))},
		"cite_publisher_0": {"Example News"}, "cite_kind_0": {"news"}, "cite_published_0": {"2021-03-06"},
		"do": {"save"},
	}
	res, body := s.Post(t, "/staff/events", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create event %q: %d\n%.800s", title, res.StatusCode, body)
	}
	var id int64
	if _, err := fmt.Sscanf(res.Header.Get("Location"), "/staff/events/%d", &id); err != nil {
		t.Fatalf("create event: Location %q", res.Header.Get("Location"))
	}
	return id
}

// version reads an event's version for the workflow forms.
func version(t *testing.T, app *webtest.App, id int64) string {
	t.Helper()
	var v int
	if err := app.Store.Pool().QueryRow(context.Background(), `SELECT version FROM events WHERE id = $1`, id).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(v)
}
