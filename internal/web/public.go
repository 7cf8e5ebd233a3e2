package web

import (
	"cmp"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"annals/internal/i18n"
	"annals/internal/markdown"
	"annals/internal/timeline"
	"annals/views"
)

func (s *Server) home(c echo.Context) error {
	list, err := s.store.PublicTimelines(c.Request().Context())
	if err != nil {
		return err
	}
	if err := s.translateTimelines(c.Request().Context(), list); err != nil { // staff_translations.go
		return err
	}
	page := views.HomePage{Meta: views.Meta{
		Title:       tr(c, "home.title"),
		Description: tr(c, "home.description"),
		Lang:        langOf(c),
		Canonical:   s.absolute("/"),
	}}
	for _, t := range list {
		page.Timelines = append(page.Timelines, views.TimelineCard{
			URL:     timelinePath(t.Timeline.Slug),
			Title:   t.Timeline.Title,
			Summary: t.Timeline.Summary,
			Span:    i18n.FormatRange(langOf(c), timeline.DateRange{Start: t.First, End: t.Last}),
			Count:   trN(c, "home.events", t.EventCount),
			Lang:    t.Timeline.TextLang,
		})
	}
	return render(c, statusOK, views.Home(page))
}

func (s *Server) timeline(c echo.Context) error {
	slug := c.Param("slug")
	if ok, err := s.dataFile(c, slug); ok { // /t/{slug}.json, .csv, .atom (export.go)
		return err
	}
	filter, filterErr := timeline.FilterFromQuery(c.QueryParams())
	win, err := timeline.WindowFromQuery(c.QueryParams())
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	pt, err := s.store.PublicTimelineFacets(ctx, slug)
	if err != nil {
		return err
	}
	w, err := s.store.PublicEventWindow(ctx, slug, filter, win)
	if err != nil {
		return err
	}
	pt.Events = w.Events
	if err := s.translateContent(ctx, &pt.Timeline, pt.Events); err != nil { // staff_translations.go
		return err
	}
	counts, err := s.store.PublicEventCounts(ctx, slug, filter)
	if err != nil {
		return err
	}
	shown := countOf(counts)
	total := shown
	if !filter.IsZero() {
		all, err := s.store.PublicEventCounts(ctx, slug, timeline.Filter{})
		if err != nil {
			return err
		}
		total = countOf(all)
	}
	// Charts draw every figure under the filter, not only the window's:
	// in place, with their data tables, up to inlineFigures; beyond, as
	// images, so the page stays the same size whatever the timeline holds.
	metrics, err := s.store.PublicFigureMetrics(ctx, slug, filter)
	if err != nil {
		return err
	}
	var figureEvents []timeline.Event
	if figureCount(metrics) <= inlineFigures {
		if figureEvents, err = s.store.PublicFigureEvents(ctx, slug, filter); err != nil {
			return err
		}
		if err := s.store.TranslateEvents(ctx, views.Lang(ctx), pt.Timeline.Language, figureEvents); err != nil {
			return err
		}
	}
	numbers, err := s.publicSourceNumbers(ctx, slug, "#source-", [][]timeline.Event{pt.Events, figureEvents}) // viewmodel.go
	if err != nil {
		return err
	}
	numbers.pages = true
	base := filter.Query() // what the window links and the overview keep
	if win.Newest {
		base.Set("order", "newest")
	}
	page := views.TimelinePage{
		Meta: views.Meta{
			Title:       pt.Timeline.Title + " · Annals",
			Description: firstSentence(pt.Timeline.Summary),
			Lang:        pt.Timeline.TextLang,
			Canonical:   s.absolute(timelinePath(slug)),
		},
		Title:       pt.Timeline.Title,
		SummaryHTML: markdown.Stored(pt.Timeline.Summary, pt.Timeline.SummaryHTML),
		Filter:      filterForm(slug, filter, filterErr, pt, c.QueryParams()),
		Years:       windowYears(slug, win, pt.Events, numbers),
		Overview:    overview(c, slug, counts, pt.Events, base),
		Window:      windowNav(c, timelinePath(slug), w, base),
	}
	page.Meta.Share = s.share(c, "website", pt.Timeline.Title, timelinePath(slug))
	for _, y := range page.Years {
		for _, m := range y.Months {
			for i := range m.Events {
				m.Events[i].Permalink = s.origin(c) + m.Events[i].URL
			}
		}
	}
	eras, err := s.store.PublicEras(ctx, slug)
	if err != nil {
		return err
	}
	addEraBands(c, &page.Overview, slug, eras, base) // eras.go
	places, err := s.store.PublicPlaceCounts(ctx, slug, filter)
	if err != nil {
		return err
	}
	page.Map = placeMap(c, slug, places, filter.Query()) // map.go
	page.Map.Open = len(filter.Places) > 0
	page.Filter.Places = placeChips(c, slug, filter, w.Events, filter.Query())
	page.Count = trN(c, "home.events", shown)
	page.Meta.Alternates = append(page.Meta.Alternates, feedAlternate(slug, pt.Timeline.Title))
	if !filter.IsZero() {
		page.Count = tr(c, "timeline.count.filtered", i18n.Count(shown), i18n.Count(total))
		page.Meta.NoIndex = true
	}
	if langOf(c) != i18n.Default {
		page.Filter.Errors = filterProblems(c, filterErr)
	}
	if !win.IsFirst() || win.Newest {
		page.Meta.NoIndex = true // the first window is the one to index
	}
	pt.Events = figureEvents
	s.addTimelineExtras(c, &page, pt, filter, numbers) // embed, print, charts (embed.go)
	if figureCount(metrics) > inlineFigures {
		page.Extras.Charts = chartImages(c, slug, metrics, filter)
	}
	page.Sources = numbers.entries()
	return render(c, statusOK, views.Timeline(page))
}

