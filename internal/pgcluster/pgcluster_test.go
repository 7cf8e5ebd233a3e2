package pgcluster

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestNoBinariesSaysWhatToInstall(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := findBinDir("/nonexistent/pg_config", filepath.Join(t.TempDir(), "*", "bin"))
	if !errors.Is(err, ErrNoBinaries) {
		t.Fatalf("err = %v, want ErrNoBinaries", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "apt-get install postgresql") || !strings.Contains(msg, "DATABASE_URL") {
		t.Errorf("message %q does not say what to install or set", msg)
	}
}

func TestFindsNewestVersion(t *testing.T) {
	root := t.TempDir()
	for _, v := range []string{"13", "16", "15"} {
		dir := filepath.Join(root, v, "bin")
		os.MkdirAll(dir, 0o755)
		for _, name := range []string{"initdb", "pg_ctl", "postgres"} {
			os.WriteFile(filepath.Join(dir, name), nil, 0o755)
		}
	}
	t.Setenv("PATH", t.TempDir())
	got, err := findBinDir("/nonexistent/pg_config", filepath.Join(root, "*", "bin"))
	if err != nil || got != filepath.Join(root, "16", "bin") {
		t.Errorf("got %q, %v; want the version 16 folder", got, err)
	}
}

// TestClusterKeepsItsData starts a private cluster in a fresh folder, writes
// a row, stops it, starts it again and reads the row back: a second
// `make run` reuses the cluster and its data.
func TestClusterKeepsItsData(t *testing.T) {
	ctx := context.Background()
	// Not t.TempDir(): the postgres user must be able to enter the folder.
	base, err := os.MkdirTemp("", "annals-pgcluster-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(base, 0o755)
	dir := filepath.Join(base, "pg")
	t.Cleanup(func() {
		Stop(context.Background(), dir)
		os.RemoveAll(base)
	})
	c, err := Ensure(ctx, dir, Options{Settings: TestSettings})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')`); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)

	again, err := Ensure(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if again.Port != c.Port {
		t.Errorf("a running cluster was not reused: port %d, then %d", c.Port, again.Port)
	}
	if err := Stop(ctx, dir); err != nil {
		t.Fatal(err)
	}
	restarted, err := Ensure(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	conn, err = pgx.Connect(ctx, restarted.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var v string
	if err := conn.QueryRow(ctx, `SELECT v FROM kept`).Scan(&v); err != nil || v != "still here" {
		t.Errorf("after a restart: %q, %v", v, err)
	}
	if os.Geteuid() == 0 {
		st, err := os.Stat(restarted.Dir)
		if err != nil {
			t.Fatal(err)
		}
		if st.Sys().(*syscall.Stat_t).Uid == 0 {
			t.Error("running as root, the data folder belongs to root: the server would run as root")
		}
	}
}
