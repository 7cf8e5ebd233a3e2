package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// PublicPlaceCounts returns the places with coordinates of the published,
// public events of a public timeline that match f, each with how many of
// them happened there (kept at write time for the whole timeline and its
// categories, one GROUP BY over the matching events otherwise), the busiest
// timeline.MaxMapPlaces places only (then by name, for a stable order).
func (s *Store) PublicPlaceCounts(ctx context.Context, slug string, f timeline.Filter) ([]timeline.PlaceCount, error) {
	t, err := s.publicTimeline(ctx, slug)
	if err != nil {
		return nil, err
	}
	args := filterArgs(t.ID, f)
	args["max_places"] = timeline.MaxMapPlaces
	if args["from_bound"], err = publicFromBound(ctx, s.read, t.ID, f); err != nil {
		return nil, err
	}
	counted := `
SELECT e.place_id, count(*)::int AS count
FROM timeline_events te JOIN events e ON e.id = te.event_id
JOIN categories c ON c.id = e.category_id
WHERE te.timeline_id = @timeline AND e.visibility = 'public' AND e.status = 'published'
  AND e.place_id IS NOT NULL
  AND ` + filterSQL + ` AND ` + publicFromSQL + `
GROUP BY e.place_id`
	if len(f.Actors) == 0 && len(f.Places) == 0 && f.From.IsZero() && f.To.IsZero() {
		// The whole timeline or some of its categories: counted at
		// write time (migration 00016).
		counted = `
SELECT pc.place_id, sum(pc.count)::int AS count
FROM timeline_place_counts pc JOIN categories c ON c.id = pc.category_id
WHERE pc.timeline_id = @timeline AND (cardinality(@categories::text[]) = 0 OR c.slug = ANY(@categories))
GROUP BY pc.place_id`
	}
	rows, err := s.read.Query(ctx, `
SELECT p.id, p.name, p.country, p.lat, p.lon, n.count
FROM (`+counted+`) n
JOIN places p ON p.id = n.place_id
WHERE p.lat IS NOT NULL
ORDER BY n.count DESC, p.name, p.id
LIMIT @max_places`, args)
	if err != nil {
		return nil, fmt.Errorf("count the places of %q: %w", slug, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (timeline.PlaceCount, error) {
		var p timeline.PlaceCount
		err := r.Scan(&p.ID, &p.Name, &p.Country, &p.Lat, &p.Lon, &p.Count)
		return p, err
	})
	if err != nil {
		return nil, fmt.Errorf("read the places of %q: %w", slug, err)
	}
	return out, nil
}
