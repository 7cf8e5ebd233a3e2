package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"annals/internal/native"
	"annals/internal/timeline"
	"annals/internal/web"
	"annals/internal/webtest"
)

// crowdedTollsDoc is the timeline that once hung its page and chart: 35
// published event tolls, each from its own source, one dated "2021", four
// on 5 March 2021 and thirty on 1 April 2021.
func crowdedTollsDoc(t *testing.T) string {
	t.Helper()
	var events []string
	for i := range 35 {
		date, precision := "2021-04-01", "day"
		switch {
		case i == 0:
			date, precision = "2021", "year"
		case i <= 4:
			date = "2021-03-05"
		}
		url := fmt.Sprintf("https://example.org/toll-%d", i)
		events = append(events, fmt.Sprintf(`{
		  "slug": "toll-%d", "status": "published", "visibility": "public",
		  "title": "Toll number %d", "start": {"date": %q, "precision": %q}, "category": "killings",
		  "sources": [{"url": %q, "title": "Report %d", "publisher": "Monitor %d", "kind": "ngo_report"}],
		  "figures": [{"metric": "killed", "scope": "event", "value": %d, "qualifier": "exact", "as_of": %q,
		    "source": %q, "source_title": "Report %d", "source_publisher": "Monitor %d"}]
		}`, i, i, date, precision, url, i, i, 3+i%7, date, url, i, i))
	}
	return `{"format": "annals/v1",
	  "timeline": {"slug": "crowded-tolls", "title": "Crowded tolls", "language": "en"},
	  "categories": [{"slug": "killings", "name": "Killings"}], "actors": [],
	  "events": [` + strings.Join(events, ",") + `]}`
}

// getWithin fetches path, and stops the whole test binary when no answer
// comes within limit. Neither t.Fatal nor a panic on the test's goroutine
// would end it: the test's cleanup closes the server, which waits for the
// stuck handler. A panic on another goroutine ends the binary, printing
// every goroutine's stack, the stuck handler's included.
func getWithin(t *testing.T, app *webtest.App, path string, limit time.Duration) (int, string) {
	t.Helper()
	type answer struct {
		status int
		body   string
		err    error
	}
	done := make(chan answer, 1)
	go func() {
		res, err := http.Get(app.URL + path)
		if err != nil {
			done <- answer{err: err}
			return
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		done <- answer{res.StatusCode, string(body), err}
	}()
	select {
	case a := <-done:
		if a.err != nil {
			t.Fatalf("GET %s: %v", path, a.err)
		}
		return a.status, a.body
	case <-time.After(limit):
		msg := fmt.Sprintf("GET %s did not answer within %v: the page never finishes", path, limit)
		go func() { panic(msg) }()
		select {}
	}
}

// TestCrowdedTollsAnswer publishes the 35 tolls that hung the timeline page
// and its chart, and reads every public view of them.
func TestCrowdedTollsAnswer(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	doc, err := native.Decode(strings.NewReader(crowdedTollsDoc(t)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Store.ImportDocument(context.Background(), doc, timeline.ImportOptions{Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/t/crowded-tolls", "/t/crowded-tolls/chart/killed.svg", "/t/crowded-tolls/print",
		"/embed/t/crowded-tolls?view=chart&metric=killed", "/t/crowded-tolls.atom"} {
		status, body := getWithin(t, app, path, 30*time.Second)
		if status != http.StatusOK {
			t.Errorf("GET %s: status %d", path, status)
		}
		if strings.HasSuffix(path, ".svg") {
			if points := embSVGPoints(t, body); len(points) != 35 {
				t.Errorf("the chart draws %d points, want 35", len(points))
			}
		}
	}
}

// TestPublicReadsStopAtTheirDeadline runs the server with a deadline that
// has passed before any work starts: public reads answer 503 with an error
// page, while health checks and staff pages keep their own pace.
func TestPublicReadsStopAtTheirDeadline(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{Config: web.Config{RenderTimeout: time.Nanosecond}})
	for _, path := range []string{"/t/myanmar-2021", "/t/myanmar-2021/chart/killed.svg", "/t/myanmar-2021/print",
		"/embed/t/myanmar-2021", "/t/myanmar-2021/e/coup", "/t/myanmar-2021.atom", "/"} {
		status, body := getWithin(t, app, path, 30*time.Second)
		if status != http.StatusServiceUnavailable {
			t.Errorf("GET %s: status %d, want 503", path, status)
		}
		if !strings.Contains(body, "<html") {
			t.Errorf("GET %s: no error page: %.200q", path, body)
		}
	}
	for _, path := range []string{"/healthz", "/staff/login"} {
		if status, _ := getWithin(t, app, path, 30*time.Second); status != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200 (no deadline)", path, status)
		}
	}
}