func (s *Server) event(c echo.Context) error {
	t, e, err := s.store.PublicEvent(c.Request().Context(), c.Param("slug"), c.Param("event"))
	if err != nil {
		return err
	}
	if e, err = s.translateEvent(c.Request().Context(), &t, e); err != nil { // staff_translations.go
		return err
	}
	numbers, err := s.publicSourceNumbers(c.Request().Context(), t.Slug, "#source-", [][]timeline.Event{{e}}) // viewmodel.go
	if err != nil {
		return err
	}
	numbers.pages = true
	card := eventCard(t.Slug, e, numbers)
	card.URL = eventPath(t.Slug, e.Slug)
	card.Permalink = s.origin(c) + card.URL
	page := views.EventPage{
		Meta: views.Meta{
			Title:       e.Title + " · " + t.Title,
			Description: firstSentence(e.Summary),
			Lang:        t.TextLang,
			Canonical:   s.absolute(eventPath(t.Slug, e.Slug)),
		},
		TimelineTitle: t.Title,
		TimelineURL:   eventTimelineURL(t.Slug, e),
		Event:         card,
		Sources:       numbers.entries(),
	}
	page.Meta.Share = s.share(c, "article", e.Title, card.URL)
	if page.Neighbours, err = s.neighbours(c.Request().Context(), &t, e); err != nil {
		return err
	}
	page.Locator = locatorMap(c, t.Slug, e) // map.go
	s.addEventExtras(c, &page, t, e)        // embed snippet, oEmbed link (embed.go)
	return render(c, statusOK, views.EventView(page))
}

// dateField is what a date field of a filter form shows: the date read,
// or, where the reader's text could not be read (and was left out of the
// filter), that text, so they can mend it rather than type it again.
func dateField(read timeline.FuzzyDate, typed string) string {
	if read.IsZero() {
		return strings.TrimSpace(typed)
	}
	return read.String()
}

// countOf adds up period counts.
func countOf(counts []timeline.PeriodCount) int {
	n := 0
	for _, p := range counts {
		n += p.Count
	}
	return n
}

