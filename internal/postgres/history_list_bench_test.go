package postgres_test

import (
	"context"
	"testing"
	"time"

	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// historyBenchData is a long record: 20,000 events on two timelines, each
// with five revisions (100,000) by three accounts over five years, with
// whole records of about a kilobyte as real revisions carry. One revision
// in 5,000 gives "obsidian" as its reason. Triggers are off while it loads.
const historyBenchData = `
SET session_replication_role = replica;
INSERT INTO users (email, name, role, password_hash)
  SELECT 'h' || i || '@example.org', 'Editor ' || i, 'editor', 'x' FROM generate_series(1, 3) i;
INSERT INTO timelines (slug, title) VALUES ('bench-a', 'Benchmark A'), ('bench-b', 'Benchmark B');
INSERT INTO categories (slug, name) VALUES ('cat', 'Category');
INSERT INTO events (slug, title, start_date, start_precision, category_id)
SELECT 'ev-' || i,
       (ARRAY['Raid on', 'Arrest at', 'Strike near', 'Protest at', 'Shelling of', 'Detentions at', 'Fire in'])[1 + i % 7]
         || ' ' || (ARRAY['village', 'market', 'school', 'clinic', 'monastery', 'office', 'camp', 'bridge'])[1 + i % 8]
         || ' in ' || (ARRAY['Sagaing', 'Magway', 'Mandalay', 'Yangon', 'Bago', 'Shan', 'Kachin', 'Rakhine', 'Chin', 'Karen', 'Mon'])[1 + i % 11]
         || ' (' || i || ')',
       date '2021-02-01' + i % 1500, 'day', 1
FROM generate_series(1, 20000) i;
INSERT INTO timeline_events (timeline_id, event_id, start_date)
  SELECT (SELECT t.id FROM timelines t WHERE t.slug = CASE WHEN e.id % 2 = 0 THEN 'bench-a' ELSE 'bench-b' END), e.id, e.start_date FROM events e;
INSERT INTO revisions (entity, entity_id, version, action, author, author_id, reason, record, created_at)
SELECT 'event', e.id, v, (ARRAY['create', 'save', 'submit', 'publish', 'save'])[v],
       u.name, u.id,
       CASE WHEN (e.id * 5 + v) % 5000 = 17 THEN 'corrected after the obsidian report'
            ELSE (ARRAY['first report', 'added sources', 'submitted', 'checked against two sources', 'fixed the place'])[v] END,
       jsonb_build_object('title', e.title, 'slug', e.slug, 'status', 'published', 'summary', repeat('Witnesses said. ', 50),
         'sources', jsonb_build_array(jsonb_build_object('url', 'https://example.org/' || e.id, 'title', 'Report ' || e.id))),
       timestamptz '2021-02-01' + (e.id * 5 + v) * interval '26 minutes'
FROM events e CROSS JOIN generate_series(1, 5) v
JOIN users u ON u.email = 'h' || (1 + (e.id + v) % 3) || '@example.org';
SET session_replication_role = origin;
`

// BenchmarkHistoryList100k times pages of the staff history list over
// 100,000 revisions: the first, the next and a deep one, searches, each
// filter and the author order. Run it with
// go test ./internal/postgres -run '^$' -bench HistoryList100k -benchtime 20x
func BenchmarkHistoryList100k(b *testing.B) {
	store := postgres.NewStore(pgtest.NewPool(b))
	ctx := context.Background()
	started := time.Now()
	if _, err := store.Pool().Exec(ctx, historyBenchData); err != nil {
		b.Fatalf("generate data: %v", err)
	}
	if _, err := store.Pool().Exec(ctx, `VACUUM ANALYZE revisions`); err != nil {
		b.Fatalf("vacuum: %v", err)
	}
	var n int
	var author int64
	if err := store.Pool().QueryRow(ctx, `SELECT count(*), (SELECT id FROM users WHERE email = 'h2@example.org') FROM revisions`).Scan(&n, &author); err != nil || n != 100000 {
		b.Fatalf("%d revisions, %v", n, err)
	}
	b.Logf("generated %d revisions in %s", n, time.Since(started).Round(time.Millisecond))
	second, err := store.RevisionList(ctx, timeline.RevisionQuery{})
	if err != nil {
		b.Fatal(err)
	}
	deep := timeline.RevisionQuery{}
	for range 200 { // page 201: 10,000 revisions in
		p, err := store.RevisionList(ctx, deep)
		if err != nil {
			b.Fatal(err)
		}
		deep.After = p.Next
	}
	for _, tc := range []struct {
		name string
		q    timeline.RevisionQuery
	}{
		{"first-page", timeline.RevisionQuery{}},
		{"second-page", timeline.RevisionQuery{After: second.Next}},
		{"page-201", deep},
		{"oldest", timeline.RevisionQuery{Sort: "oldest"}},
		{"by-author-name", timeline.RevisionQuery{Sort: "author"}},
		{"search-rare", timeline.RevisionQuery{Text: "obsidian"}},
		{"search-title", timeline.RevisionQuery{Text: "monastery in bago"}},
		{"search-one-event", timeline.RevisionQuery{Text: "(4242)"}},
		{"author", timeline.RevisionQuery{Author: author}},
		{"timeline", timeline.RevisionQuery{Timeline: "bench-a"}},
		{"published", timeline.RevisionQuery{Action: "publish"}},
		{"a-month", timeline.RevisionQuery{From: "2022-03", To: "2022-03"}},
		{"a-month-author-published", timeline.RevisionQuery{From: "2022-03", To: "2022-03", Author: author, Action: "publish"}},
		{"timeline-search", timeline.RevisionQuery{Timeline: "bench-b", Text: "shelling"}},
		{"staff-entities", timeline.RevisionQuery{Entities: []string{"event", "source", "figure", "timeline"}}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var rows int
			for b.Loop() {
				page, err := store.RevisionList(ctx, tc.q)
				if err != nil {
					b.Fatal(err)
				}
				rows = len(page.Revisions)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/page")
			b.ReportMetric(float64(rows), "rows")
		})
	}
}
