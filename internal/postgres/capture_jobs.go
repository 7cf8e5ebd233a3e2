package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"annals/internal/capture"
)

// CaptureJobs returns the newest capture jobs from River's table: queued,
// running, waiting to retry (with the last error), done or failed (with
// the reason stored on their capture).
func (s *Store) CaptureJobs(ctx context.Context, limit int) ([]capture.Job, error) {
	rows, err := s.pool.Query(ctx, `
SELECT j.id, j.state::text, j.attempt, j.max_attempts, coalesce((j.args->>'source_id')::bigint, 0), coalesce(j.args->>'url', ''),
  j.created_at, coalesce(j.errors[array_length(j.errors, 1)]->>'error', ''),
  coalesce((SELECT c.failure FROM captures c WHERE c.source_id = (j.args->>'source_id')::bigint
    AND c.requested_url = j.args->>'url' AND c.captured_at >= j.created_at ORDER BY c.id LIMIT 1), '')
FROM river_job j WHERE j.kind = 'capture'
ORDER BY j.id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("read capture jobs: %w", err)
	}
	var out []capture.Job
	var j capture.Job
	if _, err := pgx.ForEachRow(rows, []any{&j.ID, &j.State, &j.Attempt, &j.MaxAttempts, &j.SourceID, &j.URL, &j.CreatedAt,
		&j.LastError, &j.Failure}, func() error {
		out = append(out, j)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read capture jobs: %w", err)
	}
	return out, nil
}
