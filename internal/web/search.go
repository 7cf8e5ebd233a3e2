package web

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/labstack/echo/v4"

	"annals/internal/i18n"
	"annals/internal/markdown"
	"annals/internal/timeline"
	"annals/views"
)

// SearchStore is what search needs.
type SearchStore interface {
	Search(ctx context.Context, q timeline.SearchQuery) (timeline.SearchResults, error)
}

// Search results per page, and the furthest page offered.
const (
	searchPageSize = 50
	searchMaxPage  = 200
	snippetRunes   = 260
)

// searchRequest is a search as read from the query string.
type searchRequest struct {
	Text   string
	Filter timeline.Filter
	Page   int
	Errors []string // in English, naming the parameter and the problem

	filterErr error  // what the filter could not read
	badPage   string // the page number given, when it was not one
}

// errorsIn is r.Errors in the reader's language: English keeps the
// messages as written (they name the problem exactly); other languages get
// the catalogue's sentences for the same problems.
func (r searchRequest) errorsIn(c echo.Context) []string {
	if langOf(c) == i18n.Default {
		return r.Errors
	}
	out := filterProblems(c, r.filterErr) // public.go
	if r.badPage != "" {
		out = append(out, tr(c, "search.error.page", r.badPage, searchMaxPage))
	}
	return out
}

func readSearchRequest(q url.Values) searchRequest {
	r := searchRequest{Text: strings.TrimSpace(q.Get("q")), Page: 1}
	if utf8.RuneCountInString(r.Text) > 500 {
		r.Text = string([]rune(r.Text)[:500])
	}
	f, err := timeline.FilterFromQuery(q)
	r.Filter, r.filterErr = f, err
	if v, ok := err.(*timeline.ValidationError); ok {
		for _, p := range v.Problems {
			r.Errors = append(r.Errors, p.String())
		}
	}
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > searchMaxPage {
			r.badPage = p
			r.Errors = append(r.Errors, fmt.Sprintf("page: %q is not a page number from 1 to %d", p, searchMaxPage))
		} else {
			r.Page = n
		}
	}
	return r
}

// values writes the request back as a query string, without the page.
func (r searchRequest) values() url.Values {
	v := r.Filter.Query()
	if r.Text != "" {
		v.Set("q", r.Text)
	}
	return v
}

func (s *Server) search(c echo.Context) error {
	slug := c.Param("slug")
	req := readSearchRequest(c.QueryParams())
	res, err := s.store.Search(c.Request().Context(), timeline.SearchQuery{
		Text:     req.Text,
		Timeline: slug,
		Filter:   req.Filter,
		Limit:    searchPageSize,
		Offset:   (req.Page - 1) * searchPageSize,
		Cap:      s.config.SearchMatches,
	})
	if err != nil {
		return err
	}
	action := "/search"
	page := views.SearchPage{
		Meta: views.Meta{
			Title:   tr(c, "search.all") + " · Annals",
			Lang:    langOf(c),
			NoIndex: true, // result pages are for readers, not for search engines
		},
		Heading: tr(c, "search.all"),
		Errors:  req.errorsIn(c),
	}
	if slug != "" {
		action = timelinePath(slug) + "/search"
		page.Meta.Title = tr(c, "search.title.timeline", res.Timeline.Title) + " · Annals"
		page.Meta.Lang = res.Timeline.Language
		page.Heading = tr(c, "search.timeline")
		page.Scope = views.Link{Label: res.Timeline.Title, URL: timelinePath(slug)}
	}
	page.Form = views.SearchBox{Action: action, Query: req.Text, Label: tr(c, "search.words"), ID: "search-q"}
	for k, vs := range req.values() {
		if k == "q" {
			continue
		}
		for _, v := range vs {
			page.Form.Hidden = append(page.Form.Hidden, views.HiddenField{Name: k, Value: v})
		}
	}
	slices.SortFunc(page.Form.Hidden, func(a, b views.HiddenField) int { return strings.Compare(a.Name+a.Value, b.Name+b.Value) })
	if len(res.Terms) == 0 && req.Filter.IsZero() {
		return render(c, statusOK, views.Search(page))
	}
	page.Searched = true
	page.Summary = searchSummary(c, res, req)
	if req.Text != "" {
		page.Meta.Title = req.Text + " · " + page.Meta.Title
	}
	link := func(v url.Values) string {
		if enc := v.Encode(); enc != "" {
			return action + "?" + enc
		}
		return action
	}
	page.Active = activeFilters(c, req, res, link)
	page.Facets = facetGroups(c, req, res, link)
	if err := s.translateHits(c.Request().Context(), res.Hits); err != nil {
		return err
	}
	hl := newHighlighter(res.Terms, res.Stems)
	for _, h := range res.Hits {
		page.Results = append(page.Results, searchResult(langOf(c), h, hl))
	}
	if req.Page > 1 {
		v := req.values()
		if req.Page > 2 {
			v.Set("page", strconv.Itoa(req.Page-1))
		}
		page.Prev = link(v)
	}
	if req.Page*searchPageSize < res.Total && req.Page < searchMaxPage {
		v := req.values()
		v.Set("page", strconv.Itoa(req.Page+1))
		page.Next = link(v)
	}
	if res.Total > searchPageSize {
		last := min((res.Total+searchPageSize-1)/searchPageSize, searchMaxPage)
		page.PageLabel = tr(c, "search.page", req.Page, last)
	}
	return render(c, statusOK, views.Search(page))
}