func filterForm(slug string, f timeline.Filter, filterErr error, pt timeline.PublicTimeline, q url.Values) views.FilterForm {
	form := views.FilterForm{
		Action:   timelinePath(slug),
		From:     dateField(f.From, q.Get("from")),
		To:       dateField(f.To, q.Get("to")),
		Active:   !f.IsZero(),
		ClearURL: timelinePath(slug),
	}
	if v, ok := filterErr.(*timeline.ValidationError); ok {
		for _, p := range v.Problems {
			form.Errors = append(form.Errors, p.String())
		}
	}
	for _, c := range pt.Categories {
		form.Categories = append(form.Categories, views.Option{Value: c.Slug, Label: c.Name, Checked: has(f.Categories, c.Slug)})
	}
	for _, a := range pt.Actors {
		form.Actors = append(form.Actors, views.Option{Value: a.Slug, Label: a.Name, Checked: has(f.Actors, a.Slug)})
	}
	return form
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// filterProblems writes the filter's problems in the reader's language:
// dates that could not be read name the field and the value; anything
// else keeps the problem's own (English) words.
func filterProblems(c echo.Context, err error) []string {
	v, ok := err.(*timeline.ValidationError)
	if !ok {
		return nil
	}
	var out []string
	for _, p := range v.Problems {
		switch p.Field {
		case "from", "to":
			out = append(out, tr(c, "filter.error.date", tr(c, "filter."+p.Field), c.QueryParam(p.Field), tr(c, "filter.hint")))
		default:
			out = append(out, p.String())
		}
	}
	return out
}

// source is a source's public page: what it is, and every published event
// that cites it, each in the reader's language where translated.
func (s *Server) source(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return timeline.Errorf(timeline.ENOTFOUND, "There is no source %q.", c.Param("id"))
	}
	ctx := c.Request().Context()
	ps, err := s.store.PublicSource(ctx, id)
	if err != nil {
		return err
	}
	src := ps.Source
	page := views.SourcePage{
		Meta: views.Meta{
			Title:     src.Title + " · Annals",
			Canonical: s.absolute(sourcePath(id)),
		},
		Title:     src.Title,
		TitleLang: src.Language,
		Publisher: src.Publisher,
		Published: src.Published,
		Kind:      string(src.Kind),
		Language:  src.Language,
	}
	if timeline.ValidateHTTPURL(src.URL) == nil {
		page.URL = src.URL
	}
	if timeline.ValidateHTTPURL(src.ArchiveURL) == nil {
		page.ArchiveURL = src.ArchiveURL
	}
	events, originals := make([]*timeline.Event, len(ps.Citing)), make([]string, len(ps.Citing))
	for i := range ps.Citing {
		events[i], originals[i] = &ps.Citing[i].Event, ps.Citing[i].TimelineLang
	}
	if err := s.translateMixed(ctx, events, originals); err != nil { // translate.go
		return err
	}
	for _, ci := range ps.Citing {
		e := ci.Event
		page.Citing = append(page.Citing, views.SourceCiting{
			Title: e.Title, TitleLang: cmp.Or(e.TextLang, ci.TimelineLang), URL: eventPath(ci.TimelineSlug, e.Slug),
			When: e.When, DateTime: e.When.StartDateTime(),
			TimelineTitle: ci.TimelineTitle, TimelineLang: ci.TimelineLang, TimelineURL: timelinePath(ci.TimelineSlug),
			Locator: ci.Locator, Note: ci.Note, NotesLang: ci.TimelineLang,
		})
	}
	caps, err := s.store.PublicCaptures(ctx, id)
	if err != nil {
		return err
	}
	show := len(caps) > 0 && s.publicCaptures(ctx)
	for _, cp := range caps {
		warc, ok := cp.Artefact("warc")
		if !ok {
			continue
		}
		pc := views.PublicCapture{At: captureISO(cp.CapturedAt), DateTime: cp.CapturedAt.UTC().Format(time.RFC3339), SHA256: warc.SHA256}
		if _, ok := cp.Artefact("text"); ok && show {
			pc.TextURL = artefactPath("", id, cp.ID, "text")
		}
		if _, ok := cp.Artefact("screenshot"); ok && show {
			pc.Screenshot = artefactPath("", id, cp.ID, "screenshot")
		}
		page.Captures = append(page.Captures, pc)
	}
	return render(c, statusOK, views.SourceView(page))
}
