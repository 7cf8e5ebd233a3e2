package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// CitationNumbers returns the numbers of the sources ids (nil: every
// source) cited on the public timeline slug (source id -> number, from 1),
// the same on every public page of the timeline whatever it shows, and how
// many sources the timeline numbers in all. The numbers are kept at write
// time (migration 00016's citation_numbers: the order of first citation
// over the timeline's published and retracted public events, in timeline
// order, citations before figures' sources), so drafts, internal events
// and pending edits never move one. An unknown or internal timeline has no
// numbers (its pages are not found anyway).
func (s *Store) CitationNumbers(ctx context.Context, slug string, ids []int64) (map[int64]int, int, error) {
	var all int
	err := s.read.QueryRow(ctx, `
SELECT coalesce(v.source_count, 0) FROM timelines t LEFT JOIN timeline_versions v ON v.timeline_id = t.id
WHERE t.slug = $1 AND t.visibility = 'public'`, slug).Scan(&all)
	if errors.Is(err, pgx.ErrNoRows) {
		return map[int64]int{}, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("number the sources of %q: %w", slug, err)
	}
	rows, err := s.read.Query(ctx, `
SELECT cn.source_id, cn.n
FROM timelines t JOIN citation_numbers cn ON cn.timeline_id = t.id
WHERE t.slug = $1 AND t.visibility = 'public' AND ($2::bigint[] IS NULL OR cn.source_id = ANY($2))`, slug, ids)
	if err != nil {
		return nil, 0, fmt.Errorf("number the sources of %q: %w", slug, err)
	}
	defer rows.Close()
	numbers := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, 0, fmt.Errorf("read a source number of %q: %w", slug, err)
		}
		numbers[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("number the sources of %q: %w", slug, err)
	}
	return numbers, all, nil
}
