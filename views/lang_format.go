package views

import (
	"context"
	"net/url"
	"strconv"

	"annals/internal/i18n"
	"annals/internal/timeline"
)

// Formatting helpers for the public views: numbers, counts and figures in
// the reader's interface language (see lang.go), and the language switcher.

// pathKey carries the path and query of the page being shown, so the
// language switcher can come back to it.
type pathKey struct{}

// WithPath returns ctx carrying the request's path and query.
func WithPath(ctx context.Context, uri string) context.Context {
	return context.WithValue(ctx, pathKey{}, uri)
}

// Path is the path and query carried by ctx, "/" when none is.
func Path(ctx context.Context) string {
	if p, ok := ctx.Value(pathKey{}).(string); ok && p != "" {
		return p
	}
	return "/"
}

// Num writes n in ctx's digits (Myanmar digits in the Burmese interface).
func Num(ctx context.Context, n int) string { return i18n.Digits(Lang(ctx), strconv.Itoa(n)) }

// Count writes n with thousands separators in ctx's digits: "1,348".
func Count(ctx context.Context, n int64) string {
	return i18n.Digits(Lang(ctx), timeline.FormatCount(n))
}

// Year writes a year in ctx's digits, without a separator.
func Year(ctx context.Context, y int) string { return Num(ctx, y) }

// Phrase is a figure's count with its qualifier, "at least 64", in ctx's
// language.
func Phrase(ctx context.Context, q timeline.Qualifier, n int64) string {
	if q == "" || q == timeline.QualifierExact {
		return Count(ctx, n)
	}
	return T(ctx, "qualifier."+string(q), Count(ctx, n))
}

// QualifierWords is a qualifier on its own ("at least", "exact").
func QualifierWords(ctx context.Context, q timeline.Qualifier) string {
	if q == "" {
		q = timeline.QualifierExact
	}
	return T(ctx, "qualifier.words."+string(q))
}

// metricNamesKey carries the editors' metric names in the request's
// language (a loader, so pages without a chart never read them).
type metricNamesKey struct{}

// WithMetricNames returns ctx carrying load, which gives the names editors
// gave metrics in ctx's language, by slug (timeline.Metric.Names).
func WithMetricNames(ctx context.Context, load func() map[string]string) context.Context {
	return context.WithValue(ctx, metricNamesKey{}, load)
}

// Metric is a metric's label: the name editors gave it in the reader's
// language (not English, whose label stays the catalogue's), else the
// catalogue's word for the metrics it knows, else the metric's own name
// ("killed" -> "Killed").
func Metric(ctx context.Context, metric string) string {
	if load, ok := ctx.Value(metricNamesKey{}).(func() map[string]string); ok && Lang(ctx) != i18n.Default {
		if name := load()[metric]; name != "" {
			return name
		}
	}
	if msg, ok := i18n.Messages().Lookup(Lang(ctx), "metric."+metric); ok {
		return msg
	}
	return timeline.MetricLabel(metric)
}

// Scope describes what a count covers: "in this event", "running total".
func Scope(ctx context.Context, s timeline.Scope) string {
	switch s {
	case timeline.ScopeEvent, timeline.ScopeCumulative:
		return T(ctx, "scope."+string(s))
	}
	return string(s)
}

// LangLink is one entry of the language switcher.
type LangLink struct {
	Tag     string // "my"
	Name    string // the language's name in itself: "မြန်မာ"
	URL     string // /lang/my?next=...
	Current bool
}

// LanguageLinks lists the interface languages, each linking to the switch
// that comes back to the current page.
func LanguageLinks(ctx context.Context) []LangLink {
	c := i18n.Messages()
	var out []LangLink
	for _, tag := range c.Languages() {
		out = append(out, LangLink{
			Tag:     tag,
			Name:    c.T(tag, "language.name"),
			URL:     "/lang/" + tag + "?next=" + url.QueryEscape(Path(ctx)),
			Current: tag == Lang(ctx),
		})
	}
	return out
}

// citeTitle is a citation link's title: the source, or that it is
// confidential.
func citeTitle(ctx context.Context, c CitationRef) string {
	if c.Confidential {
		return T(ctx, "source.confidential")
	}
	return c.Title
}

// Digits writes the ASCII digits of s in ctx's digits.
func Digits(ctx context.Context, s string) string { return i18n.Digits(Lang(ctx), s) }

// contentLang is the lang attribute for content written in textLang on a
// page in ctx's interface language: "" when they agree (the page's lang
// applies), else textLang.
func contentLang(ctx context.Context, textLang string) string {
	if textLang == "" || baseOf(textLang) == baseOf(Lang(ctx)) {
		return ""
	}
	return textLang
}

func baseOf(tag string) string {
	for i, r := range tag {
		if r == '-' || r == '_' {
			return tag[:i]
		}
	}
	return tag
}
