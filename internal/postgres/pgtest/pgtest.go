// Package pgtest gives each test a database of its own, cloned from one
// migrated template database, so tests run in parallel against a real
// PostgreSQL and never see each other's rows.
//
// The server is, in order: ANNALS_TEST_DATABASE_URL, DATABASE_URL, or a
// private cluster in the project's .data/pgtest folder, started on demand.
// Only databases named annals_test_* and annals_tmpl_* are ever created or
// dropped on it.
package pgtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"annals/internal/pgcluster"
	"annals/internal/postgres"
	sqlfiles "annals/sql"
)

var (
	once     sync.Once
	server   *pgx.ConnConfig
	template string
	setupErr error
)

// ServerURL returns the URL of the test server's maintenance database,
// starting the private cluster if needed.
func ServerURL(ctx context.Context) (string, error) {
	if url := os.Getenv("ANNALS_TEST_DATABASE_URL"); url != "" {
		return url, nil
	}
	if url := os.Getenv("DATABASE_URL"); url != "" {
		return url, nil
	}
	root, err := projectRoot()
	if err != nil {
		return "", err
	}
	c, err := pgcluster.Ensure(ctx, filepath.Join(root, ".data", "pgtest"), pgcluster.Options{Settings: pgcluster.TestSettings})
	if err != nil {
		return "", err
	}
	return c.URL("postgres"), nil
}

func setup() {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	url, err := ServerURL(ctx)
	if err != nil {
		setupErr = err
		return
	}
	server, err = pgx.ParseConfig(url)
	if err != nil {
		setupErr = fmt.Errorf("parse test database URL: %w", err)
		return
	}
	template, setupErr = ensureTemplate(ctx)
}

// ensureTemplate creates a migrated template database named after a hash of
// the migrations, so a changed migration gets a fresh template.
func ensureTemplate(ctx context.Context) (string, error) {
	sum := sha256.New()
	err := fs.WalkDir(sqlfiles.Migrations, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(sqlfiles.Migrations, path)
		sum.Write([]byte(path))
		sum.Write(data)
		return err
	})
	if err != nil {
		return "", err
	}
	name := "annals_tmpl_" + hex.EncodeToString(sum.Sum(nil))[:16]

	conn, err := pgx.ConnectConfig(ctx, server)
	if err != nil {
		return "", fmt.Errorf("connect to the test server: %w", err)
	}
	defer conn.Close(ctx)
	// Test binaries of several packages start at once: one builds the
	// template while the others wait on this lock.
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(7419)`); err != nil {
		return "", fmt.Errorf("lock template: %w", err)
	}
	defer conn.Exec(context.Background(), `SELECT pg_advisory_unlock(7419)`) //nolint:errcheck
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return "", fmt.Errorf("look for template: %w", err)
	}
	if exists {
		return name, nil
	}
	building := name + "_build"
	if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+building); err != nil {
		return "", fmt.Errorf("drop half-built template: %w", err)
	}
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+building); err != nil {
		return "", fmt.Errorf("create template: %w", err)
	}
	pool, err := postgres.Open(ctx, urlFor(building))
	if err != nil {
		return "", err
	}
	_, err = postgres.Migrate(ctx, pool)
	pool.Close()
	if err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, `ALTER DATABASE `+building+` RENAME TO `+name); err != nil {
		return "", fmt.Errorf("finish template: %w", err)
	}
	return name, nil
}

func urlFor(db string) string {
	c := server.Copy()
	c.Database = db
	return fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable%s", c.User, c.Host, c.Port, db, password(c))
}

func password(c *pgx.ConnConfig) string {
	if c.Password == "" {
		return ""
	}
	return "&password=" + c.Password
}

// NewDatabase creates a fresh, migrated database for t and returns its URL.
// It is dropped when the test ends, or kept (and logged) if the test failed.
func NewDatabase(t testing.TB) string {
	t.Helper()
	once.Do(setup)
	if setupErr != nil {
		t.Fatalf("test database: %v", setupErr)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "annals_test_" + hex.EncodeToString(b)
	ctx := context.Background()
	conn, err := pgx.ConnectConfig(ctx, server)
	if err != nil {
		t.Fatalf("connect to the test server: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE `+template); err != nil {
		t.Fatalf("clone template: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("kept test database %s for inspection", name)
			return
		}
		conn, err := pgx.ConnectConfig(context.Background(), server)
		if err != nil {
			return
		}
		defer conn.Close(context.Background())
		conn.Exec(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`) //nolint:errcheck
	})
	return urlFor(name)
}

// NewPool returns a pool on a fresh database for t, closed when t ends.
func NewPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, err := postgres.Open(context.Background(), NewDatabase(t))
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func projectRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("cannot find the project root (go.mod) above the working directory")
		}
		dir = parent
	}
}