// searchSummary says how many events match, or, past the store's cap,
// that more than that many do.
func searchSummary(c echo.Context, res timeline.SearchResults, req searchRequest) string {
	if res.More {
		n := views.Count(c.Request().Context(), int64(res.Total))
		if req.Text != "" {
			return tr(c, "search.count.more", n, req.Text)
		}
		return tr(c, "search.count.filters.more", n)
	}
	if req.Text != "" {
		return trN(c, "search.count", res.Total, req.Text)
	}
	return trN(c, "search.count.filters", res.Total)
}

// activeFilters lists the filters in force, each with a link that drops it.
func activeFilters(ec echo.Context, req searchRequest, res timeline.SearchResults, link func(url.Values) string) []views.Link {
	label := func(facets []timeline.FacetCount, value string) string {
		for _, f := range facets {
			if f.Value == value {
				return f.Label
			}
		}
		return value
	}
	var out []views.Link
	for _, c := range req.Filter.Categories {
		r := req
		r.Filter.Categories = without(req.Filter.Categories, c)
		out = append(out, views.Link{Label: tr(ec, "search.active.category", label(res.Categories, c)), URL: link(r.values())})
	}
	for _, a := range req.Filter.Actors {
		r := req
		r.Filter.Actors = without(req.Filter.Actors, a)
		out = append(out, views.Link{Label: tr(ec, "search.active.actor", label(res.Actors, a)), URL: link(r.values())})
	}
	for _, id := range req.Filter.Places {
		r := req
		r.Filter.Places = withoutID(req.Filter.Places, id)
		key := strconv.FormatInt(id, 10)
		name := tr(ec, "map.place.unknown", key)
		for _, f := range res.Places {
			if f.Value == key {
				name = i18n.PlaceName(langOf(ec), f.Label, f.Country)
			}
		}
		out = append(out, views.Link{Label: tr(ec, "search.active.place", name), URL: link(r.values())})
	}
	if !req.Filter.From.IsZero() || !req.Filter.To.IsZero() {
		r := req
		r.Filter.From, r.Filter.To = timeline.FuzzyDate{}, timeline.FuzzyDate{}
		lang := langOf(ec)
		span := i18n.FormatDate(lang, req.Filter.From) + " – " + i18n.FormatDate(lang, req.Filter.To)
		if req.Filter.From == req.Filter.To {
			span = i18n.FormatDate(lang, req.Filter.From)
		}
		out = append(out, views.Link{Label: tr(ec, "search.active.dates", strings.TrimSpace(span)), URL: link(r.values())})
	}
	return out
}

