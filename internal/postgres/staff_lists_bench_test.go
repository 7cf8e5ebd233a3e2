package postgres_test

import (
	"context"
	"testing"
	"time"

	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// staffListBenchData is a large staff library: 100,000 events (a tenth
// drafts, a twentieth in review, a hundredth with pending edits) on two
// timelines and eight categories, changed by three accounts; 50,000
// sources; 50,000 actors. Triggers are off while it loads.
const staffListBenchData = `
SET session_replication_role = replica;
INSERT INTO users (email, name, role, password_hash)
  SELECT 'u' || i || '@example.org', 'User ' || i, 'editor', 'x' FROM generate_series(1, 3) i;
INSERT INTO timelines (slug, title) VALUES ('bench-a', 'Benchmark A'), ('bench-b', 'Benchmark B');
INSERT INTO categories (slug, name) SELECT 'cat-' || i, 'Category ' || i FROM generate_series(1, 8) i;
INSERT INTO actors (slug, name, kind)
  SELECT 'actor-' || i,
         (ARRAY['Aung','Min','Kyaw','Thein','Soe','Zaw','Htun','Win','Myint','Hla'])[1 + i % 10] || ' ' ||
         (ARRAY['Naing','Oo','Lwin','Tun','Maung','Thant','Khin','Nyunt'])[1 + (i / 10) % 8] || ' ' ||
         (ARRAY['Battalion','Command','Council','Union','Front','Office'])[1 + (i / 80) % 6] || ' ' || i,
         (ARRAY['person','armed_force','group'])[1 + i % 3]
  FROM generate_series(1, 50000) i;
INSERT INTO sources (url, title, publisher, kind, confidential)
  SELECT 'https://example.org/source/' || i, 'Report number ' || i || ' on the situation', 'Publisher ' || (i % 40),
         (ARRAY['news','ngo_report','other'])[1 + i % 3], i % 25 = 0
  FROM generate_series(1, 50000) i;
INSERT INTO events (slug, title, start_date, start_precision, category_id, status, updated_at, updated_by)
SELECT 'ev-' || i,
       (ARRAY['Raid on', 'Arrest at', 'Strike near', 'Protest at', 'Shelling of', 'Detentions at', 'Fire in'])[1 + i % 7]
         || ' ' || (ARRAY['village', 'market', 'school', 'clinic', 'monastery', 'office', 'camp', 'bridge'])[1 + i % 8]
         || ' in ' || (ARRAY['Sagaing', 'Magway', 'Mandalay', 'Yangon', 'Bago', 'Shan', 'Kachin', 'Rakhine', 'Chin', 'Karen', 'Mon'])[1 + i % 11]
         || CASE WHEN i % 1000 = 7 THEN ', obsidian' ELSE '' END || ' (' || i || ')',
       date '1995-01-01' + (i * 11) % 11000, 'day', 1 + i % 8,
       CASE WHEN i % 10 = 3 THEN 'draft' WHEN i % 20 = 4 THEN 'in_review' ELSE 'published' END,
       timestamptz '2020-01-01' + i * interval '17 minutes', 1 + i % 3
FROM generate_series(1, 100000) i;
INSERT INTO timeline_events (timeline_id, event_id, start_date)
  SELECT CASE WHEN id % 2 = 0 THEN 1 ELSE 2 END, id, start_date FROM events;
INSERT INTO event_drafts (event_id, status, record, author_id, updated_at)
  SELECT id, CASE WHEN id % 200 = 0 THEN 'in_review' ELSE 'draft' END,
         jsonb_build_object('title', 'Edited: ' || title, 'visibility', 'public'), 1 + id % 3, updated_at + interval '1 day'
  FROM events WHERE id % 100 = 0 AND status = 'published';
INSERT INTO revisions (entity, entity_id, version, action, author, author_id, reason, record)
  SELECT 'event', id, 1, 'submit', '', 1 + id % 3, '', '{}' FROM events WHERE status = 'in_review';
SET session_replication_role = origin;
ANALYZE;
`

// BenchmarkStaffLists100k times the first page, a search and a filtered
// page of every staff list on 100,000 events, 50,000 sources and 50,000
// actors, and the editor's actor search. Run it with
// go test ./internal/postgres -run '^$' -bench StaffLists100k -benchtime 20x
func BenchmarkStaffLists100k(b *testing.B) {
	store := postgres.NewStore(pgtest.NewPool(b))
	ctx := context.Background()
	started := time.Now()
	if _, err := store.Pool().Exec(ctx, staffListBenchData); err != nil {
		b.Fatalf("generate data: %v", err)
	}
	for _, table := range []string{"events", "sources", "actors"} {
		if _, err := store.Pool().Exec(ctx, `VACUUM ANALYZE `+table); err != nil {
			b.Fatalf("vacuum: %v", err)
		}
	}
	b.Logf("generated the library in %s", time.Since(started).Round(time.Millisecond))
	var users []int64
	rows, _ := store.Pool().Query(ctx, `SELECT id FROM users ORDER BY id`)
	for rows.Next() {
		var id int64
		_ = rows.Scan(&id)
		users = append(users, id)
	}
	rows.Close()
	second, err := store.StaffEventList(ctx, timeline.StaffEventQuery{})
	if err != nil {
		b.Fatal(err)
	}
	events := []struct {
		name string
		q    timeline.StaffEventQuery
	}{
		{"events-first-page", timeline.StaffEventQuery{}},
		{"events-second-page", timeline.StaffEventQuery{After: second.Next}},
		{"events-by-title", timeline.StaffEventQuery{Sort: "title"}},
		{"events-by-date", timeline.StaffEventQuery{Sort: "date"}},
		{"events-search-rare", timeline.StaffEventQuery{Text: "obsidian"}},
		{"events-search-common", timeline.StaffEventQuery{Text: "monastery in bago"}},
		{"events-number", timeline.StaffEventQuery{Text: "#4242"}},
		{"events-drafts", timeline.StaffEventQuery{Status: timeline.StatusDraft}},
		{"events-in-review-cat-timeline", timeline.StaffEventQuery{Status: timeline.StatusInReview, Category: "cat-3", Timeline: "bench-a"}},
		{"events-dates-author", timeline.StaffEventQuery{From: "2001", To: "2002", Author: users[1]}},
		{"events-needs-my-review", timeline.StaffEventQuery{NeedsReviewBy: users[0]}},
		{"review-queue", timeline.StaffEventQuery{Status: timeline.StatusInReview}},
	}
	for _, tc := range events {
		b.Run(tc.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				page, err := store.StaffEventList(ctx, tc.q)
				if err != nil {
					b.Fatal(err)
				}
				n = len(page.Events)
			}
			b.ReportMetric(float64(n), "rows")
		})
	}
	sources := []struct {
		name string
		q    timeline.SourceQuery
	}{
		{"sources-first-page", timeline.SourceQuery{}},
		{"sources-newest", timeline.SourceQuery{Sort: "newest"}},
		{"sources-search", timeline.SourceQuery{Text: "number 4242"}},
		{"sources-confidential-news", timeline.SourceQuery{Kind: "news", Confidential: "yes"}},
	}
	for _, tc := range sources {
		b.Run(tc.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				page, err := store.SourceList(ctx, tc.q)
				if err != nil {
					b.Fatal(err)
				}
				n = len(page.Sources)
			}
			b.ReportMetric(float64(n), "rows")
		})
	}
	actors := []struct {
		name string
		q    timeline.CatalogQuery
	}{
		{"actors-first-page", timeline.CatalogQuery{}},
		{"actors-search", timeline.CatalogQuery{Text: "Kyaw Lwin Council 1234"}},
		{"actors-kind", timeline.CatalogQuery{Kind: "armed_force", Text: "battalion"}},
		{"actor-picker", timeline.CatalogQuery{Text: "lwin council", Limit: 20}},
	}
	for _, tc := range actors {
		b.Run(tc.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				page, err := store.FindCatalog(ctx, "actor", tc.q)
				if err != nil {
					b.Fatal(err)
				}
				n = len(page.Items)
			}
			b.ReportMetric(float64(n), "rows")
		})
	}
}
