package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"annals/internal/timeline"
	"annals/views"
)

func TestParseEmbedOptions(t *testing.T) {
	tests := []struct {
		query   string
		want    string // the canonical query of what the embed shows
		height  int
		problem string // a field named in the error, or ""
	}{
		{"", "", defaultEmbedHeight, ""},
		{"order=oldest&view=timeline", "", defaultEmbedHeight, ""},
		{"order=newest&category=un&category=arms&from=2021-03", "category=un&category=arms&from=2021-03&order=newest", defaultEmbedHeight, ""},
		{"view=chart&metric=killed&height=350", "metric=killed&view=chart", 350, ""},
		{"lang=my&actor=tatmadaw", "actor=tatmadaw&lang=my", defaultEmbedHeight, ""},
		{"order=random", "", defaultEmbedHeight, "order"},
		{"view=map", "", defaultEmbedHeight, "view"},
		{"view=chart", "", defaultEmbedHeight, "metric"},
		{"view=chart&metric=Killed;DROP", "", defaultEmbedHeight, "metric"},
		{"height=10", "", defaultEmbedHeight, "height"},
		{"height=99999", "", defaultEmbedHeight, "height"},
		{"height=tall", "", defaultEmbedHeight, "height"},
		{"lang=not a language", "", defaultEmbedHeight, "lang"},
		{"category=Not+A+Slug&order=newest", "order=newest", defaultEmbedHeight, "category"},
		{"from=2021-13", "", defaultEmbedHeight, "from"},
	}
	for _, tt := range tests {
		q, _ := url.ParseQuery(tt.query)
		o, err := parseEmbedOptions(q)
		if got := o.query().Encode(); got != tt.want {
			t.Errorf("%q: query %q, want %q", tt.query, got, tt.want)
		}
		if o.Height != tt.height {
			t.Errorf("%q: height %d, want %d", tt.query, o.Height, tt.height)
		}
		switch {
		case tt.problem == "" && err != nil:
			t.Errorf("%q: unexpected error %v", tt.query, err)
		case tt.problem != "" && (err == nil || !strings.Contains(err.Error(), tt.problem)):
			t.Errorf("%q: error %v, want one naming %s", tt.query, err, tt.problem)
		}
	}
}

// FuzzParseEmbedOptions: any query string gives options whose canonical
// query reads back to the same options, without a panic.
func FuzzParseEmbedOptions(f *testing.F) {
	for _, s := range []string{"", "order=newest&view=chart&metric=killed", "category=a,b&from=2021&to=2020", "height=%00", "lang=my-MM"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		o, _ := parseEmbedOptions(q)
		// Values kept despite a problem (a "to" before "from") stay kept.
		again, _ := parseEmbedOptions(o.query())
		if again.query().Encode() != o.query().Encode() {
			t.Fatalf("%q: %q reads back as %q", raw, o.query().Encode(), again.query().Encode())
		}
	})
}

func TestNewestFirstReversesEverything(t *testing.T) {
	years := []views.YearGroup{
		{Year: "2020", Months: []views.MonthGroup{{Label: "", Events: []views.EventCard{{ID: "a"}}}, {Label: "May", Events: []views.EventCard{{ID: "b"}, {ID: "c"}}}}},
		{Year: "2021", Months: []views.MonthGroup{{Label: "Feb", Events: []views.EventCard{{ID: "d"}}}}},
	}
	var got []string
	for _, y := range newestFirst(years) {
		for _, m := range y.Months {
			for _, e := range m.Events {
				got = append(got, e.ID)
			}
		}
	}
	if strings.Join(got, "") != "dcba" {
		t.Errorf("newest first = %v, want d c b a", got)
	}
	if years[0].Months[1].Events[0].ID != "b" {
		t.Error("newestFirst changed its input")
	}
}

func TestSnippetEscapes(t *testing.T) {
	s := snippet("https://annals.example.org", `/embed/t/x?category=a&order=newest`, `Title with "quotes" & <tags>`, "100%", 600)
	for _, want := range []string{
		`src="https://annals.example.org/embed/t/x?category=a&amp;order=newest"`,
		`title="Title with &#34;quotes&#34; &amp; &lt;tags&gt;"`,
		`height="600"`, `width="100%"`,
		`<script async src="https://annals.example.org/static/embed.js"></script>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("snippet lacks %s:\n%s", want, s)
		}
	}
}

func TestETagMatches(t *testing.T) {
	const tag = `"abc"`
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{`"abc"`, true},
		{`W/"abc"`, true},
		{`"x", "abc"`, true},
		{`"x" ,W/"abc" `, true},
		{`*`, true},
		{`"abcd"`, false},
		{`abc`, false},
	}
	for _, tt := range tests {
		if got := etagMatches(tt.header, tag); got != tt.want {
			t.Errorf("etagMatches(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

// fingerprintStore answers fingerprints only; anything else would panic.
type fingerprintStore struct {
	Store
	digest string
}

func (f *fingerprintStore) TimelineFingerprint(_ context.Context, slug, _ string) (timeline.Fingerprint, error) {
	if slug != "known" {
		return timeline.Fingerprint{}, timeline.Errorf(timeline.ENOTFOUND, "no timeline")
	}
	return timeline.Fingerprint{Digest: f.digest}, nil
}

// TestConditionalGetAnswers304WithoutTheHandler counts handler runs: a
// matching If-None-Match must not run it.
func TestConditionalGetAnswers304WithoutTheHandler(t *testing.T) {
	store := &fingerprintStore{digest: "one"}
	s := &Server{store: store}
	e := echo.New()
	runs := 0
	e.Use(s.conditionalGet)
	e.GET("/t/:slug", func(c echo.Context) error {
		runs++
		return c.String(http.StatusOK, "page")
	})
	get := func(path, inm string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if inm != "" {
			req.Header.Set("If-None-Match", inm)
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		return rec
	}
	first := get("/t/known", "")
	etag := first.Header().Get("ETag")
	if first.Code != http.StatusOK || etag == "" || runs != 1 {
		t.Fatalf("first: %d, ETag %q, %d runs", first.Code, etag, runs)
	}
	if rec := get("/t/known", etag); rec.Code != http.StatusNotModified || runs != 1 {
		t.Errorf("conditional: %d after %d runs; want 304 with the handler not run", rec.Code, runs)
	}
	if rec := get("/t/known?category=x", etag); rec.Code != http.StatusOK || rec.Header().Get("ETag") == etag {
		t.Errorf("another filter: %d, same ETag %v", rec.Code, rec.Header().Get("ETag") == etag)
	}
	store.digest = "two"
	if rec := get("/t/known", etag); rec.Code != http.StatusOK || rec.Header().Get("ETag") == etag {
		t.Errorf("changed data: %d, same ETag %v", rec.Code, rec.Header().Get("ETag") == etag)
	}
	// Unknown timelines go to the handler, uncached.
	if rec := get("/t/unknown", ""); rec.Header().Get("ETag") != "" {
		t.Errorf("unknown timeline got ETag %q", rec.Header().Get("ETag"))
	}
}
