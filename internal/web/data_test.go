package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"annals/internal/importer"
	"annals/internal/native"
	"annals/internal/timeline"
	"annals/internal/web"
	"annals/internal/webtest"
)

// addCanaries puts, beside the demo, what must never reach the public: a
// draft event, an internal event, a confidential source on a published
// event, and an internal timeline.
func addCanaries(t *testing.T, app *webtest.App) {
	t.Helper()
	ctx := context.Background()
	doc := demoDoc(t)
	src := timeline.Citation{Source: timeline.Source{Title: "CANARY confidential title", Publisher: "CANARY informant",
		Kind: "testimony", Confidential: true}, Locator: "CANARY locator", Note: "CANARY note"}
	doc.Events[0].Citations = append(doc.Events[0].Citations, src)
	draft := doc.Events[1]
	draft.Slug, draft.Title, draft.Status = "canary-draft", "CANARY draft event", timeline.StatusDraft
	internal := doc.Events[2]
	internal.Slug, internal.Title, internal.Visibility = "canary-internal", "CANARY internal event", timeline.VisibilityInternal
	doc.Events = append(doc.Events, draft, internal)
	if _, err := app.Store.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "canaries"}); err != nil {
		t.Fatal(err)
	}
	hidden := demoDoc(t)
	hidden.Timeline.Slug, hidden.Timeline.Title, hidden.Timeline.Visibility = "canary-timeline", "CANARY internal timeline", timeline.VisibilityInternal
	hidden.Events = hidden.Events[:1]
	hidden.Events[0].Slug, hidden.Events[0].Title = "canary-on-internal-timeline", "CANARY event on an internal timeline"
	if _, err := app.Store.ImportDocument(ctx, hidden, timeline.ImportOptions{Reason: "canaries"}); err != nil {
		t.Fatal(err)
	}
}

func TestDataRoutesLeakNothing(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	addCanaries(t, app)
	paths := []string{
		"/t/myanmar-2021.json", "/t/myanmar-2021.csv", "/t/myanmar-2021.atom", "/t/myanmar-2021/timelinejs.json",
		"/api/v1/timelines", "/api/v1/timelines/myanmar-2021", "/api/v1/timelines/myanmar-2021/events?limit=200",
		"/api/v1/openapi.json",
	}
	for _, e := range demoDoc(t).Events {
		paths = append(paths, "/api/v1/timelines/myanmar-2021/events/"+e.Slug)
	}
	for _, p := range paths {
		res, body := app.Get(t, p)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", p, res.StatusCode)
		}
		if strings.Contains(body, "CANARY") || strings.Contains(body, "canary") {
			t.Errorf("GET %s leaks a canary: %s", p, regexp.MustCompile(`.{0,60}(?i:canary).{0,60}`).FindString(body))
		}
	}
	for _, p := range []string{
		"/t/canary-timeline.json", "/t/canary-timeline.csv", "/t/canary-timeline.atom", "/t/canary-timeline/timelinejs.json",
		"/api/v1/timelines/canary-timeline", "/api/v1/timelines/canary-timeline/events",
		"/api/v1/timelines/myanmar-2021/events/canary-draft", "/api/v1/timelines/myanmar-2021/events/canary-internal",
	} {
		if res, _ := app.Get(t, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, res.StatusCode)
		}
	}
	// The confidential source is there, as a source on file and nothing more.
	_, body := app.Get(t, "/api/v1/timelines/myanmar-2021/events/"+demoDoc(t).Events[0].Slug)
	if !strings.Contains(body, `{"confidential":true}`) {
		t.Errorf("the confidential source is not marked as on file: %s", body)
	}
}

func TestExportFiles(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	demo := demoDoc(t)

	res, body := app.Get(t, "/t/myanmar-2021.json")
	if ct := res.Header.Get("Content-Type"); res.StatusCode != 200 || !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("json: %d %s", res.StatusCode, ct)
	}
	doc, err := native.Decode(strings.NewReader(body))
	if err != nil || len(doc.Events) != len(demo.Events) || doc.Timeline.Title != demo.Timeline.Title {
		t.Fatalf("the JSON export does not decode to the demo: %v (%d events)", err, len(doc.Events))
	}
	etag := res.Header.Get("ETag")
	if etag == "" || res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("headers: %v", res.Header)
	}
	if res, _ := app.Get(t, "/t/myanmar-2021.json", "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", res.StatusCode)
	}

	res, body = app.Get(t, "/t/myanmar-2021.csv")
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || !strings.Contains(res.Header.Get("Content-Disposition"), "myanmar-2021.csv") {
		t.Errorf("csv headers: %s %s", ct, res.Header.Get("Content-Disposition"))
	}
	if !strings.HasPrefix(body, strings.Join(importer.CSVColumns, ",")+"\n") {
		t.Errorf("csv header row: %q", body[:min(len(body), 200)])
	}
	csvDoc, _, err := importer.Parse("myanmar-2021.csv", []byte(body), importer.Options{})
	if err != nil || len(csvDoc.Events) != len(demo.Events) {
		t.Errorf("the CSV export does not import: %v", err)
	}

	_, body = app.Get(t, "/t/myanmar-2021/timelinejs.json")
	tjs, rep, err := importer.ParseFormat(importer.FormatTimelineJS, "t.json", []byte(body), importer.Options{NewCategories: true})
	if err != nil || len(tjs.Events) != len(demo.Events) {
		t.Fatalf("the TimelineJS export does not read as TimelineJS: %v %v", err, rep.Problems)
	}
	for i, e := range tjs.Events {
		if e.When.Start != doc.Events[i].When.Start || e.Title != doc.Events[i].Title {
			t.Errorf("slide %d: %s %q, want %s %q", i+1, e.When.Start, e.Title, doc.Events[i].When.Start, doc.Events[i].Title)
		}
	}
	if strings.Contains(body, `"day": 0`) || !strings.Contains(body, `"year": 2001`) {
		t.Error("a year-precision event must have only a year in TimelineJS")
	}

	if res, _ := app.Get(t, "/t/no-such-timeline.csv"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown timeline: %d", res.StatusCode)
	}
	_, page := app.Get(t, "/t/myanmar-2021")
	alt := parse(t, page).Find(`link[rel=alternate][type="application/atom+xml"]`)
	if href, _ := alt.Attr("href"); href != "/t/myanmar-2021.atom" {
		t.Errorf("timeline page feed link = %q", href)
	}
}

