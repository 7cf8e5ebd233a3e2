package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"annals/internal/postgres"
	"annals/internal/web"
	"annals/internal/webtest"
)

// scaleData fills an empty database with one public timeline, "scale", of
// n published events: titles built from a few word lists (so a search for
// a common word finds a third of them and one for "obsidian" finds five, at
// any n), five categories, start days spread over 2000-2021, one citation
// each to a source shared by ten events, and a figure on one event in a
// hundred. Triggers are off while it loads; the search documents are then
// written in one statement, as the triggers would have, the timeline's
// public state computed once, and the data version is bumped once so a
// running server drops what it kept.
func scaleData(n int) string {
	return strings.NewReplacer("{N}", strconv.Itoa(n), "{S}", strconv.Itoa(max(n/10, 1)), "{R}", strconv.Itoa(max(n/5, 1))).Replace(`
SET session_replication_role = replica;
INSERT INTO timelines (slug, title, summary) VALUES ('scale', 'Scale test', 'Generated events for the scale benchmark.');
INSERT INTO categories (slug, name) SELECT 'c' || i, 'Category ' || i FROM generate_series(1, 5) i
  ON CONFLICT (slug) DO NOTHING;
INSERT INTO sources (url, title, publisher, kind)
  SELECT 'https://scale.example.org/r/' || i, 'Field report ' || i, 'Monitor ' || (i % 37), 'ngo_report'
  FROM generate_series(1, {S}) i;
INSERT INTO events (slug, title, summary, start_date, start_precision, category_id, status, visibility)
  SELECT 'ev-' || i,
         (ARRAY['Raid on', 'Arrest at', 'Strike near', 'Protest at', 'Shelling of', 'Detentions at', 'Fire in'])[1 + i % 7]
           || ' ' || (ARRAY['village', 'market', 'school', 'clinic', 'monastery', 'office', 'camp', 'bridge'])[1 + i % 8]
           || ' in ' || (ARRAY['Sagaing', 'Magway', 'Mandalay', 'Yangon', 'Bago', 'Shan', 'Kachin', 'Rakhine', 'Chin', 'Karen', 'Mon'])[1 + i % 11]
           || CASE WHEN i % 3 = 0 THEN ', journalist held' ELSE '' END
           || CASE WHEN i % {R} = 1 THEN ', obsidian' ELSE '' END
           || ' (' || i || ')',
         'Generated event ' || i || '. Witnesses reported the **incident** to [local media](https://news.example.org/' || i || ').',
         date '2000-01-01' + (i::bigint * 7919 % 8036)::int, 'day',
         (SELECT id FROM categories WHERE slug = 'c' || (1 + i % 5)), 'published', 'public'
  FROM generate_series(1, {N}) i;
INSERT INTO timeline_events (timeline_id, event_id, start_date)
  SELECT (SELECT id FROM timelines WHERE slug = 'scale'), id, start_date FROM events WHERE slug LIKE 'ev-%';
WITH e AS (SELECT id, substr(slug, 4)::int AS i FROM events WHERE slug LIKE 'ev-%'),
     s AS (SELECT min(id) AS first FROM sources WHERE url LIKE 'https://scale.example.org/%')
INSERT INTO event_sources (event_id, source_id, position)
  SELECT e.id, s.first + (e.i - 1) / 10, 0 FROM e, s;
WITH e AS (SELECT id, substr(slug, 4)::int AS i FROM events WHERE slug LIKE 'ev-%'),
     s AS (SELECT min(id) AS first FROM sources WHERE url LIKE 'https://scale.example.org/%')
INSERT INTO figures (event_id, metric, value, qualifier, scope, as_of_date, as_of_precision, source_id)
  SELECT e.id, 'killed', 1 + e.i % 40, 'at_least', 'event', ev.start_date, 'day', s.first + (e.i - 1) / 10
  FROM e JOIN events ev ON ev.id = e.id, s WHERE e.i % 100 = 0;
SELECT refresh_event_search(array(SELECT id FROM events));
SET session_replication_role = origin;
SELECT refresh_timeline_state(id) FROM timelines WHERE slug = 'scale';
UPDATE timelines SET updated_at = now() WHERE slug = 'scale';
ANALYZE;
`)
}

