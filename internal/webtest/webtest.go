// Package webtest starts the real web server wiring against a fresh test
// database, for handler and browser tests.
package webtest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"annals/internal/demo"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/web"
)

// App is a running Annals on a fresh database.
type App struct {
	URL    string // base URL, no trailing slash
	Store  *postgres.Store
	Server *web.Server
}

// Options tune Start.
type Options struct {
	// NoDemo starts with an empty database instead of the demo timeline.
	NoDemo bool
	// DemoTranslations also publishes the demo's Burmese translations, as
	// `annals serve -seed-demo` does; without it the demo has none, for
	// tests that translate it themselves.
	DemoTranslations bool
	// Config configures the server (BaseURL, AllowSelfPublish, session
	// and sign-in limits); the zero value is the defaults.
	Config web.Config
	// Pool is the database to run on (another instance's, say); nil is a
	// fresh test database. The demo is imported only into a fresh one.
	Pool *pgxpool.Pool
	// ReadPool, if set, serves the public reads (a streaming replica).
	ReadPool *pgxpool.Pool
}

// Start runs Annals on an httptest server with the demo timeline imported
// (unless opt.NoDemo), stopped when t ends.
func Start(t testing.TB, opt Options) *App {
	t.Helper()
	pool := opt.Pool
	if pool == nil {
		pool = pgtest.NewPool(t)
	} else {
		opt.NoDemo = true
	}
	store := postgres.NewStore(pool).WithReadPool(opt.ReadPool)
	if !opt.NoDemo {
		load := demo.Load
		if !opt.DemoTranslations {
			load = demo.Import
		}
		if _, err := load(context.Background(), store, "test"); err != nil {
			t.Fatalf("load demo: %v", err)
		}
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := web.New(opt.Config, store, log)
	// The page cache runs as in production: pages kept in memory, dropped
	// when the data version announced by the database moves.
	ctx, stop := context.WithCancel(context.Background())
	done := srv.WatchData(ctx)
	t.Cleanup(func() { stop(); <-done })
	for deadline := time.Now().Add(10 * time.Second); srv.DataVersion() == 0 && opt.Config.CacheBytes >= 0; {
		if time.Now().After(deadline) {
			t.Fatal("the server never learnt the data version")
		}
		time.Sleep(2 * time.Millisecond)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &App{URL: ts.URL, Store: store, Server: srv}
}

// Get fetches path and returns the response with its body read.
func (a *App) Get(t testing.TB, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, a.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return res, string(body)
}

// Sync waits until the server knows the database's current data version,
// as it does within moments of any write: for tests that change the data
// behind the server's back with SQL and look at a page it may have kept.
func (a *App) Sync(t testing.TB) {
	t.Helper()
	v, err := a.Store.DataVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); a.Server.DataVersion() < v; {
		if time.Now().After(deadline) {
			t.Fatalf("the server still knows data version %d, the database is at %d", a.Server.DataVersion(), v)
		}
		time.Sleep(time.Millisecond)
	}
}
