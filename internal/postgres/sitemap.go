package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// The sitemap is cut into files by key ranges (timeline.SitemapFile), so
// each file is read with one range scan of a primary key, a file's contents
// change only when one of its own pages does, and no file holds more than
// size URLs: one URL per key. The keys are the timeline's id for the pages
// files (the home page is key 0), the event's id within one timeline's
// files, and the source's id. File n holds the keys from
// (n-1)*size+first to n*size-1+first, where first is the kind's first key.

// sitemapFirstKey is the first key of a kind: 0 for the pages (the home
// page), 1 for ids.
func sitemapFirstKey(kind string) int64 {
	if kind == "pages" {
		return 0
	}
	return 1
}

// publicSourcesIn selects the id and updated_at of the public sources with
// ids from @lo to @hi: not confidential, and cited (as a citation or as the
// source of a figure) by a published public event on a public timeline, the
// rule of PublicSource. It starts from the citations in the range: the two
// paths are read once each (UNION ALL), matched against the public events
// in one semi-join, and each source found is then looked up by its key, so
// the cost follows the number of citations even under a generic plan
// (testing each source for citations, EXISTS ... OR EXISTS, rescans them
// once per source).
const publicSourcesIn = `
SELECT s.id, s.updated_at
FROM (SELECT DISTINCT u.source_id
      FROM (SELECT event_id, source_id FROM event_sources WHERE source_id BETWEEN @lo AND @hi
            UNION ALL
            SELECT event_id, source_id FROM figures WHERE source_id BETWEEN @lo AND @hi) u
      WHERE u.event_id IN (
        SELECT te.event_id FROM timeline_events te
        JOIN timelines t ON t.id = te.timeline_id
        JOIN events e ON e.id = te.event_id
        WHERE t.visibility = 'public' AND e.status = 'published' AND e.visibility = 'public')) used
JOIN sources s ON s.id = used.source_id
WHERE NOT s.confidential`

// SitemapIndex lists the sitemap files with pages in them, files of at
// most size pages, each with when what it lists last changed for the public
// (the public versions of the timelines it shows). There is
// always a first pages file: it holds the home page.
func (s *Store) SitemapIndex(ctx context.Context, size int) ([]timeline.SitemapFile, error) {
	if size < 1 {
		return nil, fmt.Errorf("sitemap: file size %d", size)
	}
	// Which files have pages is found per file, by the first page in its
	// key range (an index probe; the rule is publicSourcesIn's, asked
	// only whether one exists); when a file changed is the public
	// version's time of the timelines it shows (migration 00016): no
	// query reads every event or source.
	rows, err := s.read.Query(ctx, `
SELECT 'pages', '', n, max(updated_at) FROM (
  SELECT 1 AS n, NULL::timestamptz AS updated_at
  UNION ALL
  SELECT id / @size + 1, updated_at FROM timelines WHERE visibility = 'public') p
GROUP BY n
UNION ALL
SELECT 'events', t.slug, b.n, v.changed_at
FROM timelines t JOIN timeline_versions v ON v.timeline_id = t.id
CROSS JOIN LATERAL generate_series(1, (SELECT (max(te.event_id) - 1) / @size + 1 FROM timeline_events te
                                       WHERE te.timeline_id = t.id)) b(n)
CROSS JOIN LATERAL (SELECT 1 FROM timeline_events te JOIN events e ON e.id = te.event_id
                    WHERE te.timeline_id = t.id AND te.event_id BETWEEN (b.n - 1) * @size + 1 AND b.n * @size
                      AND e.status = 'published' AND e.visibility = 'public'
                    LIMIT 1) hit
WHERE t.visibility = 'public' AND v.event_count > 0
UNION ALL
SELECT 'sources', '', b.n, (SELECT max(v.changed_at) FROM timelines t JOIN timeline_versions v ON v.timeline_id = t.id
                            WHERE t.visibility = 'public')
FROM (SELECT n, (n - 1) * @size + 1 AS lo, n * @size AS hi
      FROM generate_series(1, (SELECT (max(id) - 1) / @size + 1 FROM sources)) n) b
CROSS JOIN LATERAL (
  SELECT 1 FROM (
    (SELECT 1 FROM sources s JOIN event_sources es ON es.source_id = s.id
     JOIN events e ON e.id = es.event_id JOIN timeline_events te ON te.event_id = e.id
     JOIN timelines t ON t.id = te.timeline_id
     WHERE s.id BETWEEN b.lo AND b.hi AND NOT s.confidential AND t.visibility = 'public'
       AND e.status = 'published' AND e.visibility = 'public' LIMIT 1)
    UNION ALL
    (SELECT 1 FROM sources s JOIN figures f ON f.source_id = s.id
     JOIN events e ON e.id = f.event_id JOIN timeline_events te ON te.event_id = e.id
     JOIN timelines t ON t.id = te.timeline_id
     WHERE s.id BETWEEN b.lo AND b.hi AND NOT s.confidential AND t.visibility = 'public'
       AND e.status = 'published' AND e.visibility = 'public' LIMIT 1)) found
  LIMIT 1) hit
ORDER BY 1, 2, 3`, pgx.QueryExecModeDescribeExec, pgx.NamedArgs{"size": size})
	if err != nil {
		return nil, fmt.Errorf("list sitemap files: %w", err)
	}
	files, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (timeline.SitemapFile, error) {
		var f timeline.SitemapFile
		var updated *time.Time
		err := r.Scan(&f.Kind, &f.Timeline, &f.Number, &updated)
		if updated != nil {
			f.Updated = *updated
		}
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("read sitemap files: %w", err)
	}
	return files, nil
}

