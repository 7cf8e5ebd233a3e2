package web

import (
	"context"
	"net/url"

	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/i18n"
	"annals/internal/timeline"
	"annals/views"
)

// EraStore is what a timeline's eras need: the public overview's bands and
// the API read PublicEras; the staff page reads and writes them.
type EraStore interface {
	PublicEras(ctx context.Context, slug string) ([]timeline.Era, error)
	TimelineEras(ctx context.Context, slug string) (timeline.Timeline, []timeline.Era, error)
	SaveEra(ctx context.Context, by auth.User, in timeline.EraSave) (int64, int, error)
	DeleteEra(ctx context.Context, by auth.User, slug string, id int64, version int, reason string) error
}

// eraAt is where an era's band leads: the window opening at the era's
// start, to the month (or the year, for an era known only to its years).
func eraAt(e timeline.Era) string {
	d := e.Start
	if d.Precision == timeline.PrecisionYear {
		return timeline.FuzzyDate{Year: d.Year, Precision: timeline.PrecisionYear}.String()
	}
	return timeline.FuzzyDate{Year: d.Year, Month: d.Month, Precision: timeline.PrecisionMonth}.String()
}

// addEraBands draws the eras under the overview's bars: under the year
// bars each era that spans one of them, under a year's month bars each
// era that reaches into that year. A band's link keeps base (filters and
// order), as the bars' links do.
func addEraBands(c echo.Context, o *views.Overview, slug string, eras []timeline.Era, base url.Values) {
	band := func(e timeline.Era, bars []views.Bar) (views.EraBand, bool) {
		first, last := e.Start.First(), e.End.Last()
		b := views.EraBand{Title: e.Title, Span: i18n.FormatRange(langOf(c), e.Range()), Cells: make([]bool, len(bars))}
		any := false
		for i, bar := range bars {
			on := !bar.Period.Last().Before(first) && !bar.Period.First().After(last)
			b.Cells[i], any = on, any || on
		}
		q := cloneQuery(base)
		q.Set("at", eraAt(e))
		b.URL = withQuery(timelinePath(slug), q)
		return b, any
	}
	for _, e := range eras {
		if b, ok := band(e, o.Years); ok {
			o.Eras = append(o.Eras, b)
		}
		for i := range o.Months {
			if b, ok := band(e, o.Months[i].Bars); ok {
				o.Months[i].Eras = append(o.Months[i].Eras, b)
			}
		}
	}
}
