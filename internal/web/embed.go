package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"

	"annals/internal/i18n"
	"annals/internal/timeline"
	"annals/views"
)

// EmbedStore is what embeds, charts, print and HTTP caching need beyond the
// public pages.
type EmbedStore interface {
	TimelineFingerprint(ctx context.Context, slug, eventSlug string) (timeline.Fingerprint, error)
	HomeFingerprint(ctx context.Context) (timeline.Fingerprint, error)
}

// embedContentSecurityPolicy is the site's policy with one difference: any
// site may frame an embed.
var embedContentSecurityPolicy = securityPolicy("*")

// isEmbedRoute reports whether a route may be framed by other sites. Every
// other route is refused in frames (X-Frame-Options and frame-ancestors).
func isEmbedRoute(path string) bool { return strings.HasPrefix(path, "/embed/") }

// Embed heights, in CSS pixels.
const (
	defaultEmbedHeight = 600
	defaultCardHeight  = 420
	minEmbedHeight     = 200
	maxEmbedHeight     = 4000
)

// noCookies drops any Set-Cookie header another layer might add: an embed
// sits on somebody else's page and must not track its readers.
func noCookies(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Before(func() { c.Response().Header().Del(echo.HeaderSetCookie) })
		return next(c)
	}
}

// embedOptions is what an embed shows: the page's filters plus order, view
// and language. It round-trips through the query string of the embed URL.
type embedOptions struct {
	Filter timeline.Filter
	Newest bool   // newest first; oldest first is the default, as on the page
	Chart  bool   // view=chart
	Metric string // with Chart
	Lang   string // requested language; empty follows the reader
	Height int    // the iframe's height before the script resizes it
	Latest int    // latest=N: only the newest N events, newest first (0: every event, in windows)
}

// parseEmbedOptions reads the options. Unreadable values are reported as
// problems, naming the parameter, and left at their defaults.
func parseEmbedOptions(q url.Values) (embedOptions, error) {
	o := embedOptions{Height: defaultEmbedHeight}
	p := timeline.NewProblems("")
	f, err := timeline.FilterFromQuery(q)
	p.Merge(err)
	o.Filter = f
	switch v := q.Get("order"); v {
	case "", "oldest":
	case "newest":
		o.Newest = true
	default:
		p.Add("order", "%q must be newest or oldest", v)
	}
	switch v := q.Get("view"); v {
	case "", "timeline":
	case "chart":
		o.Chart = true
	default:
		p.Add("view", "%q must be timeline or chart", v)
	}
	if m := q.Get("metric"); m != "" {
		if !validMetric(m) {
			p.Add("metric", "%q is not a metric name (a lower-case word like killed)", m)
		} else {
			o.Metric = m
		}
	}
	if o.Chart && o.Metric == "" {
		p.Add("metric", "is required with view=chart (for example metric=killed)")
		o.Chart = false
	}
	if l := q.Get("lang"); l != "" {
		if err := timeline.ValidateLanguage(l); err != nil {
			p.AddErr("lang", err)
		} else {
			o.Lang = l
		}
	}
	if n, err := timeline.LatestFromQuery(q); err != nil {
		p.Add("latest", "%q must be a number of events from 1 to %d", q.Get("latest"), timeline.MaxLatest)
	} else {
		o.Latest = n
	}
	if h := q.Get("height"); h != "" {
		n, err := strconv.Atoi(h)
		if err != nil || n < minEmbedHeight || n > maxEmbedHeight {
			p.Add("height", "%q must be a number of pixels from %d to %d", h, minEmbedHeight, maxEmbedHeight)
		} else {
			o.Height = n
		}
	}
	return o, p.Err()
}

// query writes the options that change what the embed shows, in a stable
// order (height is the iframe's business, not the page's).
func (o embedOptions) query() url.Values {
	q := o.Filter.Query()
	if o.Newest {
		q.Set("order", "newest")
	}
	if o.Chart {
		q.Set("view", "chart")
		q.Set("metric", o.Metric)
	}
	if o.Lang != "" {
		q.Set("lang", o.Lang)
	}
	if o.Latest > 0 && !o.Chart {
		q.Set("latest", strconv.Itoa(o.Latest))
	}
	return q
}