// SitemapFile calls each with every page of file f (files of size pages),
// in key order, as the rows are read: public timelines (and the home page,
// in the first pages file), the permalinks of the published public events
// of one public timeline, or the public sources (the rule of PublicSource).
// Nothing else: no drafts, no internal timelines or events, no
// confidential sources. A file with no pages calls each not at all.
func (s *Store) SitemapFile(ctx context.Context, f timeline.SitemapFile, size int, each func(timeline.SitemapEntry) error) error {
	if size < 1 || f.Number < 1 {
		return nil
	}
	first := sitemapFirstKey(f.Kind)
	lo := int64(f.Number-1)*int64(size) + first
	args := pgx.NamedArgs{"lo": lo, "hi": lo + int64(size) - 1, "timeline": f.Timeline}
	var query string
	switch f.Kind {
	case "pages":
		// The home page lists the public timelines: it changed when the
		// latest of them did.
		query = `
SELECT '' AS timeline, (SELECT max(updated_at) FROM timelines WHERE visibility = 'public'), 0::bigint AS key
WHERE @lo = 0
UNION ALL
SELECT slug, updated_at, id FROM timelines
WHERE id BETWEEN @lo AND @hi AND visibility = 'public'
ORDER BY key`
	case "events":
		query = `
SELECT e.slug, e.updated_at
FROM timelines t
JOIN timeline_events te ON te.timeline_id = t.id
JOIN events e ON e.id = te.event_id
WHERE t.slug = @timeline AND t.visibility = 'public' AND te.event_id BETWEEN @lo AND @hi
  AND e.status = 'published' AND e.visibility = 'public'
ORDER BY te.event_id`
	case "sources":
		query = `SELECT '', s.updated_at, s.id FROM (` + publicSourcesIn + `) s ORDER BY s.id`
	default:
		return nil
	}
	// Planned for these very values (an unnamed statement): a cached
	// generic plan does not know how wide the range is.
	rows, err := s.read.Query(ctx, query, pgx.QueryExecModeDescribeExec, args)
	if err != nil {
		return fmt.Errorf("list sitemap file %s-%d: %w", f.Kind, f.Number, err)
	}
	defer rows.Close()
	for rows.Next() {
		var e timeline.SitemapEntry
		var updated *time.Time
		var slug string
		var key int64
		switch f.Kind {
		case "events":
			err = rows.Scan(&slug, &updated)
			e.TimelineSlug, e.EventSlug = f.Timeline, slug
		case "sources":
			err = rows.Scan(&slug, &updated, &e.SourceID)
		default:
			err = rows.Scan(&e.TimelineSlug, &updated, &key)
		}
		if err != nil {
			return fmt.Errorf("read sitemap file %s-%d: %w", f.Kind, f.Number, err)
		}
		if updated != nil {
			e.Updated = *updated
		}
		if err := each(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read sitemap file %s-%d: %w", f.Kind, f.Number, err)
	}
	return nil
}
