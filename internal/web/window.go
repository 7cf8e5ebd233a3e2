package web

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"annals/internal/i18n"
	"annals/internal/timeline"
	"annals/views"
)

// WindowStore is what a timeline's windows, its overview and an event's
// neighbours need: each a keyed or grouped query, never the whole timeline.
type WindowStore interface {
	PublicTimelineFacets(ctx context.Context, slug string) (timeline.PublicTimeline, error)
	PublicTimelineSummary(ctx context.Context, slug string) (timeline.TimelineSummary, error)
	PublicEventWindow(ctx context.Context, slug string, f timeline.Filter, w timeline.Window) (timeline.EventWindow, error)
	PublicEventCounts(ctx context.Context, slug string, f timeline.Filter) ([]timeline.PeriodCount, error)
	PublicEventNeighbours(ctx context.Context, slug string, e timeline.Event) (timeline.Neighbours, error)
	PublicFigureEvents(ctx context.Context, slug string, f timeline.Filter) ([]timeline.Event, error)
	PublicFigureMetrics(ctx context.Context, slug string, f timeline.Filter) ([]timeline.MetricCount, error)
	PublicPlaceCounts(ctx context.Context, slug string, f timeline.Filter) ([]timeline.PlaceCount, error)
	// PublicEventStream walks every event f selects, in one snapshot, a
	// batch at a time (the printout; postgres/print.go).
	PublicEventStream(ctx context.Context, slug string, f timeline.Filter,
		write func(snap timeline.PublicSnapshot, events timeline.EventSeq) error) error
	PublicMetricNames(ctx context.Context, lang string) (map[string]string, error)
}

// maxYearBars bounds the years the overview draws one by one, empty years
// included; a longer span, or one mostly empty (a single event decades
// before the rest), shows only the years that have events.
const maxYearBars = 150

// barHeight is a bar's height in twentieths of the largest's, rounded up
// so that a period with any event shows. Twenty steps of a 28 px bar are
// finer than the eye reads, and a fixed set of classes keeps the heights
// in the stylesheet (no inline styles under the CSP).
func barHeight(count, largest int) int {
	if count == 0 || largest == 0 {
		return 0
	}
	return (count*20 + largest - 1) / largest
}

// overview builds the bars: one per year from the first to the last year
// with events, and the twelve months of each year the window shows.
// base is the query the bars' links keep (filters and order).
func overview(c echo.Context, slug string, counts []timeline.PeriodCount, shown []timeline.Event, base url.Values) views.Overview {
	lang := langOf(c)
	link := func(at string) string {
		q := cloneQuery(base)
		q.Set("at", at)
		return withQuery(timelinePath(slug), q)
	}
	inYear, inMonth, inView := map[int]bool{}, map[[2]int]bool{}, map[int]int{}
	for _, e := range shown {
		d := e.When.Start
		inYear[d.Year] = true
		if d.Precision != timeline.PrecisionYear {
			inMonth[[2]int{d.Year, int(d.Month)}] = true
		}
	}
	years, months := map[int]int{}, map[[2]int]int{}
	var order []int
	for _, p := range counts {
		if _, ok := years[p.Year]; !ok {
			order = append(order, p.Year)
		}
		years[p.Year] += p.Count
		months[[2]int{p.Year, p.Month}] += p.Count
	}
	var o views.Overview
	if n := len(order); n > 0 && order[n-1]-order[0] < min(maxYearBars, 2*n) {
		first, last := order[0], order[len(order)-1]
		order = order[:0]
		for y := first; y <= last; y++ {
			if y != 0 { // there is no year 0
				order = append(order, y)
			}
		}
	}
	largest := 0
	for _, n := range years {
		largest = max(largest, n)
	}
	for _, y := range order {
		n := years[y]
		label := i18n.Digits(lang, timeline.YearText(y))
		b := views.Bar{Short: label, Text: tr(c, "overview.bar", label, trN(c, "home.events", n)), Count: n,
			Height: barHeight(n, largest), Current: inYear[y], Period: timeline.FuzzyDate{Year: y, Precision: timeline.PrecisionYear}}
		if n > 0 {
			b.URL = link(timeline.FuzzyDate{Year: y, Precision: timeline.PrecisionYear}.String())
		}
		o.Years = append(o.Years, b)
	}
	// Months of one year only, the one most of the window is in: a row per
	// year in view would push the events themselves off the first screen.
	busiest, most := 0, 0
	for _, e := range shown {
		inView[e.When.Start.Year]++
	}
	for y, n := range inView {
		if n > most || n == most && y < busiest {
			busiest, most = y, n
		}
	}
	var viewYears []int
	if most > 0 {
		viewYears = []int{busiest}
	}
	for _, y := range viewYears {
		largest := 0
		for m := 1; m <= 12; m++ {
			largest = max(largest, months[[2]int{y, m}])
		}
		year := i18n.Digits(lang, timeline.YearText(y))
		mb := views.MonthBars{Heading: tr(c, "overview.months", year), ID: fmt.Sprintf("overview-%d", y)}
		for m := 1; m <= 12; m++ {
			n := months[[2]int{y, m}]
			d := timeline.FuzzyDate{Year: y, Month: time.Month(m), Precision: timeline.PrecisionMonth}
			b := views.Bar{Short: shortMonth(lang, m), Text: tr(c, "overview.bar", i18n.FormatDate(lang, d), trN(c, "home.events", n)),
				Count: n, Height: barHeight(n, largest), Current: inMonth[[2]int{y, m}], Period: d}
			if n > 0 {
				b.URL = link(d.String())
			}
			mb.Bars = append(mb.Bars, b)
		}
		o.Months = append(o.Months, mb)
	}
	o.Jump = views.JumpForm{Action: timelinePath(slug)}
	for _, k := range sortedKeys(base) {
		for _, v := range base[k] {
			o.Jump.Hidden = append(o.Jump.Hidden, views.Option{Value: k, Label: v})
		}
	}
	return o
}

