package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"annals/internal/demo"
	"annals/internal/postgres/pgtest"
	"annals/internal/web"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// TestServeEndToEnd runs the real wiring (config, migrations, demo seed,
// server, graceful shutdown) on a free port against a fresh database.
func TestServeEndToEnd(t *testing.T) {
	t.Parallel()
	addr := freeAddr(t)
	env := envOf(map[string]string{"DATABASE_URL": pgtest.NewDatabase(t), "ANNALS_ADDR": addr})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "-seed-demo"}, env, nil, io.Discard, &syncWriter{w: &logs}) }()

	base := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server not ready after 30s: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	res, err := http.Get(base + "/t/myanmar-2021")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("timeline page: %d", res.StatusCode)
	}
	if n := strings.Count(string(body), `data-testid="event"`); n != 18 {
		t.Errorf("%d events on the timeline page, want 18", n)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after shutdown", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not shut down")
	}
	if !strings.Contains(logs.String(), "path=/t/myanmar-2021 status=200") {
		t.Errorf("no request log line for the timeline page:\n%s", logs.String())
	}
}

func TestImportCommand(t *testing.T) {
	t.Parallel()
	env := envOf(map[string]string{"DATABASE_URL": pgtest.NewDatabase(t)})
	dir := t.TempDir()
	good := filepath.Join(dir, "demo.json")
	if err := os.WriteFile(good, demo.JSON(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"import", good}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "18 created") {
		t.Errorf("first import: %s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"import", good}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "0 created, 0 updated, 18 unchanged") {
		t.Errorf("second import: %s", out.String())
	}

	broken := filepath.Join(dir, "broken.json")
	data := strings.Replace(string(demo.JSON()), `"date": "2021-05",`, `"date": "2021-13",`, 1)
	data = strings.Replace(data, `"slug": "coup",`, `"slug": "coup-2",`, 1)
	if err := os.WriteFile(broken, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run(ctx, []string{"import", broken}, env, nil, io.Discard, io.Discard)
	if err == nil {
		t.Fatal("a file with month 13 was imported")
	}
	msg := describe(err)
	if !strings.Contains(msg, `event "pantsir-plant-visit"`) || !strings.Contains(msg, "month 13 does not exist") || !strings.Contains(msg, "nothing was written") {
		t.Errorf("message does not name the item and field:\n%s", msg)
	}
}

func TestUnknownCommand(t *testing.T) {
	err := run(context.Background(), []string{"frobnicate"}, envOf(nil), nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), `unknown command "frobnicate"`) {
		t.Errorf("err = %v", err)
	}
}

func TestMissingDatabaseIsExplained(t *testing.T) {
	err := run(context.Background(), []string{"migrate"}, envOf(nil), nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "DATABASE_URL is not set") {
		t.Errorf("err = %v", err)
	}
}

// syncWriter guards a buffer written by the server's goroutines.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// serve bounds the runtime's memory to the kept pages' bound plus its
// working memory, unless the operator set GOMEMLIMIT, which the runtime
// applies itself.
func TestServeMemoryLimit(t *testing.T) {
	limit, ok := memoryLimit(readEnv(func(string) string { return "" }))
	if !ok || limit != web.DefaultCacheBytes+serveWorkingMemory || limit >= 150<<20 {
		t.Errorf("without GOMEMLIMIT: %d, %v; want the page cache's %d plus %d, under 150 MB", limit, ok, web.DefaultCacheBytes, serveWorkingMemory)
	}
	set := func(k string) string {
		if k == "GOMEMLIMIT" {
			return "300MiB"
		}
		return ""
	}
	if limit, ok := memoryLimit(readEnv(set)); ok {
		t.Errorf("with GOMEMLIMIT=300MiB serve sets its own limit, %d", limit)
	}
}
