package postgres_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"annals/internal/native"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// searchStore is a fresh database holding testdata/search-*.json: a public
// timeline with English and Burmese events (and events search must never
// find), a second public timeline, and an internal one.
func searchStore(t *testing.T) *postgres.Store {
	t.Helper()
	store := postgres.NewStore(pgtest.NewPool(t))
	for _, name := range []string{"search-public", "search-second", "search-internal"} {
		f, err := os.Open("testdata/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		doc, err := native.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("decode %s: %v", name, err)
		}
		if _, err := store.ImportDocument(context.Background(), doc, timeline.ImportOptions{Reason: "test"}); err != nil {
			t.Fatalf("import %s: %v", name, err)
		}
	}
	return store
}

func hitSlugs(r timeline.SearchResults) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Event.Slug)
	}
	return out
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	sort.Strings(out)
	return out
}

func TestSearchFinds(t *testing.T) {
	t.Parallel()
	store := searchStore(t)
	day := func(s string) timeline.FuzzyDate {
		d, err := timeline.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name string
		q    timeline.SearchQuery
		want []string // in date order
	}{
		{"English word, every public timeline", timeline.SearchQuery{Text: "naypyitaw"},
			[]string{"coup-naypyitaw", "airport-closed", "jets-delivered"}},
		{"English word on one timeline", timeline.SearchQuery{Text: "Naypyitaw", Timeline: "search-test"},
			[]string{"coup-naypyitaw", "jets-delivered"}},
		{"Burmese word inside a longer run", timeline.SearchQuery{Text: "နေပြည်တော်"},
			[]string{"council-meeting-my"}},
		{"Burmese syllables inside a word", timeline.SearchQuery{Text: "ဖမ်းဆီး"},
			[]string{"yangon-arrests-my"}},
		{"actor's name, word by word", timeline.SearchQuery{Text: "Min Aung Hlaing"},
			[]string{"coup-naypyitaw", "council-meeting-my"}},
		{"actor's name as a phrase", timeline.SearchQuery{Text: `"min aung hlaing"`},
			[]string{"coup-naypyitaw", "council-meeting-my"}},
		{"source title", timeline.SearchQuery{Text: "presidential statement"},
			[]string{"council-statement"}},
		{"source publisher", timeline.SearchQuery{Text: "Interfax"},
			[]string{"jets-delivered"}},
		{"place", timeline.SearchQuery{Text: "mandalay"},
			[]string{"mandalay-killings"}},
		{"English stem: killings finds killed", timeline.SearchQuery{Text: "killings"},
			[]string{"mandalay-killings"}},
		{"words across fields must all match", timeline.SearchQuery{Text: "Reuters Aung"},
			[]string{"coup-naypyitaw"}},
		{"combined with a category", timeline.SearchQuery{Text: "tatmadaw",
			Filter: timeline.Filter{Categories: []string{"casualties"}}},
			[]string{"mandalay-killings", "yangon-arrests-my"}},
		{"combined with two actors (all of them)", timeline.SearchQuery{
			Filter: timeline.Filter{Actors: []string{"tatmadaw", "min-aung-hlaing"}}},
			[]string{"coup-naypyitaw"}},
		{"combined with a date range", timeline.SearchQuery{Text: "naypyitaw",
			Filter: timeline.Filter{From: day("2022")}},
			[]string{"jets-delivered"}},
		{"confidential source title is not searchable", timeline.SearchQuery{Text: "Zeyarlwin"}, nil},
		{"confidential source publisher is not searchable", timeline.SearchQuery{Text: "Field team"}, nil},
		{"draft, in-review, retracted, internal events and internal timelines are not searchable",
			timeline.SearchQuery{Text: "canary"}, nil},
		{"empty query without filters finds nothing", timeline.SearchQuery{Text: "   "}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := store.Search(context.Background(), tc.q)
			if err != nil {
				t.Fatalf("Search(%+v): %v", tc.q, err)
			}
			if got := hitSlugs(r); !slices.Equal(got, tc.want) {
				t.Errorf("Search(%q) = %v, want %v", tc.q.Text, got, tc.want)
			}
			if r.Total != len(tc.want) {
				t.Errorf("Total = %d, want %d", r.Total, len(tc.want))
			}
			for _, h := range r.Hits {
				if !h.Event.IsPublic() {
					t.Errorf("hit %s is %s/%s", h.Event.Slug, h.Event.Status, h.Event.Visibility)
				}
				if h.TimelineSlug == "search-internal" || h.TimelineSlug == "" {
					t.Errorf("hit %s links to timeline %q", h.Event.Slug, h.TimelineSlug)
				}
				for _, c := range h.Event.Citations {
					if c.Source.Confidential && c.Source.Title != "" {
						t.Errorf("hit %s carries a confidential source's title", h.Event.Slug)
					}
				}
			}
		})
	}
}

