package main

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"

	"annals/internal/auth"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
)

// The first admin is made from the command line, with a password from
// standard input or generated and printed once.
func TestUserAdd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbURL := pgtest.NewDatabase(t)
	env := envOf(map[string]string{"DATABASE_URL": dbURL})
	var out bytes.Buffer
	err := run(ctx, []string{"user", "add", "--email", "Admin@Example.org", "--role", "admin", "--name", "Daw Su"}, env,
		strings.NewReader("a long enough passphrase\n"), &out, io.Discard)
	if err != nil {
		t.Fatalf("user add: %v", err)
	}
	if strings.Contains(out.String(), "password") {
		t.Errorf("a password read from standard input was printed:\n%s", out.String())
	}

	out.Reset()
	if err := run(ctx, []string{"user", "add", "--email", "ko@example.org", "--role", "reviewer"}, env,
		strings.NewReader(""), &out, io.Discard); err != nil {
		t.Fatalf("user add with a generated password: %v", err)
	}
	m := regexp.MustCompile(`password \(shown once\): (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no generated password printed:\n%s", out.String())
	}

	pool, err := postgres.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	store := postgres.NewStore(pool)
	for email, password := range map[string]string{"admin@example.org": "a long enough passphrase", "ko@example.org": m[1]} {
		u, hash, err := store.UserForSignIn(ctx, email)
		if err != nil {
			t.Fatalf("%s: %v", email, err)
		}
		if !auth.CheckPassword(password, hash) {
			t.Errorf("%s cannot sign in with the password given", email)
		}
		if email == "admin@example.org" && (u.Role != auth.RoleAdmin || u.Name != "Daw Su") {
			t.Errorf("admin stored as %+v", u)
		}
	}

	for _, bad := range [][]string{
		{"user", "add", "--email", "x@example.org", "--role", "owner"},
		{"user", "add", "--email", "admin@example.org", "--role", "editor"},
		{"user", "add", "--role", "editor"},
	} {
		if err := run(ctx, bad, env, strings.NewReader("another long passphrase\n"), io.Discard, io.Discard); err == nil {
			t.Errorf("%v: accepted", bad)
		}
	}
	if err := run(ctx, []string{"user", "add", "--email", "y@example.org", "--role", "editor"}, env,
		strings.NewReader("short\n"), io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "at least 12") {
		t.Errorf("a short password: %v", err)
	}
}
