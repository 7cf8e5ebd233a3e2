package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// Categories lists every category, by name.
func (s *Store) Categories(ctx context.Context) ([]timeline.Category, error) {
	rows, err := s.pool.Query(ctx, `SELECT slug, name FROM categories ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[timeline.Category])
	if err != nil {
		return nil, fmt.Errorf("read categories: %w", err)
	}
	return out, nil
}

// SaveCategory creates a category or renames the one with its slug.
func (s *Store) SaveCategory(ctx context.Context, c timeline.Category) error {
	if err := c.Validate(); err != nil {
		return stripItem(err)
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		_, err := upsertCategory(ctx, tx, c)
		return err
	})
}

// Actors lists every actor, by name.
func (s *Store) Actors(ctx context.Context) ([]timeline.Actor, error) {
	rows, err := s.pool.Query(ctx, `SELECT slug, name, kind, note FROM actors ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list actors: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[timeline.Actor])
	if err != nil {
		return nil, fmt.Errorf("read actors: %w", err)
	}
	return out, nil
}

// SaveActor creates an actor or updates the one with its slug.
func (s *Store) SaveActor(ctx context.Context, a timeline.Actor) error {
	if err := a.Validate(); err != nil {
		return stripItem(err)
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		_, err := upsertActor(ctx, tx, a)
		return err
	})
}

// AllTimelines lists every timeline, public or internal, by title.
func (s *Store) AllTimelines(ctx context.Context) ([]timeline.Timeline, error) {
	rows, err := s.pool.Query(ctx, `
SELECT id, slug, title, summary, language, visibility, updated_at FROM timelines ORDER BY title`)
	if err != nil {
		return nil, fmt.Errorf("list timelines: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[timeline.Timeline])
	if err != nil {
		return nil, fmt.Errorf("read timelines: %w", err)
	}
	return out, nil
}

// SaveTimeline creates a timeline or updates the one with its slug.
func (s *Store) SaveTimeline(ctx context.Context, t timeline.Timeline) error {
	if err := t.Validate(); err != nil {
		return stripItem(err)
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		_, err := upsertTimeline(ctx, tx, t)
		return err
	})
}
