package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	sqlfiles "annals/sql"
)

func migrationProvider(pool *pgxpool.Pool) (*goose.Provider, *sql.DB, error) {
	db := stdlib.OpenDBFromPool(pool)
	migrations, err := fs.Sub(sqlfiles.Migrations, "migrations")
	if err != nil {
		return nil, nil, fmt.Errorf("open embedded migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations)
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("load migrations: %w", err)
	}
	return p, db, nil
}

// Migrate applies every pending migration and returns how many it applied.
func Migrate(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	p, db, err := migrationProvider(pool)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	results, err := p.Up(ctx)
	if err != nil {
		return len(results), fmt.Errorf("apply migrations: %w", err)
	}
	// River's own tables (the job queue of captures), by River's migrator.
	if err := migrateRiver(ctx, pool); err != nil {
		return len(results), err
	}
	// Revisions from before the record's chain are hashed once, here.
	if err := SealChain(ctx, pool); err != nil {
		return len(results), err
	}
	// Markdown without HTML, or with HTML another renderer made, is
	// rendered now, before anyone reads it.
	if _, err := RenderMarkdown(ctx, pool); err != nil {
		return len(results), err
	}
	return len(results), nil
}

// migrateRiver applies River's migrations (rivermigrate): its tables are
// River's to shape, so they are not copied into sql/migrations.
func migrateRiver(ctx context.Context, pool *pgxpool.Pool) error {
	m, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("apply river migrations: %w", err)
	}
	return nil
}

// MigrationsPending reports whether the database lacks any migration this
// binary knows, which /readyz reports as not ready.
func MigrationsPending(ctx context.Context, pool *pgxpool.Pool) (bool, error) {
	p, db, err := migrationProvider(pool)
	if err != nil {
		return false, err
	}
	defer db.Close()
	pending, err := p.HasPending(ctx)
	if err != nil {
		return false, fmt.Errorf("check migrations: %w", err)
	}
	return pending, nil
}

// Ready reports whether the database answers and has every migration.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	pending, err := MigrationsPending(ctx, s.pool)
	if err != nil {
		return err
	}
	if pending {
		return fmt.Errorf("database migrations are not current: run annals migrate")
	}
	return nil
}
