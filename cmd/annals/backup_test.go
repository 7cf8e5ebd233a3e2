package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"annals/internal/auth"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
)

// The command-line round trip: export -backup to a file, import it into an
// empty database (the same bytes come back out), refuse a full database,
// and give a restored admin a new password to sign in with.
func TestBackupCommands(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srcURL, dstURL := pgtest.NewDatabase(t), pgtest.NewDatabase(t)
	src := envOf(map[string]string{"DATABASE_URL": srcURL})
	dst := envOf(map[string]string{"DATABASE_URL": dstURL, "ANNALS_BASE_URL": "https://annals.example.org"})
	cmd := func(env func(string) string, stdin string, args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, args, env, strings.NewReader(stdin), &out, io.Discard)
		return out.String(), err
	}
	if _, err := cmd(src, "", "seed"); err != nil {
		t.Fatal(err)
	}
	if _, err := cmd(src, "the first admin's passphrase\n", "user", "add", "--email", "admin@example.org", "--role", "admin"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "annals-backup.json")
	out, err := cmd(src, "", "export", "-backup", "-o", file)
	if err != nil || !strings.Contains(out, "1 timeline, 1 user,") {
		t.Fatalf("export -backup: %q, %v", out, err)
	}
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		t.Errorf("the backup file is readable by others: %v", st.Mode())
	}
	data, _ := os.ReadFile(file)
	if _, err := cmd(src, "", "export", "-backup", "myanmar-2021"); err == nil {
		t.Error("export -backup took a timeline slug")
	}

	out, err = cmd(dst, "", "import", "-dry-run", file)
	if err != nil || !strings.Contains(out, "nothing was written") {
		t.Fatalf("dry run: %q, %v", out, err)
	}
	out, err = cmd(dst, "", "import", file)
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	for _, want := range []string{"restored backup", "no password", "annals user password --email EMAIL", "admins: admin@example.org",
		"https://annals.example.org/staff/users"} {
		if !strings.Contains(out, want) {
			t.Errorf("restore output lacks %q:\n%s", want, out)
		}
	}
	again, err := cmd(dst, "", "export", "-backup")
	if err != nil || again != string(data) {
		t.Errorf("the restored database backs up to other bytes (%d vs %d), %v", len(again), len(data), err)
	}
	if _, err := cmd(src, "", "import", file); err == nil || !strings.Contains(err.Error(), "restore needs an empty database: found 1 timeline, 1 user") {
		t.Errorf("restore into the full database: %v", err)
	}

	out, err = cmd(dst, "a new passphrase after the restore\n", "user", "password", "--email", "Admin@example.org")
	if err != nil || strings.Contains(out, "shown once") {
		t.Fatalf("user password: %q, %v", out, err)
	}
	pool, err := postgres.Open(ctx, dstURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	u, hash, err := postgres.NewStore(pool).UserForSignIn(ctx, "admin@example.org")
	if err != nil || u.Role != auth.RoleAdmin || !auth.CheckPassword("a new passphrase after the restore", hash) ||
		auth.CheckPassword("the first admin's passphrase", hash) {
		t.Errorf("after user password: %+v, %v", u, err)
	}
	if _, err := cmd(dst, "", "user", "password", "--email", "nobody@example.org"); err == nil {
		t.Error("user password for an unknown account succeeded")
	}
}