func TestSearchHostileQueries(t *testing.T) {
	t.Parallel()
	store := searchStore(t)
	statement := []string{"council-statement"}
	tests := []struct {
		q    string
		want []string
	}{
		{"%", statement},
		{"_", statement},
		{"100%", statement},
		{"members_agree", statement},
		{"'utmost", statement},
		{`\`, statement},
		{"(10 March)", statement},
		{"[sic]", statement},
		{".*", statement},
		{"S/PRST/2021/5", statement},
		{"%%%", nil},
		{"a_b", nil},
		{"x%y", nil},
		{`\%`, nil},
		{"[", statement},
		{"(10", statement},
		{"(Tatmadaw)", []string{"coup-naypyitaw", "mandalay-killings", "yangon-arrests-my", "jets-delivered"}},
		{"'; DROP TABLE events; --", nil},
		{`"unclosed phrase`, nil},
		{`"" "" ""`, nil},
		{"!!! & | <-> :*", nil},
		{"-army or", nil},
		{"\x00\xff", nil},
		{strings.Repeat("long ", 500), nil},
	}
	for _, tc := range tests {
		r, err := store.Search(context.Background(), timeline.SearchQuery{Text: tc.q})
		if err != nil {
			t.Errorf("Search(%q): %v", tc.q, err)
			continue
		}
		if got := hitSlugs(r); !slices.Equal(got, tc.want) {
			t.Errorf("Search(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
	// The table is still there.
	r, err := store.Search(context.Background(), timeline.SearchQuery{Text: "naypyitaw"})
	if err != nil || r.Total != 3 {
		t.Errorf("after hostile queries: %d results, %v", r.Total, err)
	}
}

// TestSearchFacetsMatchData checks results and facet counts against the
// public events as the timeline pages read them, matched here in Go.
func TestSearchFacetsMatchData(t *testing.T) {
	t.Parallel()
	store := searchStore(t)
	ctx := context.Background()
	var public []timeline.Event
	for _, slug := range []string{"search-test", "search-second"} {
		pt, err := store.PublicTimeline(ctx, slug, timeline.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		public = append(public, pt.Events...)
	}
	contains := func(e timeline.Event, term string) bool {
		fields := []string{e.Title, e.Summary, e.Place.Name}
		for _, a := range e.Actors {
			fields = append(fields, a.Actor.Name)
		}
		for _, c := range e.Citations {
			if !c.Source.Confidential {
				fields = append(fields, c.Source.Title, c.Source.Publisher)
			}
		}
		for _, f := range fields {
			if strings.Contains(strings.ToLower(f), strings.ToLower(term)) {
				return true
			}
		}
		return false
	}
	for _, q := range []string{"Myanmar", "tatmadaw", "ရန်ကုန်", "Naypyitaw", "security"} {
		var want []string
		cats, actors, years := map[string]int{}, map[string]int{}, map[string]int{}
		for _, e := range public {
			if !contains(e, q) {
				continue
			}
			want = append(want, e.Slug)
			cats[e.Category.Slug]++
			for _, a := range e.Actors {
				actors[a.Actor.Slug]++
			}
			years[strconv.Itoa(e.When.Start.Year)]++
		}
		if len(want) == 0 {
			t.Fatalf("query %q matches nothing in the data: a useless test case", q)
		}
		r, err := store.Search(ctx, timeline.SearchQuery{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if got := sortedCopy(hitSlugs(r)); !slices.Equal(got, sortedCopy(want)) {
			t.Errorf("%q: results %v, want %v", q, got, sortedCopy(want))
		}
		for _, f := range []struct {
			name string
			got  []timeline.FacetCount
			want map[string]int
		}{{"category", r.Categories, cats}, {"actor", r.Actors, actors}, {"year", r.Years, years}} {
			got := map[string]int{}
			for _, c := range f.got {
				got[c.Value] = c.Count
				if c.Label == "" {
					t.Errorf("%q: %s facet %s has no label", q, f.name, c.Value)
				}
			}
			if len(got) != len(f.want) {
				t.Errorf("%q: %s facets %v, want %v", q, f.name, got, f.want)
				continue
			}
			for k, n := range f.want {
				if got[k] != n {
					t.Errorf("%q: %s facet %s = %d, want %d", q, f.name, k, got[k], n)
				}
			}
		}
		for i := 1; i < len(r.Years); i++ {
			if r.Years[i-1].Value >= r.Years[i].Value {
				t.Errorf("%q: year facets out of order: %v", q, r.Years)
			}
		}
	}
}

func TestSearchPagesInDateOrder(t *testing.T) {
	t.Parallel()
	store := searchStore(t)
	ctx := context.Background()
	all, err := store.Search(ctx, timeline.SearchQuery{Text: "tatmadaw"})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total != 4 || len(all.Hits) != 4 {
		t.Fatalf("tatmadaw: %d hits of %d, want 4", len(all.Hits), all.Total)
	}
	for i := 1; i < len(all.Hits); i++ {
		if all.Hits[i-1].Event.When.Start.Compare(all.Hits[i].Event.When.Start) > 0 {
			t.Errorf("out of date order: %v", hitSlugs(all))
		}
	}
	page2, err := store.Search(ctx, timeline.SearchQuery{Text: "tatmadaw", Limit: 3, Offset: 3})
	if err != nil {
		t.Fatal(err)
	}
	if page2.Total != 4 || !slices.Equal(hitSlugs(page2), hitSlugs(all)[3:]) {
		t.Errorf("second page = %v of %d, want %v of 4", hitSlugs(page2), page2.Total, hitSlugs(all)[3:])
	}
}

func TestSearchUnknownOrInternalTimeline(t *testing.T) {
	t.Parallel()
	store := searchStore(t)
	for _, slug := range []string{"no-such-timeline", "search-internal"} {
		_, err := store.Search(context.Background(), timeline.SearchQuery{Text: "naypyitaw", Timeline: slug})
		var te *timeline.Error
		if !errors.As(err, &te) || te.Code != timeline.ENOTFOUND {
			t.Errorf("Search on %q: %v, want ENOTFOUND", slug, err)
		}
	}
}

// TestSearchFollowsEdits checks that the triggers keep the search document
// current when a name changes or a source becomes confidential.
func TestSearchFollowsEdits(t *testing.T) {
	t.Parallel()
	store := searchStore(t)
	ctx := context.Background()
	exec := func(sql string) {
		t.Helper()
		if _, err := store.Pool().Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	find := func(q string) []string {
		t.Helper()
		r, err := store.Search(ctx, timeline.SearchQuery{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		return hitSlugs(r)
	}
	exec(`UPDATE actors SET name = 'Rosoboronexport JSC' WHERE slug = 'rosoboronexport'`)
	if got := find("JSC"); !slices.Equal(got, []string{"jets-delivered"}) {
		t.Errorf("after renaming the actor: %v", got)
	}
	exec(`UPDATE sources SET confidential = true WHERE title = 'Russia delivers jets'`)
	if got := find("Interfax"); got != nil {
		t.Errorf("a source made confidential is still searchable: %v", got)
	}
	exec(`UPDATE events SET status = 'draft' WHERE slug = 'coup-naypyitaw'`)
	if got := find("naypyitaw"); slices.Contains(got, "coup-naypyitaw") {
		t.Errorf("an unpublished event is still found: %v", got)
	}
	exec(`DELETE FROM event_actors WHERE event_id = (SELECT id FROM events WHERE slug = 'council-meeting-my')`)
	if got := find("Min Aung Hlaing"); slices.Contains(got, "council-meeting-my") {
		t.Errorf("an actor removed from an event still finds it: %v", got)
	}
}

func TestSearchTerms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  a  b ", []string{"a", "b"}},
		{`"min aung  hlaing" coup`, []string{"min aung hlaing", "coup"}},
		{`Coup coup COUP`, []string{"Coup"}},
		{`"unclosed phrase`, []string{"unclosed phrase"}},
		{`a"b`, []string{"a", "b"}},
		{"နေပြည်တော် ရန်ကုန်", []string{"နေပြည်တော်", "ရန်ကုန်"}},
		{"1 2 3 4 5 6 7 8 9 10", []string{"1", "2", "3", "4", "5", "6", "7", "8"}},
	}
	for _, tc := range tests {
		if got := postgres.SearchTerms(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("SearchTerms(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Past its cap a search gathers no more matches: it says there are more,
// counts, pages and facets only the first cap found, and pages through
// those without repeating one; at or under the cap it is exact.
func TestSearchStopsAtItsCap(t *testing.T) {
	t.Parallel()
	store := searchStore(t)
	ctx := context.Background()
	all, err := store.Search(ctx, timeline.SearchQuery{Text: "tatmadaw"})
	if err != nil || all.Total != 4 || all.More {
		t.Fatalf("tatmadaw: %d matches, more %v, %v; want 4", all.Total, all.More, err)
	}
	exact, err := store.Search(ctx, timeline.SearchQuery{Text: "tatmadaw", Cap: 4})
	if err != nil || exact.Total != 4 || exact.More || len(exact.Hits) != 4 {
		t.Errorf("cap 4: %d matches (%d hits), more %v, %v; want exactly 4", exact.Total, len(exact.Hits), exact.More, err)
	}
	capped, err := store.Search(ctx, timeline.SearchQuery{Text: "tatmadaw", Cap: 3})
	if err != nil {
		t.Fatal(err)
	}
	if capped.Total != 3 || !capped.More || len(capped.Hits) != 3 {
		t.Fatalf("cap 3: %d matches (%d hits), more %v; want 3 and more", capped.Total, len(capped.Hits), capped.More)
	}
	for i := 1; i < len(capped.Hits); i++ {
		if capped.Hits[i-1].Event.When.Start.Compare(capped.Hits[i].Event.When.Start) > 0 {
			t.Errorf("out of date order: %v", hitSlugs(capped))
		}
	}
	for _, h := range capped.Hits {
		if !slices.Contains(hitSlugs(all), h.Event.Slug) {
			t.Errorf("capped search found %s, which does not match", h.Event.Slug)
		}
	}
	for _, f := range [][]timeline.FacetCount{capped.Categories, capped.Years} {
		n := 0
		for _, c := range f {
			n += c.Count
		}
		if n != 3 {
			t.Errorf("facets %v count %d events, want the 3 gathered", f, n)
		}
	}
	// Pages of two within the three gathered.
	var paged []string
	for _, offset := range []int{0, 2} {
		p, err := store.Search(ctx, timeline.SearchQuery{Text: "tatmadaw", Cap: 3, Limit: 2, Offset: offset})
		if err != nil || p.Total != 3 || !p.More {
			t.Fatalf("offset %d: %d matches, more %v, %v", offset, p.Total, p.More, err)
		}
		paged = append(paged, hitSlugs(p)...)
	}
	if !slices.Equal(paged, hitSlugs(capped)) {
		t.Errorf("pages of two = %v, want %v", paged, hitSlugs(capped))
	}
}
