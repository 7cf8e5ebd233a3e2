package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"annals/internal/auth"
	"annals/internal/web"
	"annals/internal/webtest"
)

// privateData adds, next to the demo timeline, what the public never sees:
// 50,000 library sources (one in ten confidential), and 20,000 draft events
// on another public timeline, each citing two of those sources and with a
// figure from a third. Triggers are off while it loads (the search
// documents of drafts are not what is measured).
const privateData = `
SET session_replication_role = replica;
INSERT INTO timelines (slug, title) VALUES ('drafts-in-progress', 'Work in progress');
INSERT INTO sources (url, title, publisher, confidential)
  SELECT 'https://private.example.org/s/' || i, 'Unpublished report ' || i, 'Publisher ' || (i % 50), i % 10 = 0
  FROM generate_series(1, 50000) i;
INSERT INTO events (slug, title, summary, start_date, start_precision, category_id, status, visibility)
  SELECT 'draft-' || i, 'Draft ' || i, 'Not published yet.', date '2021-01-01' + i % 1000, 'day',
         (SELECT min(id) FROM categories), 'draft', 'public'
  FROM generate_series(1, 20000) i;
INSERT INTO timeline_events (timeline_id, event_id, start_date)
  SELECT (SELECT id FROM timelines WHERE slug = 'drafts-in-progress'), id, start_date FROM events WHERE slug LIKE 'draft-%';
WITH d AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM events WHERE slug LIKE 'draft-%'),
     s AS (SELECT min(id) AS first FROM sources WHERE url LIKE 'https://private.example.org/%')
INSERT INTO event_sources (event_id, source_id, position)
  SELECT d.id, s.first + (d.n * 2) % 50000, 0 FROM d, s
  UNION ALL SELECT d.id, s.first + (d.n * 2 + 1) % 50000, 1 FROM d, s;
WITH d AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM events WHERE slug LIKE 'draft-%'),
     s AS (SELECT min(id) AS first FROM sources WHERE url LIKE 'https://private.example.org/%')
INSERT INTO figures (event_id, metric, value, qualifier, scope, as_of_date, as_of_precision, source_id)
  SELECT d.id, 'killed', d.n, 'exact', 'event', date '2021-06-01', 'day', s.first + (d.n * 7) % 50000 FROM d, s;
SET session_replication_role = origin;
ANALYZE;
`

// BenchmarkPrivateData compares each page on the demo alone and on the demo
// beside the private data above, one request of each per iteration, and
// reports both times and their ratio (private/empty). Public pages must not
// pay for data the public cannot see. Run it with
// go test ./internal/web -run '^$' -bench PrivateData -benchtime 20x
func BenchmarkPrivateData(b *testing.B) {
	ctx := context.Background()
	// Pages kept in memory would hide what rendering costs: measure it.
	uncached := webtest.Options{Config: web.Config{CacheBytes: -1}}
	empty := webtest.Start(b, uncached)
	full := webtest.Start(b, uncached)
	started := time.Now()
	if _, err := full.Store.Pool().Exec(ctx, privateData); err != nil {
		b.Fatalf("generate private data: %v", err)
	}
	b.Logf("generated the private data in %s", time.Since(started).Round(time.Millisecond))

	type app struct {
		*webtest.App
		editor *webtest.Session
		coup   int64
	}
	apps := []*app{{App: empty}, {App: full}}
	for _, a := range apps {
		a.editor = a.SignIn(b, a.User(b, auth.RoleEditor))
		if err := a.Store.Pool().QueryRow(ctx, `SELECT id FROM events WHERE slug = 'coup'`).Scan(&a.coup); err != nil {
			b.Fatal(err)
		}
	}
	pages := []struct {
		name  string
		path  func(*app) string
		staff bool
	}{
		{"home", func(*app) string { return "/" }, false},
		{"timeline", func(*app) string { return "/t/myanmar-2021" }, false},
		{"event", func(*app) string { return "/t/myanmar-2021/e/coup" }, false},
		{"sitemap", func(*app) string { return "/sitemap.xml" }, false},
		{"staff-editor", func(a *app) string { return fmt.Sprintf("/staff/events/%d", a.coup) }, true},
		{"staff-sources", func(*app) string { return "/staff/sources" }, true},
	}
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			var spent [2]time.Duration
			n := 0
			for b.Loop() {
				for i, a := range apps {
					path := p.path(a)
					start := time.Now()
					var res *http.Response
					if p.staff {
						res, _ = a.editor.Get(b, path)
					} else {
						res, _ = a.Get(b, path)
					}
					spent[i] += time.Since(start)
					if res.StatusCode != http.StatusOK {
						b.Fatalf("GET %s: status %d", path, res.StatusCode)
					}
				}
				n++
			}
			emptyMS := float64(spent[0].Microseconds()) / 1000 / float64(n)
			privateMS := float64(spent[1].Microseconds()) / 1000 / float64(n)
			b.ReportMetric(emptyMS, "empty-ms/op")
			b.ReportMetric(privateMS, "private-ms/op")
			b.ReportMetric(privateMS/emptyMS, "ratio")
			b.Logf("%s: empty %.2f ms, with private data %.2f ms, ratio %.2f", p.name, emptyMS, privateMS, privateMS/emptyMS)
		})
	}
}
