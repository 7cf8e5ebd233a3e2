package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/native"
	"annals/internal/timeline"
	"annals/internal/web"
	"annals/internal/webtest"
)

// searchApp is the app with the demo and the search test data of
// internal/postgres/testdata.
func searchApp(t *testing.T) *webtest.App {
	t.Helper()
	return searchAppWith(t, webtest.Options{})
}

func searchAppWith(t *testing.T, opt webtest.Options) *webtest.App {
	t.Helper()
	app := webtest.Start(t, opt)
	for _, name := range []string{"search-public", "search-second", "search-internal"} {
		f, err := os.Open("../postgres/testdata/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		doc, err := native.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.Store.ImportDocument(context.Background(), doc, timeline.ImportOptions{Reason: "test"}); err != nil {
			t.Fatalf("import %s: %v", name, err)
		}
	}
	return app
}

func getDoc(t *testing.T, app *webtest.App, path string, wantStatus int) (*goquery.Document, string) {
	t.Helper()
	res, body := app.Get(t, path)
	if res.StatusCode != wantStatus {
		t.Fatalf("GET %s: status %d, want %d\n%.500s", path, res.StatusCode, wantStatus, body)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc, body
}

// hits returns the result links (event permalinks) in page order.
func hits(doc *goquery.Document) []string {
	var out []string
	doc.Find(`[data-testid="search-hit"] h3 a`).Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		out = append(out, href)
	})
	return out
}

func searchPath(base string, kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return base + "?" + v.Encode()
}

func TestSearchPages(t *testing.T) {
	t.Parallel()
	app := searchApp(t)
	tests := []struct {
		name string
		path string
		want []string
		mark string // text that must be marked in the first hit
	}{
		{"English word across timelines", searchPath("/search", "q", "naypyitaw"),
			[]string{"/t/search-test/e/coup-naypyitaw", "/t/search-second/e/airport-closed", "/t/search-test/e/jets-delivered"}, "Naypyitaw"},
		{"English word on one timeline", searchPath("/t/search-test/search", "q", "Naypyitaw"),
			[]string{"/t/search-test/e/coup-naypyitaw", "/t/search-test/e/jets-delivered"}, "Naypyitaw"},
		{"Burmese word inside a longer run", searchPath("/search", "q", "နေပြည်တော်"),
			[]string{"/t/search-test/e/council-meeting-my"}, "နေပြည်တော်"},
		{"actor's name", searchPath("/t/search-test/search", "q", "Min Aung Hlaing"),
			[]string{"/t/search-test/e/coup-naypyitaw", "/t/search-test/e/council-meeting-my"}, "Min"},
		{"source title", searchPath("/t/search-test/search", "q", "presidential statement"),
			[]string{"/t/search-test/e/council-statement"}, "Presidential"},
		{"combined with a category", searchPath("/t/search-test/search", "q", "tatmadaw", "category", "casualties"),
			[]string{"/t/search-test/e/mandalay-killings", "/t/search-test/e/yangon-arrests-my"}, "Tatmadaw"},
		{"stemmed English word", searchPath("/t/search-test/search", "q", "killings"),
			[]string{"/t/search-test/e/mandalay-killings"}, "kill"},
		{"demo timeline, actor", searchPath("/t/myanmar-2021/search", "q", "Min Aung Hlaing"), nil, "Min"},
		{"confidential source title", searchPath("/search", "q", "Zeyarlwin"), []string{}, ""},
		{"unpublished and internal events", searchPath("/search", "q", "canary"), []string{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, _ := getDoc(t, app, tc.path, http.StatusOK)
			got := hits(doc)
			if tc.want != nil && !slices.Equal(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("hits = %v, want %v", got, tc.want)
			}
			if tc.want == nil && len(got) == 0 {
				t.Errorf("no hits on the demo timeline")
			}
			count := doc.Find(`[data-testid="search-count"]`).Text()
			if !strings.HasPrefix(count, strconv.Itoa(len(got))+" event") {
				t.Errorf("count %q does not say %d events", count, len(got))
			}
			if tc.mark != "" {
				var marks []string
				doc.Find(`[data-testid="search-hit"]`).First().Find("mark").Each(func(_ int, s *goquery.Selection) {
					marks = append(marks, s.Text())
				})
				if !slices.ContainsFunc(marks, func(m string) bool {
					return strings.EqualFold(m, tc.mark) || strings.HasPrefix(strings.ToLower(m), strings.ToLower(tc.mark))
				}) {
					t.Errorf("marks in first hit = %q, want %q among them", marks, tc.mark)
				}
			}
		})
	}
}