// shortMonth is the label under a month's bar: the month's first three
// letters in English, its number in the reader's digits elsewhere (where
// cutting a name short would not read as a month).
func shortMonth(lang string, m int) string {
	if lang == i18n.Default {
		return i18n.MonthName(lang, m)[:3]
	}
	return i18n.Digits(lang, fmt.Sprint(m))
}

func sortedKeys(q url.Values) []string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func cloneQuery(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = slices.Clone(v)
	}
	return out
}

// windowNav links a window to its neighbours, keeping base (filters and
// order), and says what it shows.
func windowNav(c echo.Context, path string, w timeline.EventWindow, base url.Values) views.WindowNav {
	var nav views.WindowNav
	if w.Earlier != "" {
		q := cloneQuery(base)
		q.Set("before", w.Earlier)
		nav.Earlier = withQuery(path, q)
	}
	if w.Later != "" {
		q := cloneQuery(base)
		q.Set("after", w.Later)
		nav.Later = withQuery(path, q)
	}
	if len(w.Events) > 0 && (nav.Earlier != "" || nav.Later != "") {
		first, last := w.Events[0].When.Start, w.Events[len(w.Events)-1].When.Start
		if first.Compare(last) > 0 {
			first, last = last, first
		}
		span := i18n.FormatRange(langOf(c), timeline.DateRange{Start: first, End: last})
		if first == last {
			span = i18n.FormatDate(langOf(c), first)
		}
		nav.Shown = tr(c, "window.shown", trN(c, "home.events", len(w.Events)), span)
	}
	return nav
}

// windowYears groups a window's events by year and month in the
// window's order.
func windowYears(slug string, w timeline.Window, events []timeline.Event, numbers *sourceNumbers) []views.YearGroup {
	if !w.Newest {
		return groupEvents(slug, events, numbers)
	}
	oldest := slices.Clone(events)
	slices.Reverse(oldest)
	return newestFirst(groupEvents(slug, oldest, numbers))
}

// eventTimelineURL is the timeline window an event falls in: the one
// opening at its month (or year), at its anchor.
func eventTimelineURL(slug string, e timeline.Event) string {
	d := e.When.Start
	at := timeline.FuzzyDate{Year: d.Year, Month: d.Month, Precision: timeline.PrecisionMonth}
	if d.Precision == timeline.PrecisionYear {
		at = timeline.FuzzyDate{Year: d.Year, Precision: timeline.PrecisionYear}
	}
	return withQuery(timelinePath(slug), url.Values{"at": {at.String()}}) + "#" + e.Slug
}

// neighbours are the links to the events before and after e.
func (s *Server) neighbours(ctx context.Context, t *timeline.Timeline, e timeline.Event) (views.Neighbours, error) {
	var out views.Neighbours
	n, err := s.store.PublicEventNeighbours(ctx, t.Slug, e)
	if err != nil {
		return out, err
	}
	var list []timeline.Event
	for _, x := range []timeline.Event{n.Previous, n.Next} {
		if x.Slug != "" {
			list = append(list, x)
		}
	}
	if err := s.store.TranslateEvents(ctx, views.Lang(ctx), t.Language, list); err != nil {
		return out, err
	}
	for _, x := range list {
		l := views.Link{Label: x.Title, URL: eventPath(t.Slug, x.Slug)}
		if x.Slug == n.Previous.Slug {
			out.Previous = l
		} else {
			out.Next = l
		}
	}
	return out, nil
}
