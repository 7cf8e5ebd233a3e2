// Package chart draws counts over time (people killed, detained, ...) as
// SVG, on the server, so a chart works without JavaScript, scales and prints
// sharply. Every source keeps its own series: figures that disagree are
// drawn side by side, never averaged or merged. It does no I/O.
package chart

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"annals/internal/i18n"
	"annals/internal/timeline"
)

// Chart is one metric: a panel for running totals and a panel for the tolls
// of single events, drawn on one time axis.
type Chart struct {
	ID     string // prefix for element ids, unique on a page: "chart-killed"
	Title  string // "Killed"
	Panels []Panel
	Lang   string // the language of its words (words.go); "" is English
}

// Panel holds the series of one scope.
type Panel struct {
	Scope  timeline.Scope
	Title  string // "Running totals"
	Series []Series
}

// Series is every figure of one source in one scope, oldest first.
type Series struct {
	Key    string // stable identifier: "source-12"
	Name   string // legend label
	Points []Point
}

// Point is one figure.
type Point struct {
	Date      timeline.FuzzyDate
	Value     int64
	Qualifier timeline.Qualifier
	Label     string // read out as the point's title: "at least 64 on 27 March 2021"
	FigureID  int64
}

// Build groups the figures of metric into panels (cumulative first, then
// event tolls) and series (one per source, in the order each source first
// appears in figures). Figures of other metrics are ignored. name labels a
// series; nil uses the source's publisher or title.
func Build(metric string, figures []timeline.Figure, name func(timeline.Source) string) Chart {
	return BuildIn("", metric, figures, name)
}

// BuildIn is Build with the chart's words, dates and numbers in the
// interface language lang ("" for English).
func BuildIn(lang, metric string, figures []timeline.Figure, name func(timeline.Source) string) Chart {
	if name == nil {
		name = SourceName
	}
	c := Chart{ID: "chart-" + metric, Title: timeline.MetricLabel(metric), Lang: lang}
	if msg, ok := i18n.Messages().Lookup(lang, "metric."+metric); ok && !english(lang) {
		c.Title = msg
	}
	for _, scope := range []timeline.Scope{timeline.ScopeCumulative, timeline.ScopeEvent} {
		p := Panel{Scope: scope, Title: term(lang, "chart.panel."+string(scope), PanelTitle(scope))}
		index := map[int64]int{}
		for _, f := range figures {
			if f.Metric != metric || f.Scope != scope {
				continue
			}
			i, ok := index[f.Source.ID]
			if !ok {
				i = len(p.Series)
				index[f.Source.ID] = i
				p.Series = append(p.Series, Series{Key: "source-" + strconv.FormatInt(f.Source.ID, 10), Name: name(f.Source)})
			}
			p.Series[i].Points = append(p.Series[i].Points, Point{
				Date: f.AsOf, Value: f.Value, Qualifier: f.Qualifier, FigureID: f.ID,
				Label: word(lang, "chart.point", "%s on %s", phrase(lang, f.Qualifier, f.Value), dateIn(lang, f.AsOf)),
			})
		}
		for _, s := range p.Series {
			slices.SortStableFunc(s.Points, func(a, b Point) int { return a.Date.Compare(b.Date) })
		}
		if len(p.Series) > 0 {
			c.Panels = append(c.Panels, p)
		}
	}
	c.disambiguate(figures, metric)
	return c
}

// disambiguate tells apart sources that would share a legend name (two
// briefings by one NGO): each gets its publication date, or else the date
// of its earliest figure.
func (c *Chart) disambiguate(figures []timeline.Figure, metric string) {
	keys := map[string]map[string]bool{} // name -> series keys
	for _, p := range c.Panels {
		for _, s := range p.Series {
			if keys[s.Name] == nil {
				keys[s.Name] = map[string]bool{}
			}
			keys[s.Name][s.Key] = true
		}
	}
	suffix := map[string]string{}
	earliest := map[string]timeline.FuzzyDate{}
	for _, f := range figures {
		key := "source-" + strconv.FormatInt(f.Source.ID, 10)
		if f.Metric != metric {
			continue
		}
		if !f.Source.Published.IsZero() {
			suffix[key] = dateIn(c.Lang, f.Source.Published)
		} else if d, ok := earliest[key]; !ok || f.AsOf.Compare(d) < 0 {
			earliest[key] = f.AsOf
			suffix[key] = word(c.Lang, "chart.suffix.asof", "as of %s", dateIn(c.Lang, f.AsOf))
		}
	}
	for i := range c.Panels {
		for j := range c.Panels[i].Series {
			s := &c.Panels[i].Series[j]
			if len(keys[s.Name]) > 1 {
				s.Name += " (" + suffix[s.Key] + ")"
			}
		}
	}
}

// Metrics lists the metrics that figures count, the most counted first
// (ties in alphabetical order).
func Metrics(figures []timeline.Figure) []string {
	n := map[string]int{}
	for _, f := range figures {
		n[f.Metric]++
	}
	out := make([]string, 0, len(n))
	for m := range n {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(cmp.Compare(n[b], n[a]), cmp.Compare(a, b))
	})
	return out
}

// SourceName is how a source is named in a legend.
func SourceName(s timeline.Source) string {
	switch {
	case s.Confidential:
		return "Confidential source"
	case s.Publisher != "":
		return s.Publisher
	}
	return s.Title
}

// PanelTitle names the panel of a scope.
func PanelTitle(s timeline.Scope) string {
	if s == timeline.ScopeEvent {
		return "Tolls of single events"
	}
	return "Running totals"
}

// Len is the number of points in the chart.
func (c Chart) Len() int {
	n := 0
	for _, p := range c.Panels {
		for _, s := range p.Series {
			n += len(s.Points)
		}
	}
	return n
}

// span is the time the chart covers: from the first day of its earliest
// date to the last day of its latest.
func (c Chart) span() (time.Time, time.Time) {
	var first, last time.Time
	for _, p := range c.Panels {
		for _, s := range p.Series {
			for _, pt := range s.Points {
				if f := pt.Date.First(); first.IsZero() || f.Before(first) {
					first = f
				}
				if l := pt.Date.Last(); last.IsZero() || l.After(last) {
					last = l
				}
			}
		}
	}
	return first, last
}
