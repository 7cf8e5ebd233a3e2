package postgres

import (
	"context"
	"fmt"
)

// CitationNumbers returns the number of every source cited on the public
// timeline slug (source id -> number, from 1), the same on every public
// page of the timeline whatever it shows. The numbers are kept at write
// time (migration 00016's citation_numbers: the order of first citation
// over the timeline's published and retracted public events, in timeline
// order, citations before figures' sources), so drafts, internal events
// and pending edits never move one. An unknown or internal timeline has no
// numbers (its pages are not found anyway).
func (s *Store) CitationNumbers(ctx context.Context, slug string) (map[int64]int, error) {
	rows, err := s.read.Query(ctx, `
SELECT cn.source_id, cn.n
FROM timelines t JOIN citation_numbers cn ON cn.timeline_id = t.id
WHERE t.slug = $1 AND t.visibility = 'public'`, slug)
	if err != nil {
		return nil, fmt.Errorf("number the sources of %q: %w", slug, err)
	}
	defer rows.Close()
	numbers := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("read a source number of %q: %w", slug, err)
		}
		numbers[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("number the sources of %q: %w", slug, err)
	}
	return numbers, nil
}
