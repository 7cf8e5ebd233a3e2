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
	var id int64
	var all int
	err := s.read.QueryRow(ctx, `
SELECT t.id, coalesce(v.source_count, 0) FROM timelines t LEFT JOIN timeline_versions v ON v.timeline_id = t.id
WHERE t.slug = $1 AND t.visibility = 'public'`, slug).Scan(&id, &all)
	if errors.Is(err, pgx.ErrNoRows) {
		return map[int64]int{}, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("number the sources of %q: %w", slug, err)
	}
	// The numbers of some sources are looked up one by one in the primary
	// key: a large timeline's numbers all share its id, and a join would
	// read every one of them (0.7 ms at 10,000 sources) to find a page's
	// fifty.
	query := `
SELECT x.id, (SELECT cn.n FROM citation_numbers cn WHERE cn.timeline_id = $1 AND cn.source_id = x.id)
FROM unnest($2::bigint[]) AS x(id)`
	args := []any{id, ids}
	if ids == nil {
		query, args = `SELECT source_id, n FROM citation_numbers WHERE timeline_id = $1`, []any{id}
	}
	rows, err := s.read.Query(ctx, query, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("number the sources of %q: %w", slug, err)
	}
	defer rows.Close()
	numbers := map[int64]int{}
	for rows.Next() {
		var source int64
		var n *int // none for a source the timeline does not number
		if err := rows.Scan(&source, &n); err != nil {
			return nil, 0, fmt.Errorf("read a source number of %q: %w", slug, err)
		}
		if n != nil {
			numbers[source] = *n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("number the sources of %q: %w", slug, err)
	}
	return numbers, all, nil
}
