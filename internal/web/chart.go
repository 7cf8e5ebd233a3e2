package web

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"annals/internal/chart"
	"annals/internal/i18n"
	"annals/internal/timeline"
	"annals/views"
)

// metricsOf lists the metrics figures count, the most counted first.
func metricsOf(figures []timeline.Figure) []string { return chart.Metrics(figures) }

// inlineFigures is the most figures a timeline page draws in place, with
// their data tables; a view with more shows each chart as an image and
// links to its own page, which lists them (the embed's chart view).
const inlineFigures = 150

// figureCount adds up the figures of every metric.
func figureCount(metrics []timeline.MetricCount) int {
	n := 0
	for _, m := range metrics {
		n += m.Count
	}
	return n
}

// chartImages are the charts of a view with too many figures to draw in
// place: each its SVG as an image, described, with a link to the page that
// lists its figures.
func chartImages(c echo.Context, slug string, metrics []timeline.MetricCount, f timeline.Filter) []views.ChartView {
	var out []views.ChartView
	for _, m := range metrics {
		q := f.Query()
		q.Set("view", "chart")
		q.Set("metric", m.Metric)
		title := views.Metric(c.Request().Context(), m.Metric)
		out = append(out, views.ChartView{
			ID:      "chart-" + m.Metric,
			Title:   title,
			SVGURL:  withQuery(timelinePath(slug)+"/chart/"+m.Metric+".svg", f.Query()),
			Figures: trN(c, "chart.figures", m.Count),
			DataURL: withQuery(embedTimelinePath(slug), q),
		})
	}
	return out
}

// chartViews builds a chart with its data table for each metric the events'
// figures count (or only for metric, when given). Sources are named and
// numbered through numbers, so the legend, the table and the page's source
// list agree. Once ctx ends it stops, with the charts it has: render then
// answers ctx's error rather than the page.
func chartViews(ctx context.Context, slug string, events []timeline.Event, numbers *sourceNumbers, f timeline.Filter, metric string) []views.ChartView {
	var figures []timeline.Figure
	eventOf := map[int64]timeline.Event{}
	for _, e := range events {
		for _, fig := range e.Figures {
			figures = append(figures, fig)
			eventOf[fig.ID] = e
		}
	}
	var out []views.ChartView
	for _, m := range chart.Metrics(figures) {
		if metric != "" && m != metric {
			continue
		}
		c := chart.BuildIn(views.Lang(ctx), m, figures, func(sources []timeline.Source) string {
			ns := make([]string, len(sources))
			for i, src := range sources {
				ns[i] = views.Num(ctx, numbers.cite(src, "", "").N)
			}
			return "[" + strings.Join(ns, ", ") + "] " + chart.SourceName(sources[0])
		})
		c.Title = chartTitle(ctx, c.Title, m)
		wide, err := c.RenderContext(ctx, chart.Wide, c.ID)
		if err != nil {
			return out
		}
		narrow, err := c.RenderContext(ctx, chart.Narrow, c.ID+"-narrow")
		if err != nil {
			return out
		}
		v := views.ChartView{
			ID:     c.ID,
			Title:  views.Metric(ctx, m),
			SVG:    wide,
			Narrow: narrow,
			SVGURL: withQuery(timelinePath(slug)+"/chart/"+m+".svg", f.Query()),
		}
		var rows []timeline.Figure
		for _, fig := range figures {
			if fig.Metric == m {
				rows = append(rows, fig)
			}
		}
		// Running totals first, then event tolls; each by date.
		slices.SortStableFunc(rows, func(a, b timeline.Figure) int {
			return cmp.Or(cmp.Compare(scopeRank(a.Scope), scopeRank(b.Scope)), a.AsOf.Compare(b.AsOf))
		})
		for _, fig := range rows {
			e := eventOf[fig.ID]
			q := fig.Qualifier.Words()
			if q == "" {
				q = "exact"
			}
			v.Rows = append(v.Rows, views.ChartRow{
				Scope:       scopeRow(ctx, fig.Scope),
				Date:        views.Date(ctx, fig.AsOf),
				DateTime:    fig.AsOf.String(),
				Phrase:      views.Phrase(ctx, fig.Qualifier, fig.Value),
				Value:       fmt.Sprint(fig.Value),
				Qualifier:   q,
				Source:      chart.SourceName(fig.Source),
				Citation:    numbers.cite(fig.Source, "", ""),
				Attribution: fig.Attribution,
				Note:        fig.Note,
				Event:       views.Link{Label: e.Title, URL: eventPath(slug, e.Slug)},
			})
		}
		out = append(out, v)
	}
	return out
}

// chartTitle is a chart's title in the reader's language: the name editors
// gave the metric in it, where they did (views.Metric); else the chart's
// own (the catalogue's word, or the English label).
func chartTitle(ctx context.Context, title, metric string) string {
	if views.Lang(ctx) == i18n.Default {
		return title
	}
	return views.Metric(ctx, metric)
}

func scopeRank(s timeline.Scope) int {
	if s == timeline.ScopeCumulative {
		return 0
	}
	return 1
}

// scopeRow names a scope in a chart's table: "Running total".
func scopeRow(ctx context.Context, s timeline.Scope) string {
	switch s {
	case timeline.ScopeEvent, timeline.ScopeCumulative:
		return views.T(ctx, "scope.row."+string(s))
	}
	return string(s)
}

// chartSVG serves one metric's chart as an SVG image:
// /t/{slug}/chart/{metric}.svg, with the page's filters. (Echo cannot route
// a parameter followed by a suffix, so the file name is parsed here.)
func (s *Server) chartSVG(c echo.Context) error {
	metric, ok := strings.CutSuffix(c.Param("file"), ".svg")
	if !ok || !validMetric(metric) {
		return timeline.Errorf(timeline.ENOTFOUND, "There is no chart %q: ask for a metric's SVG, like killed.svg.", c.Param("file"))
	}
	f, err := timeline.FilterFromQuery(c.QueryParams())
	if err != nil {
		return err
	}
	events, err := s.store.PublicFigureEvents(c.Request().Context(), c.Param("slug"), f)
	if err != nil {
		return err
	}
	var figures []timeline.Figure
	for _, e := range events {
		figures = append(figures, e.Figures...)
	}
	ch := chart.BuildIn(langOf(c), metric, figures, nil)
	ch.Title = chartTitle(c.Request().Context(), ch.Title, metric)
	if ch.Len() == 0 {
		return timeline.Errorf(timeline.ENOTFOUND, "This timeline has no %q figures.", metric)
	}
	drawing, err := ch.RenderContext(c.Request().Context(), chart.Wide, ch.ID)
	if err != nil {
		return err // past the deadline (deadline.go)
	}
	svg := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + drawing + "\n"
	return c.Blob(statusOK, "image/svg+xml; charset=utf-8", []byte(svg))
}
