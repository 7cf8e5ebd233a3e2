// Package chart draws counts over time (people killed, detained, ...) as
// SVG, on the server, so a chart works without JavaScript, scales and prints
// sharply. Every source keeps its own series: figures that disagree are
// drawn side by side, never averaged or merged. It does no I/O.
package chart

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
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

// Series is every figure of one publisher (or of one source, where the
// publisher is unknown or confidential) in one scope, oldest first: a
// publisher's repeated counts (AAPP's briefings, each a source of its own)
// read as one line.
type Series struct {
	Key     string // stable identifier: "source-12", "publisher-aapp"
	Name    string // legend label
	Sources []timeline.Source
	Points  []Point
}

// Namer names a series in the legend from its sources, in the order they
// first appear.
type Namer func(sources []timeline.Source) string

// SeriesKey is the series a source's figures belong to: its publisher's,
// or its own where the publisher is unknown or confidential.
func SeriesKey(s timeline.Source) string {
	if p := strings.ToLower(strings.Join(strings.Fields(s.Publisher), " ")); p != "" && !s.Confidential {
		return "publisher-" + p
	}
	return "source-" + strconv.FormatInt(s.ID, 10)
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
// event tolls) and series (one per publisher, SeriesKey, in the order each
// first appears in figures). Figures of other metrics are ignored. name
// labels a series; nil uses the publisher or the source's title.
func Build(metric string, figures []timeline.Figure, name Namer) Chart {
	return BuildIn("", metric, figures, name)
}

// BuildIn is Build with the chart's words, dates and numbers in the
// interface language lang ("" for English).
func BuildIn(lang, metric string, figures []timeline.Figure, name Namer) Chart {
	if name == nil {
		name = func(sources []timeline.Source) string { return SourceName(sources[0]) }
	}
	c := Chart{ID: "chart-" + metric, Title: timeline.MetricLabel(metric), Lang: lang}
	if msg, ok := i18n.Messages().Lookup(lang, "metric."+metric); ok && !english(lang) {
		c.Title = msg
	}
	for _, scope := range []timeline.Scope{timeline.ScopeCumulative, timeline.ScopeEvent} {
		p := Panel{Scope: scope, Title: term(lang, "chart.panel."+string(scope), PanelTitle(scope))}
		index := map[string]int{}
		for _, f := range figures {
			if f.Metric != metric || f.Scope != scope {
				continue
			}
			key := SeriesKey(f.Source)
			i, ok := index[key]
			if !ok {
				i = len(p.Series)
				index[key] = i
				p.Series = append(p.Series, Series{Key: key})
			}
			if s := &p.Series[i]; !slices.ContainsFunc(s.Sources, func(x timeline.Source) bool { return x.ID == f.Source.ID }) {
				s.Sources = append(s.Sources, f.Source)
			}
			p.Series[i].Points = append(p.Series[i].Points, Point{
				Date: f.AsOf, Value: f.Value, Qualifier: f.Qualifier, FigureID: f.ID,
				Label: word(lang, "chart.point", "%s on %s", phrase(lang, f.Qualifier, f.Value), dateIn(lang, f.AsOf)),
			})
		}
		for i, s := range p.Series {
			slices.SortStableFunc(s.Points, func(a, b Point) int { return a.Date.Compare(b.Date) })
			p.Series[i].Name = name(s.Sources)
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
		key := SeriesKey(f.Source)
		if f.Metric != metric {
			continue
		}
		if _, ok := suffix[key]; ok && !f.Source.Published.IsZero() {
			continue // a series keeps the date of its first source
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
