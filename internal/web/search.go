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

// searchRoutes: /search across every public timeline, /t/{slug}/search on
// one. The query string is the permalink: q, category, actor, place, from,
// to, page.
func (s *Server) searchRoutes(e *echo.Echo) {
	e.GET("/search", s.search)
	e.GET("/t/:slug/search", s.search)
}

// searchRequest is a search as read from the query string.
type searchRequest struct {
	Text   string
	Filter timeline.Filter
	Place  string
	Page   int
	Errors []string // in English, naming the parameter and the problem

	filterErr    error  // what the filter could not read
	placeTooLong bool   // the place was dropped
	badPage      string // the page number given, when it was not one
}

// errorsIn is r.Errors in the reader's language: English keeps the
// messages as written (they name the problem exactly); other languages get
// the catalogue's sentences for the same problems.
func (r searchRequest) errorsIn(c echo.Context) []string {
	if langOf(c) == i18n.Default {
		return r.Errors
	}
	out := filterProblems(c, r.filterErr) // public.go
	if r.placeTooLong {
		out = append(out, tr(c, "search.error.place"))
	}
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
	r.Place = strings.TrimSpace(q.Get("place"))
	if utf8.RuneCountInString(r.Place) > 200 {
		r.Place, r.placeTooLong = "", true
		r.Errors = append(r.Errors, "place: too long")
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
	if r.Place != "" {
		v.Set("place", r.Place)
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
		Place:    req.Place,
		Limit:    searchPageSize,
		Offset:   (req.Page - 1) * searchPageSize,
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
	if len(res.Terms) == 0 && req.Filter.IsZero() && req.Place == "" {
		return render(c, statusOK, views.Search(page))
	}
	page.Searched = true
	page.Summary = searchSummary(c, res.Total, req)
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

func searchSummary(c echo.Context, total int, req searchRequest) string {
	if req.Text != "" {
		return trN(c, "search.count", total, req.Text)
	}
	return trN(c, "search.count.filters", total)
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
	if req.Place != "" {
		r := req
		r.Place = ""
		out = append(out, views.Link{Label: tr(ec, "search.active.place", req.Place), URL: link(r.values())})
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
// results); a chosen one links to the search without it.
func facetGroups(c echo.Context, req searchRequest, res timeline.SearchResults, link func(url.Values) string) []views.FacetGroup {
	cats := views.FacetGroup{Title: tr(c, "filter.category"), ID: "facet-category"}
	for _, f := range res.Categories {
		r := req
		selected := slices.Contains(req.Filter.Categories, f.Value)
		if selected {
			r.Filter.Categories = without(req.Filter.Categories, f.Value)
		} else {
			r.Filter.Categories = append(slices.Clone(req.Filter.Categories), f.Value)
		}
		cats.Items = append(cats.Items, views.FacetItem{Label: f.Label, Count: f.Count, URL: link(r.values()), Selected: selected})
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
		actors.Items = append(actors.Items, views.FacetItem{Label: f.Label, Count: f.Count, URL: link(r.values()), Selected: selected})
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
		years.Items = append(years.Items, views.FacetItem{Label: i18n.Digits(langOf(c), f.Label), Count: f.Count, URL: link(r.values()), Selected: selected})
	}
	var out []views.FacetGroup
	for _, g := range []views.FacetGroup{cats, actors, years} {
		if len(g.Items) > 0 {
			out = append(out, g)
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
	if p := placeText(e.Place); p != "" {
		r.Place = hl.mark(p)
	}
	text := plainText(e.Summary)
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

// plainText is the text of a Markdown summary, for snippets.
func plainText(md string) string {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(markdown.ToHTML(md)))
	if err != nil {
		return md
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

// highlighter finds the searched words in a text: every occurrence of a
// term, ignoring case, and every word that starts with one of the English
// stems full-text search matched ("kill" marks "killed").
type highlighter struct {
	terms [][]rune
	stems [][]rune
}

func newHighlighter(terms, stems []string) highlighter {
	var h highlighter
	for _, t := range terms {
		if r := foldRunes(t); len(r) > 0 {
			h.terms = append(h.terms, r)
		}
	}
	// Stems come from the English configuration: only Latin-script stems
	// are word stems. Burmese has no spaces, so a "word" there is a whole
	// run of text and extending a match to its end would mark too much.
	for _, s := range stems {
		if r := foldRunes(s); len(r) >= 3 && latin(r) {
			h.stems = append(h.stems, r)
		}
	}
	return h
}

func latin(rs []rune) bool {
	for _, r := range rs {
		if !unicode.In(r, unicode.Latin, unicode.Digit) {
			return false
		}
	}
	return true
}

func foldRunes(s string) []rune {
	r := []rune(s)
	for i := range r {
		r[i] = unicode.ToLower(r[i])
	}
	return r
}

// spans returns the marked rune ranges of text, sorted and merged.
func (h highlighter) spans(text []rune) [][2]int {
	folded := make([]rune, len(text))
	for i, r := range text {
		folded[i] = unicode.ToLower(r)
	}
	var spans [][2]int
	for _, t := range h.terms {
		for i := 0; i+len(t) <= len(folded); i++ {
			if slices.Equal(folded[i:i+len(t)], t) {
				spans = append(spans, [2]int{i, i + len(t)})
			}
		}
	}
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	for _, s := range h.stems {
		for i := 0; i+len(s) <= len(folded); i++ {
			if (i == 0 || !isWord(folded[i-1])) && slices.Equal(folded[i:i+len(s)], s) {
				end := i + len(s)
				for end < len(folded) && isWord(folded[end]) {
					end++
				}
				spans = append(spans, [2]int{i, end})
			}
		}
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	var merged [][2]int
	for _, s := range spans {
		if n := len(merged); n > 0 && s[0] <= merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], s[1])
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

func (h highlighter) matches(s string) bool { return len(h.spans([]rune(s))) > 0 }

// mark splits s into plain and marked segments.
func (h highlighter) mark(s string) []views.Segment {
	text := []rune(s)
	var out []views.Segment
	at := 0
	for _, sp := range h.spans(text) {
		if sp[0] > at {
			out = append(out, views.Segment{Text: string(text[at:sp[0]])})
		}
		out = append(out, views.Segment{Text: string(text[sp[0]:sp[1]]), Mark: true})
		at = sp[1]
	}
	if at < len(text) || len(out) == 0 {
		out = append(out, views.Segment{Text: string(text[at:])})
	}
	return out
}

// snippet cuts text to about n runes around its first match.
func (h highlighter) snippet(text string, n int) string {
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	start := 0
	if sp := h.spans(r); len(sp) > 0 && sp[0][1] > n-40 {
		start = max(sp[0][0]-60, 0)
		// Start at a word boundary where there is one nearby.
		for i := start; i < sp[0][0] && i < start+20; i++ {
			if unicode.IsSpace(r[i]) {
				start = i + 1
				break
			}
		}
	}
	end := min(start+n, len(r))
	out := string(r[start:end])
	if start > 0 {
		out = "…" + out
	}
	if end < len(r) {
		out += "…"
	}
	return out
}

// translateMixed shows each event in the reader's language where it has a
// published translation, as the timeline pages do, for lists drawn from
// several timelines: originals[i] is the language events[i] was written in
// (its timeline's). An untranslated event's TextLang is left empty: the
// timeline's language is only a guess for one event's text (a Burmese entry
// on an English timeline), so callers let the script decide.
func (s *Server) translateMixed(ctx context.Context, events []*timeline.Event, originals []string) error {
	byLang := map[string][]int{}
	for i, original := range originals {
		byLang[original] = append(byLang[original], i)
	}
	for original, idx := range byLang {
		batch := make([]timeline.Event, len(idx))
		for j, i := range idx {
			batch[j] = *events[i]
		}
		if err := s.store.TranslateEvents(ctx, views.Lang(ctx), original, batch); err != nil {
			return fmt.Errorf("translate events written in %q: %w", original, err)
		}
		for j, i := range idx {
			if batch[j].TextLang == original {
				batch[j].TextLang = ""
			}
			*events[i] = batch[j]
		}
	}
	return nil
}

// translateHits is translateMixed for search results.
func (s *Server) translateHits(ctx context.Context, hits []timeline.SearchHit) error {
	events, originals := make([]*timeline.Event, len(hits)), make([]string, len(hits))
	for i := range hits {
		events[i], originals[i] = &hits[i].Event, hits[i].TimelineLang
	}
	return s.translateMixed(ctx, events, originals)
}