// peakRSS is this process's peak resident set (VmHWM) in MiB; the servers
// run in it. resetPeakRSS starts a new peak (Linux: clear_refs 5).
func peakRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// BenchmarkScale puts every public address on a timeline of 1,000 events
// beside the same address on one of 100,000 (ANNALS_SCALE_EVENTS to
// change), requests interleaved, and reports the median of each and the
// ratio: a page that shows the same amount should not get slower because
// the database holds more. A first pass has the page cache off (rendering
// is measured); a second has it on. Run it with
// go test ./internal/web -run '^$' -bench Scale -benchtime 1x -timeout 30m
func BenchmarkScale(b *testing.B) {
	ctx := context.Background()
	large := 100000
	if v, err := strconv.Atoi(os.Getenv("ANNALS_SCALE_EVENTS")); err == nil && v > 0 {
		large = v
	}
	sizes := []int{1000, large}
	// A long deadline: the point is to see how slow a page is, not a 503.
	off := web.Config{CacheBytes: -1, RenderTimeout: 5 * time.Minute}
	var cold [2]*webtest.App
	for i, n := range sizes {
		cold[i] = webtest.Start(b, webtest.Options{NoDemo: true, Config: off})
		started := time.Now()
		if _, err := cold[i].Store.Pool().Exec(ctx, scaleData(n)); err != nil {
			b.Fatalf("generate %d events: %v", n, err)
		}
		fmt.Printf("generated %d events in %s\n", n, time.Since(started).Round(time.Millisecond))
		if i == 1 {
			// Beside the large timeline, a small one: its pages should
			// cost what the 1,000-event timeline's cost alone.
			if _, err := cold[i].Store.Pool().Exec(ctx, smallTimelineData); err != nil {
				b.Fatalf("generate the small timeline: %v", err)
			}
		}
		// Rows written by SQL have no HTML yet: annals migrate renders them.
		started = time.Now()
		rendered, err := postgres.RenderMarkdown(ctx, cold[i].Store.Pool())
		if err != nil {
			b.Fatalf("render %d events: %v", n, err)
		}
		fmt.Printf("rendered %d Markdown texts in %s\n", rendered, time.Since(started).Round(time.Millisecond))
	}
	var warm [2]*webtest.App
	for i := range sizes {
		warm[i] = webtest.Start(b, webtest.Options{Pool: cold[i].Store.Pool(),
			Config: web.Config{RenderTimeout: 5 * time.Minute}})
	}

	for b.Loop() {
		fmt.Printf("peak RSS after generating: %.0f MiB\n", peakRSS())
		scalePass(b, "cache-off", sizes, cold)
		scalePass(b, "cache-on", sizes, warm)
	}
}

// smallTimelineData adds a public timeline "small" of 1,000 published
// events (as scaleData builds them) to a database that holds others.
const smallTimelineData = `
SET session_replication_role = replica;
INSERT INTO timelines (slug, title, summary) VALUES ('small', 'Small', 'A 1,000-event timeline beside a large one.');
INSERT INTO sources (url, title, publisher, kind)
  SELECT 'https://small.example.org/r/' || i, 'Small report ' || i, 'Monitor ' || (i % 37), 'ngo_report'
  FROM generate_series(1, 100) i;
INSERT INTO events (slug, title, summary, start_date, start_precision, category_id, status, visibility)
  SELECT 'sm-' || i, 'Small event ' || i, 'Generated small event ' || i || '.',
         date '2000-01-01' + (i::bigint * 7919 % 8036)::int, 'day',
         (SELECT id FROM categories WHERE slug = 'c' || (1 + i % 5)), 'published', 'public'
  FROM generate_series(1, 1000) i;
INSERT INTO timeline_events (timeline_id, event_id, start_date)
  SELECT (SELECT id FROM timelines WHERE slug = 'small'), id, start_date FROM events WHERE slug LIKE 'sm-%';
WITH e AS (SELECT id, substr(slug, 4)::int AS i FROM events WHERE slug LIKE 'sm-%'),
     s AS (SELECT min(id) AS first FROM sources WHERE url LIKE 'https://small.example.org/%')
INSERT INTO event_sources (event_id, source_id, position) SELECT e.id, s.first + (e.i - 1) / 10, 0 FROM e, s;
SELECT refresh_event_search(array(SELECT id FROM events WHERE slug LIKE 'sm-%'));
SET session_replication_role = origin;
SELECT refresh_timeline_state(id) FROM timelines WHERE slug = 'small';
ANALYZE;
`

type scaleAddress struct {
	name string
	path string
	// largePath, when set, is asked of the large database instead of
	// path: the small timeline beside the large one.
	largePath string
	etag      bool // send back the ETag of path: a 304 is what is timed
	bytes     bool // report the answer's size too
}

