package capture_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"annals/internal/auth"
	"annals/internal/capture"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// page is a web page whose text the test changes, and can take away.
type page struct {
	mu   sync.Mutex
	body string
	gone bool
}

func (p *page) set(body string, gone bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.body, p.gone = body, gone
}

func (p *page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.gone {
		http.Error(w, "gone", http.StatusGone)
		return
	}
	w.Header().Set("Content-Type", "text/html")
	io.WriteString(w, p.body)
}

// publicEvent publishes an event citing url on a public timeline.
func publicEvent(t *testing.T, store *postgres.Store, title, url string) auth.User {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(store.SaveCategory(ctx, auth.User{}, timeline.Category{Slug: "cat", Name: "Category"}))
	must(store.SaveTimeline(ctx, auth.User{}, timeline.Timeline{Slug: "tl", Title: "Timeline", Language: "en", Visibility: "public"}))
	ed, err := store.CreateUser(ctx, "ed@example.org", "Ed", auth.RoleEditor, "a long enough password")
	must(err)
	rev, err := store.CreateUser(ctx, "rev@example.org", "Rev", auth.RoleReviewer, "a long enough password")
	must(err)
	start, _ := timeline.ParseDate("2017-08-30")
	id, v, err := store.SaveEvent(ctx, ed, timeline.EventSave{Event: timeline.Event{Title: title, When: timeline.DateRange{Start: start},
		Category: timeline.Category{Slug: "cat"}, Visibility: timeline.VisibilityPublic,
		Citations: []timeline.Citation{{Source: timeline.Source{URL: url, Title: "Report", Kind: "news"}}}},
		Timelines: []string{"tl"}, Submit: true})
	must(err)
	_, err = store.PublishEvent(ctx, rev, timeline.EventAction{ID: id, Version: v})
	must(err)
	return ed
}

// A cited page is captured by River's worker; the watch then finds it
// changed, queues a new capture whose text differs in the comparison, and
// lists the source as at risk; a page taken down is "gone".
func TestCaptureThroughRiverAndWatch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pg := &page{body: `<html><body><p>Soldiers burned 40 houses.</p></body></html>`}
	srv := httptest.NewServer(pg)
	defer srv.Close()
	url := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1) + "/report"
	pool := pgtest.NewPool(t)
	store := postgres.NewStore(pool)
	ed := publicEvent(t, store, "Tula Toli", url)

	allow, _ := capture.ParseAllow("localhost")
	client, err := capture.NewClient(pool, store, capture.Config{Allow: allow, Recheck: -1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	done, cancel := client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	defer cancel()
	if err := client.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer client.Stop(context.Background()) //nolint:errcheck
	wait := func() {
		t.Helper()
		select {
		case ev := <-done:
			if ev.Kind != river.EventKindJobCompleted {
				t.Fatalf("job %s: %v", ev.Kind, ev.Job.Errors)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("no capture job finished in 30 s")
		}
	}
	wait()
	lib, err := store.Sources(ctx)
	if err != nil || len(lib) != 1 {
		t.Fatalf("sources: %v %v", lib, err)
	}
	src := lib[0].Source.ID
	caps, err := store.SourceCaptures(ctx, src)
	if err != nil || len(caps) != 1 || !caps[0].OK() || caps[0].RequestedBy != ed.Name || caps[0].HTTPStatus != 200 {
		t.Fatalf("captures = %+v, %v", caps, err)
	}
	jobPage, _ := store.CaptureJobs(ctx, capture.JobQuery{Limit: 10})
	jobs := jobPage.Jobs
	if len(jobs) != 1 || jobs[0].State != "completed" {
		t.Fatalf("jobs = %+v", jobs)
	}

	// The page is edited after it was cited.
	pg.set(`<html><body><p>Soldiers burned 4 houses.</p></body></html>`, false)
	w := &capture.Watcher{Fetcher: &capture.Fetcher{Allow: allow}, Store: store}
	checks, err := w.Recheck(ctx)
	if err != nil || len(checks) != 1 || checks[0].Risk != "changed" {
		t.Fatalf("recheck = %+v, %v", checks, err)
	}
	wait() // the recapture the watch queued
	caps, _ = store.SourceCaptures(ctx, src)
	if len(caps) != 2 {
		t.Fatalf("%d captures after the change", len(caps))
	}
	_, oldText, _ := store.CaptureArtefact(ctx, src, caps[1].ID, "text")
	_, newText, _ := store.CaptureArtefact(ctx, src, caps[0].ID, "text")
	lines, changed := capture.Diff(string(oldText), string(newText))
	if !changed || !hasLine(lines, "-", "Soldiers burned 40 houses.") || !hasLine(lines, "+", "Soldiers burned 4 houses.") {
		t.Fatalf("diff = %+v", lines)
	}
	riskPage, err := store.SourcesAtRisk(ctx, capture.RiskQuery{})
	risks := riskPage.Risks
	if err != nil || len(risks) != 1 || risks[0].Risk != "changed" || risks[0].SourceID != src {
		t.Fatalf("at risk = %+v, %v", risks, err)
	}
	// Unchanged since the recapture: no longer at risk.
	if checks, _ := w.Recheck(ctx); checks[0].Risk != "" {
		t.Fatalf("recheck of an unchanged page = %+v", checks)
	}
	// Taken down.
	pg.set("", true)
	if checks, _ := w.Recheck(ctx); checks[0].Risk != "gone" {
		t.Fatalf("recheck of a removed page = %+v", checks)
	}
	if page, _ := store.SourcesAtRisk(ctx, capture.RiskQuery{}); len(page.Risks) != 1 || page.Risks[0].Risk != "gone" || page.Risks[0].HTTPStatus != 410 {
		t.Fatalf("at risk = %+v", page.Risks)
	}
	if st, err := store.VerifyChain(ctx, "test"); err != nil || !st.OK() {
		t.Fatalf("verify: %+v %v", st.Break, err)
	}
}

func hasLine(lines []capture.DiffLine, op, text string) bool {
	for _, l := range lines {
		if l.Op == op && strings.Contains(l.Text, text) {
			return true
		}
	}
	return false
}

// The watch waits as long as Retry-After says before asking again.
func TestWatchHonoursRetryAfter(t *testing.T) {
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		n++
		if n == 1 {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		io.WriteString(w, "<p>ok</p>")
	}))
	defer srv.Close()
	allow, _ := capture.ParseAllow("127.0.0.1/32")
	var slept []time.Duration
	st := &fakeWatch{targets: []capture.Target{{SourceID: 1, URL: srv.URL}, {SourceID: 2, URL: srv.URL}}}
	w := &capture.Watcher{Fetcher: &capture.Fetcher{Allow: allow}, Store: st, Pause: time.Second,
		Sleep: func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }}
	checks, err := w.Recheck(context.Background())
	if err != nil || len(checks) != 2 || checks[0].Risk != "" || checks[0].HTTPStatus != 200 {
		t.Fatalf("checks = %+v, %v", checks, err)
	}
	if len(slept) != 2 || slept[0] != 7*time.Second || slept[1] != time.Second {
		t.Fatalf("slept %v, want [7s 1s]", slept)
	}
}

type fakeWatch struct {
	targets []capture.Target
	checks  []capture.Check
}

func (f *fakeWatch) WatchTargets(context.Context) ([]capture.Target, error) { return f.targets, nil }
func (f *fakeWatch) RecordCheck(_ context.Context, c capture.Check) error {
	f.checks = append(f.checks, c)
	return nil
}
func (f *fakeWatch) QueueCapture(context.Context, int64, int64, string) error { return nil }
