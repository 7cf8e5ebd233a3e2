package postgres_test

import (
	"context"
	"strings"
	"testing"

	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
)

// citationBenchData is one public timeline of 100,000 events (10% drafts),
// two citations each from 20,000 sources, and a figure on one event in five.
const citationBenchData = `
SET session_replication_role = replica;
INSERT INTO timelines (slug, title) VALUES ('bench', 'Benchmark');
INSERT INTO categories (slug, name) VALUES ('cat', 'Category');
INSERT INTO sources (url, title, confidential)
  SELECT 'https://example.org/source/' || i, 'Report ' || i, i % 25 = 0 FROM generate_series(1, 20000) i;
INSERT INTO events (slug, title, start_date, start_precision, category_id, status)
  SELECT 'ev-' || i, 'Event ' || i, date '1995-01-01' + (i * 11) % 11000, 'day', 1,
         CASE WHEN i % 10 = 3 THEN 'draft' ELSE 'published' END
  FROM generate_series(1, 100000) i;
INSERT INTO timeline_events (timeline_id, event_id, start_date) SELECT 1, id, start_date FROM events;
INSERT INTO event_sources (event_id, source_id, position)
  SELECT id, 1 + id % 20000, 0 FROM events
  UNION ALL SELECT id, 1 + (id * 3 + 1) % 20000, 1 FROM events WHERE (id * 3 + 1) % 20000 <> id % 20000;
INSERT INTO figures (event_id, metric, value, qualifier, scope, as_of_date, as_of_precision, source_id)
  SELECT id, 'killed', id % 50, 'exact', 'event', start_date, 'day', 1 + (id * 7) % 20000 FROM events WHERE id % 5 = 0;
SET session_replication_role = origin;
ANALYZE;
`

// BenchmarkCitationNumbers100k reads the numbers of fifty sources of a
// 100,000-event timeline, as every public page of it does; they are kept
// at write time. BenchmarkRefreshTimelineState100k is that write-time work,
// paid once by each transaction that changes what the timeline shows. Run
// them with
// go test ./internal/postgres -run '^$' -bench 'CitationNumbers100k|RefreshTimelineState100k' -benchtime 5x
func BenchmarkCitationNumbers100k(b *testing.B) {
	store := postgres.NewStore(pgtest.NewPool(b))
	ctx := context.Background()
	if _, err := store.Pool().Exec(ctx, citationBenchData+`SELECT refresh_timeline_state(1);`); err != nil {
		b.Fatalf("generate data: %v", err)
	}
	// A page's sources: fifty of them.
	ids := make([]int64, 50)
	for i := range ids {
		ids[i] = int64(1 + i*397)
	}
	var numbers map[int64]int
	var all int
	var err error
	for b.Loop() {
		if numbers, all, err = store.CitationNumbers(ctx, "bench", ids); err != nil {
			b.Fatal(err)
		}
	}
	if len(numbers) == 0 || all < len(numbers) {
		b.Fatalf("%d numbers of %d", len(numbers), all)
	}
	b.ReportMetric(float64(all), "sources")
}

func BenchmarkRefreshTimelineState100k(b *testing.B) {
	store := postgres.NewStore(pgtest.NewPool(b))
	ctx := context.Background()
	if _, err := store.Pool().Exec(ctx, citationBenchData); err != nil {
		b.Fatalf("generate data: %v", err)
	}
	rows, err := store.Pool().Query(ctx, `EXPLAIN (ANALYZE, BUFFERS) SELECT refresh_timeline_state(1)`)
	if err == nil {
		var plan []string
		for rows.Next() {
			var line string
			if rows.Scan(&line) == nil {
				plan = append(plan, line)
			}
		}
		rows.Close()
		b.Log("\n" + strings.Join(plan, "\n"))
	}
	for b.Loop() {
		if _, err := store.Pool().Exec(ctx, `SELECT refresh_timeline_state(1)`); err != nil {
			b.Fatal(err)
		}
	}
}