var scaleAddresses = []scaleAddress{
	{name: "timeline", path: "/t/scale"},
	{name: "category", path: "/t/scale?category=c1"},
	{name: "date-range", path: "/t/scale?from=2010-01&to=2010-12"},
	{name: "search-rare", path: "/t/scale/search?q=obsidian"},
	{name: "search-common", path: "/search?q=journalist"},
	{name: "permalink", path: "/t/scale/e/ev-500"},
	{name: "small-timeline", path: "/t/scale", largePath: "/t/small"},
	{name: "small-permalink", path: "/t/scale/e/ev-500", largePath: "/t/small/e/sm-500"},
	{name: "home", path: "/"},
	{name: "sitemap", path: "/sitemap.xml"},
	{name: "sitemap-file", path: "/sitemap-events-scale-1.xml", bytes: true},
	{name: "api-timeline", path: "/api/v1/timelines/scale"},
	{name: "304", path: "/t/scale", etag: true},
	{name: "export-json", path: "/t/scale.json", bytes: true},
	{name: "print", path: "/t/scale/print", bytes: true},
	{name: "export-tjs", path: "/t/scale/timelinejs.json", bytes: true},
}

// getCounting asks for path and counts the answer's bytes without keeping
// them.
func getCounting(b *testing.B, app *webtest.App, path string) (status, size int) {
	b.Helper()
	res, err := http.Get(app.URL + path)
	if err != nil {
		b.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, res.Body)
	if err != nil {
		b.Fatalf("read %s: %v", path, err)
	}
	return res.StatusCode, int(n)
}

// pathFor is the address asked of the database of size i (0 small, 1 large).
func (a scaleAddress) pathFor(i int) string {
	if i == 1 && a.largePath != "" {
		return a.largePath
	}
	return a.path
}

// scalePass measures every address on apps (one per size), about ten
// requests each, fewer when a request takes seconds.
func scalePass(b *testing.B, pass string, sizes []int, apps [2]*webtest.App) {
	resetPeakRSS()
	startRSS := peakRSS()
	var table strings.Builder
	fmt.Fprintf(&table, "\n%s, median of up to 10 requests (ms)\n%-14s %10s %10s %8s %8s  %s\n",
		pass, "address", "1k", strconv.Itoa(sizes[1]/1000)+"k", "ratio", "peakMiB", "notes")
	only := os.Getenv("ANNALS_SCALE_ONLY") // e.g. print,export-json
	for _, a := range scaleAddresses {
		if only != "" && !slices.Contains(strings.Split(only, ","), a.name) {
			continue
		}
		resetPeakRSS()
		var etags [2]string
		if a.etag {
			for i, app := range apps {
				res, _ := app.Get(b, a.pathFor(i))
				etags[i] = res.Header.Get("ETag")
			}
		}
		var spent [2][]time.Duration
		var size [2]int
		var status [2]int
		for k := 0; k < 10; k++ {
			slowest := time.Duration(0)
			for i, app := range apps {
				var header []string
				if etags[i] != "" {
					header = []string{"If-None-Match", etags[i]}
				}
				start := time.Now()
				if a.bytes {
					// Counted, not kept: the client shares the process
					// whose peak RSS is measured.
					status[i], size[i] = getCounting(b, app, a.pathFor(i))
				} else {
					res, body := app.Get(b, a.pathFor(i), header...)
					size[i], status[i] = len(body), res.StatusCode
				}
				d := time.Since(start)
				spent[i] = append(spent[i], d)
				slowest = max(slowest, d)
			}
			// Enough to know it is slow; the run has to end.
			if slowest > 20*time.Second || (k >= 2 && slowest > 3*time.Second) {
				break
			}
		}
		var ms [2]float64
		for i := range spent {
			slices.Sort(spent[i])
			ms[i] = float64(spent[i][len(spent[i])/2].Microseconds()) / 1000
		}
		ratio := ms[1] / ms[0]
		b.ReportMetric(ms[0], pass+"-"+a.name+"-1k-ms")
		b.ReportMetric(ms[1], pass+"-"+a.name+"-large-ms")
		b.ReportMetric(ratio, pass+"-"+a.name+"-ratio")
		notes := fmt.Sprintf("n=%d status %d/%d", len(spent[0]), status[0], status[1])
		if a.etag && (etags[0] == "" || etags[1] == "") {
			notes += " (no ETag)"
		}
		if a.bytes {
			notes += fmt.Sprintf(" bytes %d/%d", size[0], size[1])
			b.ReportMetric(float64(size[1]), pass+"-"+a.name+"-large-bytes")
		}
		fmt.Fprintf(&table, "%-14s %10.2f %10.2f %8.1f %8.0f  %s\n", a.name, ms[0], ms[1], ratio, peakRSS(), notes)
	}
	fmt.Fprintf(&table, "process peak RSS at the start of the pass %.0f MiB\n", startRSS)
	// Printed rather than logged: go test cuts a benchmark's log to ten lines.
	fmt.Print(table.String())
}
