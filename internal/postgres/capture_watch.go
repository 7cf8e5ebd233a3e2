package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"annals/internal/capture"
)

// WatchTargets returns every public source with a URL (the rule of
// PublicSource) and the text hash of its last successful capture.
func (s *Store) WatchTargets(ctx context.Context) ([]capture.Target, error) {
	rows, err := s.pool.Query(ctx, `
SELECT s.id, s.url,
  (SELECT c.text_sha256 FROM captures c WHERE c.source_id = s.id AND c.ok AND c.requested_url = s.url ORDER BY c.id DESC LIMIT 1)
FROM sources s
WHERE s.url <> '' AND NOT s.confidential
  AND s.id IN (SELECT p.source_id FROM (`+publicSourceUses+`) p)
ORDER BY s.id`)
	if err != nil {
		return nil, fmt.Errorf("list the sources to recheck: %w", err)
	}
	var out []capture.Target
	var t capture.Target
	if _, err := pgx.ForEachRow(rows, []any{&t.SourceID, &t.URL, &t.TextSHA256}, func() error {
		out = append(out, t)
		t = capture.Target{}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("list the sources to recheck: %w", err)
	}
	return out, nil
}

// RecordCheck keeps the watch's latest finding for a source.
func (s *Store) RecordCheck(ctx context.Context, c capture.Check) error {
	if _, err := s.pool.Exec(ctx, `
INSERT INTO source_checks (source_id, checked_at, http_status, risk, detail, text_sha256)
SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM sources WHERE id = $1)
ON CONFLICT (source_id) DO UPDATE SET checked_at = EXCLUDED.checked_at, http_status = EXCLUDED.http_status,
  risk = EXCLUDED.risk, detail = EXCLUDED.detail, text_sha256 = EXCLUDED.text_sha256`,
		c.SourceID, c.At, nullInt(c.HTTPStatus), c.Risk, c.Detail, c.TextSHA256); err != nil {
		return fmt.Errorf("record the recheck of source %d: %w", c.SourceID, err)
	}
	return nil
}