// facetGroups turns facet counts into links: a value not yet chosen adds
// itself to the search (narrowing it, since every count is over the current
// results); a chosen one links to the search without it. Past the store's
// cap the counts are of a sample of the results, and are not shown.
func facetGroups(c echo.Context, req searchRequest, res timeline.SearchResults, link func(url.Values) string) []views.FacetGroup {
	count := func(n int) int {
		if res.More {
			return 0
		}
		return n
	}
	cats := views.FacetGroup{Title: tr(c, "filter.category"), ID: "facet-category"}
	for _, f := range res.Categories {
		r := req
		selected := slices.Contains(req.Filter.Categories, f.Value)
		if selected {
			r.Filter.Categories = without(req.Filter.Categories, f.Value)
		} else {
			r.Filter.Categories = append(slices.Clone(req.Filter.Categories), f.Value)
		}
		cats.Items = append(cats.Items, views.FacetItem{Label: f.Label, Count: count(f.Count), URL: link(r.values()), Selected: selected})
	}
	actors := views.FacetGroup{Title: tr(c, "filter.actor"), ID: "facet-actor"}
	for _, f := range res.Actors {
		r := req
		selected := slices.Contains(req.Filter.Actors, f.Value)
		if selected {
			r.Filter.Actors = without(req.Filter.Actors, f.Value)
		} else {
			r.Filter.Actors = append(slices.Clone(req.Filter.Actors), f.Value)
		}
		actors.Items = append(actors.Items, views.FacetItem{Label: f.Label, Count: count(f.Count), URL: link(r.values()), Selected: selected})
	}
	years := views.FacetGroup{Title: tr(c, "search.year"), ID: "facet-year"}
	for _, f := range res.Years {
		r := req
		y, err := strconv.Atoi(f.Value)
		if err != nil {
			continue
		}
		d, err := timeline.NewYear(y)
		if err != nil {
			continue
		}
		selected := req.Filter.From == d && req.Filter.To == d
		if selected {
			r.Filter.From, r.Filter.To = timeline.FuzzyDate{}, timeline.FuzzyDate{}
		} else {
			r.Filter.From, r.Filter.To = d, d
		}
		years.Items = append(years.Items, views.FacetItem{Label: i18n.Digits(langOf(c), f.Label), Count: count(f.Count), URL: link(r.values()), Selected: selected})
	}
	places := views.FacetGroup{Title: tr(c, "event.place"), ID: "facet-place"}
	for _, f := range res.Places {
		id, err := strconv.ParseInt(f.Value, 10, 64)
		if err != nil {
			continue
		}
		r := req
		selected := slices.Contains(req.Filter.Places, id)
		if selected {
			r.Filter.Places = withoutID(req.Filter.Places, id)
		} else {
			r.Filter.Places = append(slices.Clone(req.Filter.Places), id)
		}
		places.Items = append(places.Items, views.FacetItem{Label: i18n.PlaceName(langOf(c), f.Label, f.Country), Count: count(f.Count), URL: link(r.values()), Selected: selected})
	}
	var out []views.FacetGroup
	for _, g := range []views.FacetGroup{cats, actors, places, years} {
		if len(g.Items) > 0 {
			out = append(out, g)
		}
	}
	return out
}

func withoutID(list []int64, id int64) []int64 {
	var out []int64
	for _, x := range list {
		if x != id {
			out = append(out, x)
		}
	}
	return out
}

func without(list []string, s string) []string {
	var out []string
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// searchResult is one hit with its matched words marked. Marks are
// segments the view wraps in <mark>; templ escapes every segment, so no
// HTML is ever built from the reader's words or the event's text.
func searchResult(lang string, h timeline.SearchHit, hl highlighter) views.SearchResult {
	e := h.Event
	r := views.SearchResult{
		URL:           eventPath(h.TimelineSlug, e.Slug),
		Title:         hl.mark(e.Title),
		TitleLang:     textLang(e.Title, e.TextLang),
		Date:          i18n.FormatRange(lang, e.When),
		DateTime:      e.When.StartDateTime(),
		Category:      e.Category.Name,
		TimelineTitle: h.TimelineTitle,
		TimelineURL:   timelinePath(h.TimelineSlug),
	}
	if p := placeText(lang, e.Place); p != "" {
		r.Place = hl.mark(p)
	}
	text := plainText(markdown.Stored(e.Summary, e.SummaryHTML))
	r.Snippet = hl.mark(hl.snippet(text, snippetRunes))
	r.SnippetLang = textLang(text, e.TextLang)
	for _, a := range e.Actors {
		r.Actors = append(r.Actors, hl.mark(a.Actor.Name))
	}
	for _, c := range e.Citations {
		if c.Source.Confidential {
			continue
		}
		for _, s := range []string{c.Source.Title, c.Source.Publisher} {
			if hl.matches(s) {
				r.Sources = append(r.Sources, hl.mark(c.Source.Title))
				break
			}
		}
	}
	return r
}

// plainText is the text of a summary's HTML, for snippets.
func plainText(html string) string {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		return html
	}
	return strings.Join(strings.Fields(doc.Text()), " ")
}

// scriptLang returns "my" for text in Myanmar script, so screen readers
// switch voice, and "" otherwise (the page's language applies).
func scriptLang(s string) string {
	for _, r := range s {
		if unicode.Is(unicode.Myanmar, r) {
			return "my"
		}
	}
	return ""
}

// textLang is the language of a text for its lang attribute: the language
// the store says it is written in, else a guess from its script (Burmese
// for Myanmar script, English otherwise).
func textLang(text, stored string) string {
	if stored != "" {
		return stored
	}
	if l := scriptLang(text); l != "" {
		return l
	}
	return "en"
}
