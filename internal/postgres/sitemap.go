package postgres

import (
	"annals/internal/timeline"
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Sitemap lists every public page worth indexing: public timelines, the
// permalink of each published public event on each public timeline, and
// each public source cited by one of them (publicSourceUses, the rule of
// PublicSource). Nothing else: no drafts, no internal timelines or
// events, no confidential sources.
func (s *Store) Sitemap(ctx context.Context) ([]timeline.SitemapEntry, error) {
	rows, err := s.read.Query(ctx, `
SELECT t.slug, '' AS event, 0::bigint AS source, t.updated_at
FROM timelines t WHERE t.visibility = 'public'
UNION ALL
SELECT t.slug, e.slug, 0, e.updated_at
FROM timelines t
JOIN timeline_events te ON te.timeline_id = t.id
JOIN events e ON e.id = te.event_id
WHERE t.visibility = 'public' AND e.visibility = 'public' AND e.status = 'published'
UNION ALL
SELECT '', '', s.id, s.updated_at
FROM sources s
WHERE NOT s.confidential AND s.id IN (SELECT p.source_id FROM (`+publicSourceUses+`) p)
ORDER BY 1, 2, 3`)
	if err != nil {
		return nil, fmt.Errorf("list public pages: %w", err)
	}
	entries, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (timeline.SitemapEntry, error) {
		var e timeline.SitemapEntry
		err := r.Scan(&e.TimelineSlug, &e.EventSlug, &e.SourceID, &e.Updated)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("read public pages: %w", err)
	}
	return entries, nil
}
