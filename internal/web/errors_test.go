package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"annals/internal/auth"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/web"
	"annals/internal/webtest"
)

func TestHSTSOnlyWithAnHTTPSBaseURL(t *testing.T) {
	t.Parallel()
	secure := webtest.Start(t, webtest.Options{NoDemo: true, Config: web.Config{BaseURL: "https://annals.example.org"}})
	for _, path := range []string{"/", "/staff/login", "/no-such-page"} {
		res, _ := secure.Get(t, path)
		if got := res.Header.Get("Strict-Transport-Security"); !strings.Contains(got, "max-age=63072000") {
			t.Errorf("https base URL, %s: Strict-Transport-Security %q", path, got)
		}
	}
	plain := webtest.Start(t, webtest.Options{NoDemo: true, Config: web.Config{BaseURL: "http://localhost:8080"}})
	if res, _ := plain.Get(t, "/"); res.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS sent for an http base URL: browsers would then refuse the site")
	}
}

// With the database gone, every page answers with one whole error page
// (not the session library's text followed by the page), and no cache
// keeps it.
func TestDatabaseDownGivesOneErrorPage(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	app.Store.Pool().Close()
	for _, path := range []string{"/staff/login", "/staff", "/", "/t/myanmar-2021", "/t/myanmar-2021/e/coup"} {
		res, body := editor.Get(t, path) // with the session cookie: its load fails
		if res.StatusCode < 500 {
			t.Errorf("%s with the database down: %d", path, res.StatusCode)
		}
		if !strings.HasPrefix(body, "<!doctype html>") || strings.Count(body, "<html") != 1 {
			t.Errorf("%s with the database down: want one HTML page, got %.120q…", path, body)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s with the database down: Cache-Control %q, want no-store", path, cc)
		}
		if res.Header.Get("ETag") != "" {
			t.Errorf("%s with the database down carries an ETag", path)
		}
	}
	res, body := app.Get(t, "/api/v1/timelines")
	if res.StatusCode != http.StatusInternalServerError || !strings.HasPrefix(body, `{"error":`) || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("API with the database down: %d %q, Cache-Control %q", res.StatusCode, body, res.Header.Get("Cache-Control"))
	}
}

// A reader who closes the tab is not a server failure: the log says 499 at
// info level, and no error line.
func TestClientsThatLeaveAreNotLoggedAsFailures(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	srv := web.New(web.Config{}, postgres.NewStore(pgtest.NewPool(t)), slog.New(slog.NewTextHandler(&logs, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, path := range []string{"/", "/search?q=coup"} {
		req := httptest.NewRequest(http.MethodGet, path, nil).WithContext(ctx)
		srv.Handler().ServeHTTP(httptest.NewRecorder(), req)
	}
	out := logs.String()
	if strings.Contains(out, "level=ERROR") || strings.Contains(out, "status=500") || strings.Count(out, "status=499") != 2 {
		t.Fatalf("log for two requests whose clients left:\n%s", out)
	}
}
