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

	"annals/internal/demo"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
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
	// Config configures the server (BaseURL, AllowSelfPublish, session
	// and sign-in limits); the zero value is the defaults.
	Config web.Config
}

// Start runs Annals on an httptest server with the demo timeline imported
// (unless opt.NoDemo), stopped when t ends.
func Start(t testing.TB, opt Options) *App {
	t.Helper()
	store := postgres.NewStore(pgtest.NewPool(t))
	if !opt.NoDemo {
		doc, err := demo.Document()
		if err != nil {
			t.Fatalf("decode demo: %v", err)
		}
		if _, err := store.ImportDocument(context.Background(), doc, timeline.ImportOptions{Reason: "test"}); err != nil {
			t.Fatalf("import demo: %v", err)
		}
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := web.New(opt.Config, store, log)
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
