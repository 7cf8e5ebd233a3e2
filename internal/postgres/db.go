// Package postgres keeps Annals' state in PostgreSQL through pgx. All SQL
// lives here (and in sql/migrations); it is parameterised, never built from
// user strings.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"annals/internal/timeline"
)

// Store reads and writes timelines, events, sources and figures.
type Store struct {
	pool *pgxpool.Pool
	// read serves public reads: a streaming replica's pool
	// (ANNALS_READ_DATABASE_URL), or pool itself.
	read *pgxpool.Pool
	// Now is the clock, injectable for tests.
	Now func() time.Time
}

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store {
	return &Store{pool: pool, read: pool, Now: time.Now}
}

// WithReadPool sends the public reads (public pages, embeds, search,
// sitemap, feeds, public exports, the read API and fingerprints) to read, a
// streaming replica's pool, and returns s. Staff reads and every write stay
// on the primary, so staff read their own writes. A nil read changes
// nothing.
func (s *Store) WithReadPool(read *pgxpool.Pool) *Store {
	if read != nil {
		s.read = read
	}
	return s
}

// Pool returns the store's connection pool.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Open connects to the database at url and checks that it answers.
func Open(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse DATABASE_URL: %w", err)
	}
	// The readers' queries take optional parameters ("@from IS NULL OR
	// ..."), which a generic plan cannot use to pick an index: after five
	// runs PostgreSQL may switch a prepared statement to one that walks
	// every event. Planned for each set of values, an event page, a window
	// or a filter starts from its keys at any size (about a millisecond of
	// planning).
	if _, ok := cfg.ConnConfig.RuntimeParams["plan_cache_mode"]; !ok {
		cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	}
	// Annals's queries are short; compiling one with JIT can take longer
	// than running it (over a second on a count the planner overrates).
	if _, ok := cfg.ConnConfig.RuntimeParams["jit"]; !ok {
		cfg.ConnConfig.RuntimeParams["jit"] = "off"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to database %s@%s:%d/%s: %w",
			cfg.ConnConfig.User, cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database, err)
	}
	return pool, nil
}

// withTx runs fn in a transaction: committed if fn returns nil, rolled back
// otherwise (and on panic), so nothing is ever half-written. Before the
// commit, the Markdown fn wrote is rendered (markdown.go).
func (s *Store) withTx(ctx context.Context, fn func(pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	if err := fn(tx); err != nil {
		return err
	}
	if err := renderMissingHTML(ctx, tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// constraintError turns a check-constraint violation into an EINVALID error
// naming the constraint, for the rare input the Go checks did not catch.
func constraintError(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		if pgErr.ConstraintName == "shown_event_cites_accepted" { // 00031: its message names the item
			return &timeline.Error{Code: timeline.EINVALID, Message: "The database refused it: " + pgErr.Message + "."}
		}
		switch pgErr.Code {
		case "23514", "23502", "23505", "23503", "22007", "22008":
			return &timeline.Error{Code: timeline.EINVALID,
				Message: fmt.Sprintf("the database refused the data (%s on %s)", pgErr.ConstraintName, pgErr.TableName)}
		}
	}
	return err
}
