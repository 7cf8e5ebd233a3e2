package postgres_test

import (
	"context"
	"testing"
	"time"

	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// benchData fills a fresh database with 100,000 events (10% drafts) on two
// public timelines: English summaries of 30 words from a 120-word
// vocabulary, Burmese text in one event in ten, two actors and two sources
// each. Triggers are off while it loads; the search documents are then
// built in one statement, as the migration does for existing rows.
// Loading takes a minute or two; the timings are of Search alone.
const benchData = `
SET session_replication_role = replica;
INSERT INTO timelines (slug, title) VALUES ('bench-a', 'Benchmark A'), ('bench-b', 'Benchmark B');
INSERT INTO categories (slug, name) SELECT 'cat-' || i, 'Category ' || i FROM generate_series(1, 8) i;
INSERT INTO actors (slug, name)
  SELECT 'actor-' || i,
         (ARRAY['Aung','Min','Kyaw','Thein','Soe','Zaw','Htun','Win','Myint','Hla'])[1 + i % 10] || ' ' ||
         (ARRAY['Naing','Oo','Lwin','Tun','Maung','Thant','Khin','Nyunt'])[1 + (i / 10) % 8] || ' ' ||
         (ARRAY['Battalion','Command','Council','Union','Front','Office'])[1 + (i / 80) % 6] || ' ' || i
  FROM generate_series(1, 500) i;
INSERT INTO places (name, country) SELECT 'Township ' || i, 'MM' FROM generate_series(1, 300) i;
INSERT INTO sources (url, title, publisher, confidential)
  SELECT 'https://example.org/source/' || i, 'Report number ' || i || ' on the situation', 'Publisher ' || (i % 40), i % 25 = 0
  FROM generate_series(1, 20000) i;
WITH vocab AS (SELECT ARRAY['military','protest','protesters','arrested','killed','detained','village','burned',
  'soldiers','police','crowd','fired','statement','council','sanctions','embargo','arms','delivery','aircraft',
  'helicopter','airstrike','school','clinic','monastery','journalist','lawyer','student','teacher','doctor',
  'strike','workers','factory','border','refugees','displaced','camp','aid','convoy','checkpoint','curfew',
  'internet','shutdown','court','sentence','prison','torture','election','fraud','party','leader','general',
  'junta','resistance','forces','ethnic','armed','group','ceasefire','talks','envoy','report','evidence',
  'witness','testimony','video','photo','satellite','images','fire','houses','night','morning','township',
  'district','region','state','capital','city','road','bridge','river','hills','forest','mine','jade',
  'gas','oil','bank','company','shares','export','import','fuel','jet','missile','rifle','ammunition',
  'drone','raid','search','operation','offensive','attack','ambush','clash','battle','casualties','wounded',
  'injured','missing','bodies','funeral','families','children','women','elderly','monks','nurses','volunteers',
  'donations','relief'] AS w)
INSERT INTO events (slug, title, summary, start_date, start_precision, category_id, place_id, status, visibility)
SELECT 'ev-' || i,
       initcap(w[1 + (i * 7) % 120]) || ' ' || w[1 + (i * 13) % 120] || ' in township ' || (i % 300),
       (SELECT string_agg(w[1 + ((i * 31 + j * 17 + (i * j) % 13) % 120)], ' ') FROM generate_series(1, 30) j)
         || CASE WHEN i % 10 = 0 THEN ' စစ်ကောင်စီက ရန်ကုန်မြို့တွင် ဆန္ဒပြသူများကို ဖမ်းဆီးခဲ့သည်။' ELSE '' END
         || CASE WHEN i % 50 = 0 THEN ' စစ်ကောင်စီက နေပြည်တော်တွင် အစည်းအဝေးကျင်းပခဲ့သည်။' ELSE '' END
         || CASE WHEN i % 100 = 0 THEN ' The meeting was held in Naypyitaw.' ELSE '' END,
       date '1995-01-01' + (i * 11) % 11000, 'day', 1 + i % 8, 1 + i % 300,
       CASE WHEN i % 10 = 3 THEN 'draft' ELSE 'published' END, 'public'
FROM vocab, generate_series(1, 100000) i;
INSERT INTO timeline_events (timeline_id, event_id, start_date)
  SELECT CASE WHEN id % 2 = 0 THEN 1 ELSE 2 END, id, start_date FROM events;
INSERT INTO event_actors (event_id, actor_id, position)
  SELECT id, 1 + id % 500, 0 FROM events
  UNION ALL SELECT id, 1 + (id * 7 + 3) % 500, 1 FROM events WHERE (id * 7 + 3) % 500 <> id % 500;
INSERT INTO event_sources (event_id, source_id, position)
  SELECT id, 1 + id % 20000, 0 FROM events
  UNION ALL SELECT id, 1 + (id * 3 + 1) % 20000, 1 FROM events WHERE (id * 3 + 1) % 20000 <> id % 20000;
SET session_replication_role = origin;
-- Statistics first: planned against empty-table statistics, the document
-- function scans event_actors and event_sources whole for every event.
ANALYZE;
INSERT INTO event_search (event_id, document, words)
  SELECT id, lower(d), to_tsvector('english', d) FROM (SELECT id, event_search_document(id) AS d FROM events) docs;
ANALYZE;
`

// BenchmarkSearch100k measures a whole search (matching, one page of 50
// events with their actors, sources and figures, and the facet counts) on
// 100,000 events. Run it with `make bench` or
// go test ./internal/postgres -run '^$' -bench Search100k -benchtime 20x
func BenchmarkSearch100k(b *testing.B) {
	store := postgres.NewStore(pgtest.NewPool(b))
	ctx := context.Background()
	started := time.Now()
	if _, err := store.Pool().Exec(ctx, benchData); err != nil {
		b.Fatalf("generate data: %v", err)
	}
	// What autovacuum does after a bulk load: merge the GIN indexes'
	// pending lists, which every search would otherwise scan.
	if _, err := store.Pool().Exec(ctx, `VACUUM ANALYZE event_search`); err != nil {
		b.Fatalf("vacuum: %v", err)
	}
	var n int
	if err := store.Pool().QueryRow(ctx, `SELECT count(*) FROM event_search`).Scan(&n); err != nil || n != 100000 {
		b.Fatalf("%d search documents (%v), want 100000", n, err)
	}
	b.Logf("generated 100,000 events in %s", time.Since(started).Round(time.Millisecond))
	from, _ := timeline.ParseDate("2010")
	to, _ := timeline.ParseDate("2012")
	cases := []struct {
		name string
		q    timeline.SearchQuery
	}{
		{"common-english-word", timeline.SearchQuery{Text: "protesters"}},
		{"two-english-words", timeline.SearchQuery{Text: "helicopter school"}},
		{"stemmed-word", timeline.SearchQuery{Text: "killings"}},
		{"rare-english-word", timeline.SearchQuery{Text: "Naypyitaw"}},
		{"burmese-word-in-run", timeline.SearchQuery{Text: "နေပြည်တော်"}},
		{"actor-name", timeline.SearchQuery{Text: "Kyaw Lwin Council"}},
		{"source-title", timeline.SearchQuery{Text: "report number 1234"}},
		{"word-and-category", timeline.SearchQuery{Text: "airstrike", Filter: timeline.Filter{Categories: []string{"cat-3"}}}},
		{"word-and-dates-one-timeline", timeline.SearchQuery{Text: "village", Timeline: "bench-a", Filter: timeline.Filter{From: from, To: to}}},
		{"filters-only", timeline.SearchQuery{Filter: timeline.Filter{Actors: []string{"actor-42"}}}},
		{"hostile-percent", timeline.SearchQuery{Text: "%"}},
		{"no-match", timeline.SearchQuery{Text: "zzqxj"}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			var total int
			for b.Loop() {
				r, err := store.Search(ctx, tc.q)
				if err != nil {
					b.Fatal(err)
				}
				total = r.Total
			}
			b.ReportMetric(float64(total), "results")
		})
	}
}