// validMetric reports whether m can be a metric name (the rule
// timeline.Figure.Validate applies).
func validMetric(m string) bool {
	if m == "" || len(m) > 40 || m[0] < 'a' || m[0] > 'z' {
		return false
	}
	for _, r := range m {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// origin is the scheme and host that absolute links use: the configured
// base URL, or else the address the request came to. Forwarded headers are
// not trusted: set ANNALS_BASE_URL behind a proxy.
func (s *Server) origin(c echo.Context) string {
	if s.config.BaseURL != "" {
		return s.config.BaseURL
	}
	scheme := "http"
	if c.Request().TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request().Host
}

// snippet is the HTML an author pastes: the iframe, with a fixed height
// that works without scripts, and the script that sizes it. A width of
// "100%" fills the column; a number of pixels still shrinks to fit one.
func snippet(origin, src, title string, width string, height int) string {
	style := "border:0;max-width:100%"
	if width == "100%" {
		style = "border:0;width:100%;max-width:100%"
	}
	return fmt.Sprintf(`<iframe src="%s" title="%s" width="%s" height="%d" style="%s" loading="lazy"></iframe>`+"\n"+
		`<script async src="%s/static/embed.js"></script>`,
		html.EscapeString(origin+src), html.EscapeString(title), width, height, style, html.EscapeString(origin))
}

func (s *Server) embedTimeline(c echo.Context) error {
	slug := c.Param("slug")
	opt, err := parseEmbedOptions(c.QueryParams())
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	win, err := embedWindow(c.QueryParams())
	if err != nil {
		return err
	}
	pt, err := s.store.PublicTimelineFacets(ctx, slug)
	if err != nil {
		return err
	}
	var w timeline.EventWindow
	if opt.Chart {
		// A chart draws every figure under the filter.
		pt.Events, err = s.store.PublicFigureEvents(ctx, slug, opt.Filter)
	} else {
		w, err = s.store.PublicEventWindow(ctx, slug, opt.Filter, win)
		pt.Events = w.Events
	}
	if err != nil {
		return err
	}
	if err := s.translateContent(ctx, &pt.Timeline, pt.Events); err != nil { // staff_translations.go
		return err
	}
	counts, err := s.store.PublicEventCounts(ctx, slug, opt.Filter)
	if err != nil {
		return err
	}
	pageURL := withQuery(timelinePath(slug), opt.Filter.Query())
	// Citations point at the embed's own list of sources, inside the frame:
	// the full page lists only the sources of the window it shows, so a
	// link there could miss. The numbers are the same on every page.
	numbers, err := s.publicSourceNumbers(c.Request().Context(), slug, "#source-", [][]timeline.Event{pt.Events})
	if err != nil {
		return err
	}
	page := views.EmbedPage{
		Meta: views.Meta{
			Title:     pt.Timeline.Title + " · Annals",
			Lang:      pt.Timeline.TextLang,
			Canonical: s.absolute(pageURL),
			NoIndex:   true,
		},
		Title:      pt.Timeline.Title,
		PageURL:    pageURL,
		FilterText: filterText(c, opt.Filter, pt),
		Count:      trN(c, "home.events", countOf(counts)),
	}
	if opt.Chart {
		charts := chartViews(c.Request().Context(), slug, pt.Events, numbers, opt.Filter, opt.Metric)
		if len(charts) == 0 {
			return timeline.Errorf(timeline.ENOTFOUND, "This timeline has no %q figures.", opt.Metric)
		}
		page.Chart = &charts[0]
		page.Chart.Collapsed = true // an embed is small: the picture first, the table one click away
		page.Count = trN(c, "chart.figures", len(charts[0].Rows))
	} else {
		page.Years = windowYears(slug, win, pt.Events, numbers)
		if win.Size > 0 && len(pt.Events) < countOf(counts) {
			page.Count = trN(c, "embed.latest.count", len(pt.Events), views.Count(ctx, int64(countOf(counts))))
		}
		if win.Size == 0 { // "latest N" is a fixed view: more is on the full page
			base := opt.query()
			base.Del("view")
			page.Window = windowNav(c, c.Request().URL.Path, w, base)
		}
	}
	page.Sources = numbers.entries()
	if page.Chart != nil {
		page.Sources = citedIn(page.Sources, page.Chart.Rows)
	}
	return render(c, statusOK, views.EmbedTimeline(page))
}

// embedWindow reads an embed's window: the page's (after, before, at,
// order), or latest=N, the newest N events.
func embedWindow(q url.Values) (timeline.Window, error) {
	win, err := timeline.WindowFromQuery(q)
	if err != nil {
		return win, err
	}
	n, err := timeline.LatestFromQuery(q)
	if err != nil || n == 0 {
		return win, err
	}
	if !win.IsFirst() {
		return win, timeline.Errorf(timeline.EINVALID, "latest cannot be combined with after, before or at")
	}
	return timeline.Window{Newest: true, Size: n}, nil
}

// citedIn keeps the sources a chart's table cites.
func citedIn(sources []views.SourceEntry, rows []views.ChartRow) []views.SourceEntry {
	var out []views.SourceEntry
	for _, src := range sources {
		if slices.ContainsFunc(rows, func(r views.ChartRow) bool { return r.Citation.N == src.N }) {
			out = append(out, src)
		}
	}
	return out
}

// newestFirst reverses the grouped events: years, months and events.
func newestFirst(years []views.YearGroup) []views.YearGroup {
	out := slices.Clone(years)
	slices.Reverse(out)
	for i := range out {
		out[i].Months = slices.Clone(out[i].Months)
		slices.Reverse(out[i].Months)
		for j := range out[i].Months {
			out[i].Months[j].Events = slices.Clone(out[i].Months[j].Events)
			slices.Reverse(out[i].Months[j].Events)
		}
	}
	return out
}

func (s *Server) embedEvent(c echo.Context) error {
	t, e, err := s.store.PublicEvent(c.Request().Context(), c.Param("slug"), c.Param("event"))
	if err != nil {
		return err
	}
	if e, err = s.translateEvent(c.Request().Context(), &t, e); err != nil { // staff_translations.go
		return err
	}
	permalink := eventPath(t.Slug, e.Slug)
	numbers, err := s.publicSourceNumbers(c.Request().Context(), t.Slug, "#source-", [][]timeline.Event{{e}})
	if err != nil {
		return err
	}
	page := views.EmbedEventPage{
		Meta: views.Meta{
			Title:     e.Title + " · " + t.Title,
			Lang:      t.TextLang,
			Canonical: s.absolute(permalink),
			NoIndex:   true,
		},
		PageURL: permalink,
		Event:   eventCard(t.Slug, e, numbers),
	}
	page.Sources = numbers.entries()
	return render(c, statusOK, views.EmbedEvent(page))
}

// embedChooser is the page behind the "Embed" link of a timeline: a GET form
// whose answer is the snippet, and a preview.
func (s *Server) embedChooser(c echo.Context) error {
	slug := c.Param("slug")
	opt, optErr := parseEmbedOptions(c.QueryParams())
	// Facets and metrics come from what is kept at write time: the chooser
	// of a 100,000-event timeline loads no event.
	pt, err := s.store.PublicTimelineFacets(c.Request().Context(), slug)
	if err != nil {
		return err
	}
	counted, err := s.store.PublicFigureMetrics(c.Request().Context(), slug, timeline.Filter{})
	if err != nil {
		return err
	}
	var metrics []string
	for _, m := range counted {
		metrics = append(metrics, m.Metric)
	}
	if opt.Chart && !slices.Contains(metrics, opt.Metric) {
		optErr = joinProblems(optErr, "metric", fmt.Sprintf("this timeline has no %q figures", opt.Metric))
		opt.Chart, opt.Metric = false, ""
	}
	embedPath := withQuery(embedTimelinePath(slug), opt.query())
	origin := s.origin(c)
	page := views.EmbedChooserPage{
		Meta: views.Meta{
			Title:   tr(c, "embed.title", pt.Timeline.Title) + " · Annals",
			Lang:    pt.Timeline.Language,
			NoIndex: true,
		},
		Title:       pt.Timeline.Title,
		TimelineURL: timelinePath(slug),
		Snippet:     snippet(origin, embedPath, pt.Timeline.Title+" (Annals)", "100%", opt.Height),
		PreviewURL:  embedPath,
		Height:      opt.Height,
		OEmbedURL:   oembedPath(origin + withQuery(timelinePath(slug), opt.Filter.Query())),
	}
	if v, ok := optErr.(*timeline.ValidationError); ok && langOf(c) == i18n.Default {
		for _, p := range v.Problems {
			page.Errors = append(page.Errors, p.String())
		}
	} else {
		page.Errors = filterProblems(c, optErr) // dates in the reader's language (public.go)
	}
	form := views.EmbedForm{
		Action: c.Request().URL.Path,
		From:   dateField(opt.Filter.From, c.QueryParam("from")),
		To:     dateField(opt.Filter.To, c.QueryParam("to")),
		Height: strconv.Itoa(opt.Height),
		Latest: latestText(opt.Latest),
		Order: []views.Option{
			{Value: "oldest", Label: tr(c, "embed.order.oldest"), Checked: !opt.Newest},
			{Value: "newest", Label: tr(c, "embed.order.newest"), Checked: opt.Newest},
		},
		Views: []views.Option{{Value: "timeline", Label: tr(c, "embed.view.timeline"), Checked: !opt.Chart}},
		Languages: []views.Option{
			{Value: "", Label: tr(c, "embed.lang.reader"), Checked: opt.Lang == ""},
			{Value: pt.Timeline.Language, Label: languageName(pt.Timeline.Language), Checked: opt.Lang == pt.Timeline.Language},
		},
	}
	if opt.Lang != "" && opt.Lang != pt.Timeline.Language {
		form.Languages = append(form.Languages, views.Option{Value: opt.Lang, Label: languageName(opt.Lang), Checked: true})
	}
	if len(metrics) > 0 {
		form.Views = append(form.Views, views.Option{Value: "chart", Label: tr(c, "embed.view.chart"), Checked: opt.Chart})
		for _, m := range metrics {
			form.Metrics = append(form.Metrics, views.Option{Value: m, Label: views.Metric(c.Request().Context(), m), Checked: m == opt.Metric})
		}
	}
	for _, cat := range pt.Categories {
		form.Categories = append(form.Categories, views.Option{Value: cat.Slug, Label: cat.Name, Checked: has(opt.Filter.Categories, cat.Slug)})
	}
	for _, a := range pt.Actors {
		form.Actors = append(form.Actors, views.Option{Value: a.Slug, Label: a.Name, Checked: has(opt.Filter.Actors, a.Slug)})
	}
	page.Form = form
	return render(c, statusOK, views.EmbedChooser(page))
}

// latestText is the form's value of latest=N: empty for every event.
func latestText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func joinProblems(err error, field, msg string) error {
	p := timeline.NewProblems("")
	p.Merge(err)
	p.Add(field, "%s", msg)
	return p.Err()
}

// languageName names an interface language in itself ("မြန်မာ"), as the
// switcher does; other languages go by their tag.
func languageName(tag string) string {
	if msgs := i18n.Messages(); msgs.Has(tag) {
		return msgs.T(tag, "language.name")
	}
	return tag
}

// filterText says in words what a filter selects, in the reader's
// language, or "" for everything.
func filterText(c echo.Context, f timeline.Filter, pt timeline.PublicTimeline) string {
	lang := langOf(c)
	var parts []string
	name := func(slug string, names map[string]string) string {
		if n, ok := names[slug]; ok {
			return n
		}
		return slug
	}
	cats := map[string]string{}
	for _, c := range pt.Categories {
		cats[c.Slug] = c.Name
	}
	actors := map[string]string{}
	for _, a := range pt.Actors {
		actors[a.Slug] = a.Name
	}
	var list []string
	for _, c := range f.Categories {
		list = append(list, name(c, cats))
	}
	if len(list) > 0 {
		parts = append(parts, tr(c, "search.active.category", strings.Join(list, tr(c, "filter.text.or"))))
	}
	list = nil
	for _, a := range f.Actors {
		list = append(list, name(a, actors))
	}
	if len(list) > 0 {
		parts = append(parts, tr(c, "search.active.actor", strings.Join(list, tr(c, "filter.text.or"))))
	}
	switch {
	case !f.From.IsZero() && !f.To.IsZero():
		parts = append(parts, tr(c, "filter.text.range", i18n.FormatDate(lang, f.From), i18n.FormatDate(lang, f.To)))
	case !f.From.IsZero():
		parts = append(parts, tr(c, "filter.text.from", i18n.FormatDate(lang, f.From)))
	case !f.To.IsZero():
		parts = append(parts, tr(c, "filter.text.to", i18n.FormatDate(lang, f.To)))
	}
	s := []rune(strings.Join(parts, "; "))
	if len(s) > 0 {
		s[0] = unicode.ToUpper(s[0])
	}
	return string(s)
}

// addTimelineExtras adds what embeds, charts and print bring to a timeline
// page: links to the print view and the embed chooser, the charts, and the
// oEmbed discovery link. numbers must already hold the page's citations.
func (s *Server) addTimelineExtras(c echo.Context, page *views.TimelinePage, pt timeline.PublicTimeline,
	f timeline.Filter, numbers *sourceNumbers) {
	slug := pt.Timeline.Slug
	q := f.Query()
	page.Extras = views.TimelineExtras{
		EmbedURL: withQuery(timelinePath(slug)+"/embed", q),
		PrintURL: withQuery(timelinePath(slug)+"/print", q),
		Charts:   chartViews(c.Request().Context(), slug, pt.Events, numbers, f, ""),
	}
	page.Meta.Alternates = append(page.Meta.Alternates, views.Alternate{
		Type:  "application/json+oembed",
		Href:  s.origin(c) + oembedPath(s.origin(c)+withQuery(timelinePath(slug), q)),
		Title: pt.Timeline.Title,
	})
}

// addEventExtras adds the embed snippet and the oEmbed discovery link to an
// event page.
func (s *Server) addEventExtras(c echo.Context, page *views.EventPage, t timeline.Timeline, e timeline.Event) {
	origin := s.origin(c)
	page.Extras.Snippet = snippet(origin, embedEventPath(t.Slug, e.Slug), e.Title+" (Annals)", "100%", defaultCardHeight)
	page.Meta.Alternates = append(page.Meta.Alternates, views.Alternate{
		Type:  "application/json+oembed",
		Href:  origin + oembedPath(origin+eventPath(t.Slug, e.Slug)),
		Title: e.Title,
	})
}

// notImplemented is the oEmbed answer to a format other than JSON.
var notImplemented = echo.NewHTTPError(http.StatusNotImplemented)