func TestSearchBurmeseIsMarkedAsBurmese(t *testing.T) {
	t.Parallel()
	app := searchApp(t)
	doc, _ := getDoc(t, app, searchPath("/search", "q", "နေပြည်တော်"), http.StatusOK)
	hit := doc.Find(`[data-testid="search-hit"]`).First()
	if lang, _ := hit.Find("h3").Attr("lang"); lang != "my" {
		t.Errorf("Burmese title has lang %q, want my", lang)
	}
	snippet := hit.Find(".snippet")
	if lang, _ := snippet.Attr("lang"); lang != "my" {
		t.Errorf("Burmese snippet has lang %q, want my", lang)
	}
	if got := snippet.Find("mark").Text(); got != "နေပြည်တော်" {
		t.Errorf("marked %q in the snippet, want နေပြည်တော်", got)
	}
	if !strings.Contains(snippet.Text(), "စစ်ကောင်စီက နေပြည်တော်တွင်") {
		t.Errorf("snippet %q lost the text around the match", snippet.Text())
	}
}

// TestSearchFacetLinksNarrow follows every facet link: each must lead to a
// search with exactly as many results as the facet counted, all of them
// among the results before.
func TestSearchFacetLinksNarrow(t *testing.T) {
	t.Parallel()
	app := searchApp(t)
	start := searchPath("/search", "q", "myanmar")
	doc, _ := getDoc(t, app, start, http.StatusOK)
	before := hits(doc)
	groups := map[string]int{}
	doc.Find(`[data-testid="facets"] ul`).Each(func(_ int, ul *goquery.Selection) {
		id, _ := ul.Attr("data-testid")
		ul.Find(`[data-testid="facet"]`).Each(func(_ int, a *goquery.Selection) {
			groups[id]++
			href, _ := a.Attr("href")
			n, err := strconv.Atoi(a.Find(`[data-testid="facet-count"]`).Text())
			if err != nil {
				t.Fatalf("facet %q has no count", a.Text())
			}
			next, _ := getDoc(t, app, href, http.StatusOK)
			after := hits(next)
			if len(after) != n {
				t.Errorf("facet %s %q counts %d, its link %s finds %d", id, strings.TrimSpace(a.Find(".facet-label").Text()), n, href, len(after))
			}
			for _, h := range after {
				if !slices.Contains(before, h) {
					t.Errorf("facet link %s found %s, which the search before did not", href, h)
				}
			}
			if q := must(url.Parse(href)).Query().Get("q"); q != "myanmar" {
				t.Errorf("facet link %s dropped the query", href)
			}
		})
	})
	for _, id := range []string{"facet-category", "facet-actor", "facet-year"} {
		if groups[id] == 0 {
			t.Errorf("no %s facets", id)
		}
	}
	// A chosen facet is marked as chosen and links back to the search without it.
	doc, _ = getDoc(t, app, searchPath("/search", "q", "myanmar", "category", "casualties"), http.StatusOK)
	sel := doc.Find(`[data-testid="facet-category"] a.selected`)
	if sel.Length() != 1 {
		t.Fatalf("%d selected category facets, want 1", sel.Length())
	}
	if href, _ := sel.Attr("href"); href != start {
		t.Errorf("selected facet links to %s, want %s", href, start)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestSearchHostileInput(t *testing.T) {
	t.Parallel()
	app := searchApp(t)
	for _, q := range []string{"%", "_", "'", `\`, "(", "[", ".*", "'; DROP TABLE events; --", `"`, "100%", "a\x00b",
		"<script>alert(1)</script>", strings.Repeat("x", 3000)} {
		res, body := app.Get(t, searchPath("/search", "q", q))
		if res.StatusCode != http.StatusOK {
			t.Errorf("q=%q: status %d", q, res.StatusCode)
		}
		if strings.Contains(body, "<script>alert(1)") {
			t.Errorf("q=%q: the query reached the page unescaped", q)
		}
	}
	// Event text is escaped too, marks and all.
	if _, err := app.Store.Pool().Exec(context.Background(),
		`UPDATE events SET title = '<img src=x onerror=alert(1)> Naypyitaw <b>seized</b>' WHERE slug = 'coup-naypyitaw'`); err != nil {
		t.Fatal(err)
	}
	doc, body := getDoc(t, app, searchPath("/search", "q", "naypyitaw <b>"), http.StatusOK)
	if strings.Contains(body, "<img src=x") || strings.Contains(body, "<b>seized") {
		t.Errorf("event text reached the page unescaped")
	}
	title := doc.Find(`[data-testid="search-hit"] h3`).First()
	if !strings.Contains(title.Text(), "<img src=x onerror=alert(1)>") || title.Find("img").Length() != 0 {
		t.Errorf("title = %q, want the text shown as text", title.Text())
	}
	if m := title.Find("mark").First().Text(); m != "Naypyitaw" && m != "<b>" {
		t.Errorf("first mark = %q", m)
	}
}

func TestSearchBadFiltersAndPages(t *testing.T) {
	t.Parallel()
	app := searchApp(t)
	doc, _ := getDoc(t, app, searchPath("/search", "q", "naypyitaw", "from", "yesterday", "page", "x"), http.StatusOK)
	errs := doc.Find(`[data-testid="search-errors"]`).Text()
	if !strings.Contains(errs, "from") || !strings.Contains(errs, "page") {
		t.Errorf("errors = %q, want from and page named", errs)
	}
	if n := len(hits(doc)); n != 3 {
		t.Errorf("%d hits with the bad filters left out, want 3", n)
	}
	getDoc(t, app, searchPath("/t/no-such-timeline/search", "q", "x"), http.StatusNotFound)
	getDoc(t, app, searchPath("/t/search-internal/search", "q", "naypyitaw"), http.StatusNotFound)
	// No query: the form, no results.
	doc, _ = getDoc(t, app, "/search", http.StatusOK)
	if doc.Find(`[data-testid="search-box"] input[name=q]`).Length() != 1 || doc.Find(`[data-testid="search-count"]`).Length() != 0 {
		t.Errorf("empty search page should show the form and no count")
	}
}

func TestSearchBoxesOnPublicPages(t *testing.T) {
	t.Parallel()
	app := searchApp(t)
	for path, action := range map[string]string{
		"/":                         "/search",
		"/t/myanmar-2021":           "/t/myanmar-2021/search",
		"/t/search-test":            "/t/search-test/search",
		"/search?q=a+b":             "/search",
		"/t/search-test/search?q=x": "/t/search-test/search",
	} {
		doc, _ := getDoc(t, app, path, http.StatusOK)
		form := doc.Find(`form[role=search][data-testid="search-box"]`)
		if got, _ := form.Attr("action"); got != action {
			t.Errorf("%s: search form action %q, want %q", path, got, action)
		}
		id, _ := form.Find("input[name=q]").Attr("id")
		if id == "" || form.Find(`label[for="`+id+`"]`).Length() != 1 {
			t.Errorf("%s: the search input has no label", path)
		}
	}
	// The box keeps the filters of the search it shows.
	doc, _ := getDoc(t, app, searchPath("/search", "q", "x", "category", "un", "place", "7"), http.StatusOK)
	var hidden []string
	doc.Find(`[data-testid="search-box"] input[type=hidden]`).Each(func(_ int, s *goquery.Selection) {
		n, _ := s.Attr("name")
		v, _ := s.Attr("value")
		hidden = append(hidden, n+"="+v)
	})
	if !slices.Equal(hidden, []string{"category=un", "place=7"}) {
		t.Errorf("hidden fields %v", hidden)
	}
}

func TestSearchPaging(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	ctx := context.Background()
	f, err := os.Open("../postgres/testdata/search-public.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := native.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	// 120 copies of one event: three pages of 50.
	base := doc.Events[0]
	doc.Events = doc.Events[:0]
	for i := range 120 {
		e := base
		e.Slug = "copy-" + strconv.Itoa(i)
		doc.Events = append(doc.Events, e)
	}
	if _, err := app.Store.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	path := searchPath("/search", "q", "naypyitaw")
	pages := 0
	for path != "" && pages < 5 {
		d, _ := getDoc(t, app, path, http.StatusOK)
		pages++
		for _, h := range hits(d) {
			if seen[h] {
				t.Errorf("%s on two pages", h)
			}
			seen[h] = true
		}
		path, _ = d.Find(`a[rel=next]`).Attr("href")
	}
	if pages != 3 || len(seen) != 120 {
		t.Errorf("%d pages, %d distinct hits; want 3 and 120", pages, len(seen))
	}
}

// Past the cap of matches a search gathers, the page says there are more
// than the cap, in every language, lists the cap's worth of results and
// offers facets without counts (they would be counts of a sample).
func TestSearchSaysMoreThanItsCap(t *testing.T) {
	t.Parallel()
	app := searchAppWith(t, webtest.Options{Config: web.Config{SearchMatches: 3}})
	path := searchPath("/search", "q", "tatmadaw")
	for _, tc := range []struct{ lang, want string }{
		{"en", "More than 3 events match “tatmadaw”"},
		{"my", "“tatmadaw” နှင့် ကိုက်ညီသော ဖြစ်စဉ် ၃ ခုထက် ပိုရှိသည်"},
		{"ar", "أكثر من 3 حدث يطابق «tatmadaw»"},
	} {
		res, body := app.Get(t, path, "Accept-Language", tc.lang)
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if res.StatusCode != http.StatusOK || err != nil {
			t.Fatalf("GET %s in %s: %d %v", path, tc.lang, res.StatusCode, err)
		}
		if got := doc.Find(`[data-testid="search-count"]`).Text(); got != tc.want {
			t.Errorf("%s: count says %q, want %q", tc.lang, got, tc.want)
		}
		if n := len(hits(doc)); n != 3 {
			t.Errorf("%s: %d hits, want the 3 gathered", tc.lang, n)
		}
		if doc.Find(`[data-testid="facet"]`).Length() == 0 || doc.Find(`[data-testid="facet-count"]`).Length() != 0 {
			t.Errorf("%s: %d facets, %d with counts; want facets without counts", tc.lang,
				doc.Find(`[data-testid="facet"]`).Length(), doc.Find(`[data-testid="facet-count"]`).Length())
		}
	}
	// Under the cap, the count is exact and facets have counts.
	doc, _ := getDoc(t, app, searchPath("/t/search-second/search", "q", "naypyitaw"), http.StatusOK)
	if got := doc.Find(`[data-testid="search-count"]`).Text(); !strings.HasPrefix(got, "1 event") {
		t.Errorf("under the cap: count says %q", got)
	}
	if doc.Find(`[data-testid="facet-count"]`).Length() == 0 {
		t.Error("under the cap: facets have no counts")
	}
}