type atomDoc struct {
	Updated string `xml:"updated"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Content string `xml:"content"`
	} `xml:"entry"`
}

func getFeed(t *testing.T, app *webtest.App) atomDoc {
	t.Helper()
	res, body := app.Get(t, "/t/myanmar-2021.atom")
	if ct := res.Header.Get("Content-Type"); res.StatusCode != 200 || !strings.HasPrefix(ct, "application/atom+xml") {
		t.Fatalf("feed: %d %s", res.StatusCode, ct)
	}
	var f atomDoc
	if err := xml.Unmarshal([]byte(body), &f); err != nil {
		t.Fatalf("feed is not XML: %v", err)
	}
	return f
}

func TestAtomFeed(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	demo := demoDoc(t)
	before := getFeed(t, app)
	if len(before.Entries) != len(demo.Events) {
		t.Fatalf("%d entries, want %d", len(before.Entries), len(demo.Events))
	}
	for i, e := range before.Entries {
		u, err := url.Parse(e.Link.Href)
		if err != nil || !u.IsAbs() || !strings.HasPrefix(u.Path, "/t/myanmar-2021/e/") || e.ID != e.Link.Href {
			t.Errorf("entry %d links to %q (id %q), want an absolute permalink", i, e.Link.Href, e.ID)
		}
		if res, _ := app.Get(t, u.Path); res.StatusCode != 200 {
			t.Errorf("permalink %s: %d", u.Path, res.StatusCode)
		}
		if i > 0 && e.Updated > before.Entries[i-1].Updated {
			t.Errorf("entry %d is newer than entry %d: not newest first", i, i-1)
		}
	}
	// Edit the oldest-listed event: it moves to the top with a later time.
	last := before.Entries[len(before.Entries)-1]
	slug := last.Link.Href[strings.LastIndex(last.Link.Href, "/")+1:]
	time.Sleep(10 * time.Millisecond)
	doc := demo
	for i := range doc.Events {
		if doc.Events[i].Slug == slug {
			doc.Events[i].Title = "An edited title"
		}
	}
	if _, err := app.Store.ImportDocument(context.Background(), doc, timeline.ImportOptions{Reason: "edit"}); err != nil {
		t.Fatal(err)
	}
	after := getFeed(t, app)
	top := after.Entries[0]
	if top.Link.Href != last.Link.Href || top.Title != "An edited title" {
		t.Fatalf("the edited event is not first: %q %q", top.Link.Href, top.Title)
	}
	if top.Updated <= last.Updated || after.Updated < top.Updated {
		t.Errorf("updated did not move forward: entry %s -> %s, feed %s", last.Updated, top.Updated, after.Updated)
	}
}

type apiPage struct {
	Events []struct {
		Slug     string `json:"slug"`
		Category struct {
			Slug string `json:"slug"`
		} `json:"category"`
		Start struct {
			Date string `json:"date"`
		} `json:"start"`
		Sources []map[string]any `json:"sources"`
		URL     string           `json:"url"`
	} `json:"events"`
	NextCursor string `json:"next_cursor"`
	Links      struct {
		Next string `json:"next"`
	} `json:"links"`
}

func getJSON(t *testing.T, app *webtest.App, path string, v any) int {
	t.Helper()
	res, body := app.Get(t, path)
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: not JSON: %v\n%s", path, err, body)
	}
	return res.StatusCode
}

func TestAPIPagesAndFilters(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	demo := demoDoc(t)
	var seen []string
	path := "/api/v1/timelines/myanmar-2021/events?limit=4"
	for pages := 0; path != ""; pages++ {
		if pages > 10 {
			t.Fatal("pagination does not end")
		}
		var p apiPage
		if code := getJSON(t, app, path, &p); code != 200 {
			t.Fatalf("GET %s: %d", path, code)
		}
		if len(p.Events) > 4 || (p.Links.Next == "") != (p.NextCursor == "") {
			t.Fatalf("page of %d events, next %q / %q", len(p.Events), p.Links.Next, p.NextCursor)
		}
		for _, e := range p.Events {
			seen = append(seen, e.Slug)
		}
		path = ""
		if p.Links.Next != "" {
			u, _ := url.Parse(p.Links.Next)
			path = u.RequestURI()
			if u.Query().Get("limit") != "4" {
				t.Errorf("the next link forgets the limit: %s", p.Links.Next)
			}
		}
	}
	pt, err := app.Store.PublicTimeline(context.Background(), "myanmar-2021", timeline.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(demo.Events) {
		t.Fatalf("paged through %d events, want %d", len(seen), len(demo.Events))
	}
	for i, e := range pt.Events {
		if seen[i] != e.Slug {
			t.Errorf("position %d: %s, timeline order has %s", i, seen[i], e.Slug)
		}
	}

	// Filters as on the page, kept across pages.
	var p apiPage
	getJSON(t, app, "/api/v1/timelines/myanmar-2021/events?category=casualties&from=2021-03&limit=2", &p)
	want := 0
	for _, e := range demo.Events {
		if e.Category.Slug == "casualties" && !e.When.Last().Before(time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)) {
			want++
		}
	}
	got := 0
	for {
		for _, e := range p.Events {
			got++
			if e.Category.Slug != "casualties" || e.Start.Date < "2021-03" {
				t.Errorf("event %s (%s, %s) does not match the filter", e.Slug, e.Category.Slug, e.Start.Date)
			}
		}
		if p.Links.Next == "" {
			break
		}
		if !strings.Contains(p.Links.Next, "category=casualties") {
			t.Fatalf("next link drops the filter: %s", p.Links.Next)
		}
		u, _ := url.Parse(p.Links.Next)
		p = apiPage{}
		getJSON(t, app, u.RequestURI(), &p)
	}
	if want == 0 || got != want {
		t.Errorf("filtered %d events, want %d", got, want)
	}

	var e struct {
		Error struct {
			Status  int    `json:"status"`
			Message string `json:"message"`
		} `json:"error"`
	}
	for _, bad := range []string{"?cursor=forged", "?limit=0", "?limit=500", "?from=2021-13"} {
		if code := getJSON(t, app, "/api/v1/timelines/myanmar-2021/events"+bad, &e); code != 400 || e.Error.Message == "" {
			t.Errorf("%s: %d %q, want 400 with a message", bad, code, e.Error.Message)
		}
	}
	var list struct {
		Timelines []struct {
			Slug       string `json:"slug"`
			EventCount int    `json:"event_count"`
		} `json:"timelines"`
	}
	getJSON(t, app, "/api/v1/timelines", &list)
	if len(list.Timelines) != 1 || list.Timelines[0].EventCount != len(demo.Events) {
		t.Errorf("timelines = %+v", list.Timelines)
	}
}

// Every route under /api/v1 must be in the OpenAPI document.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Servers []struct{ URL string }               `json:"servers"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if code := getJSON(t, app, "/api/v1/openapi.json", &doc); code != 200 || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi.json: %d %q", code, doc.OpenAPI)
	}
	if len(doc.Servers) != 1 || !strings.HasSuffix(doc.Servers[0].URL, "/api/v1") {
		t.Errorf("servers = %+v", doc.Servers)
	}
	param := regexp.MustCompile(`:([a-z_]+)`)
	n := 0
	for _, r := range app.Server.Echo().Routes() {
		if !strings.HasPrefix(r.Path, "/api/v1/") || r.Method == echo.RouteNotFound {
			continue // the group's not-found handler answers unknown API paths with a JSON 404
		}
		n++
		path := param.ReplaceAllString(strings.TrimPrefix(r.Path, "/api/v1"), "{$1}")
		op, ok := doc.Paths[path][strings.ToLower(r.Method)]
		if !ok {
			t.Errorf("%s %s is not in the OpenAPI document", r.Method, r.Path)
			continue
		}
		if op["operationId"] == "" || op["responses"] == nil {
			t.Errorf("%s %s: incomplete operation %v", r.Method, path, op)
		}
	}
	if n < 5 {
		t.Errorf("found only %d API routes", n)
	}
	// And the document names nothing that is not served.
	for path, ops := range doc.Paths {
		for method := range ops {
			found := false
			for _, r := range app.Server.Echo().Routes() {
				if strings.ToLower(r.Method) == method && param.ReplaceAllString(strings.TrimPrefix(r.Path, "/api/v1"), "{$1}") == path {
					found = true
				}
			}
			if !found {
				t.Errorf("the document describes %s %s, which is not a route", method, path)
			}
		}
	}
	if b, _ := json.Marshal(web.OpenAPI("https://x")); !bytes.Contains(b, []byte(`"#/components/schemas/Event"`)) {
		t.Error("no Event schema")
	}
}
