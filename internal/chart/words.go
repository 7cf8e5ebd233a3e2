package chart

import (
	"fmt"
	"strconv"
	"time"

	"annals/internal/i18n"
	"annals/internal/timeline"
)

// A chart is drawn in English unless Lang names another interface
// language; then its words come from the interface catalogue
// (internal/i18n, keys "chart.*") and its dates and numbers are written the
// way that language writes them. English keeps the literals below, so the
// English drawing does not depend on the catalogue.

func english(lang string) bool { return lang == "" || lang == i18n.Default }

// word is english formatted with args, or key's message in lang.
func word(lang, key, en string, args ...any) string {
	if english(lang) {
		return fmt.Sprintf(en, args...)
	}
	return i18n.Messages().T(lang, key, args...)
}

// count writes n with thousands separators in lang's digits.
func count(lang string, n int64) string {
	return i18n.Digits(lang, timeline.FormatCount(n))
}

// dateIn writes d at its precision in lang.
func dateIn(lang string, d timeline.FuzzyDate) string {
	if english(lang) {
		return d.Format()
	}
	return i18n.FormatDate(lang, d)
}

// monthIn writes the month of t, as in a chart's span: "January 2021".
func monthIn(lang string, t time.Time) string {
	if english(lang) {
		return t.Format("January 2006")
	}
	return i18n.FormatDate(lang, timeline.FromTime(t, timeline.PrecisionMonth))
}

// tickIn relabels an axis tick made in English ("Jan 2021" or "2021").
func tickIn(lang string, tk timeTick) string {
	if english(lang) {
		return tk.label
	}
	year := i18n.Digits(lang, strconv.Itoa(tk.at.Year()))
	if len(tk.label) == 4 {
		return year
	}
	return i18n.MonthName(lang, int(tk.at.Month())) + " " + year
}

// phrase is a figure's count with its qualifier: "at least 64".
func phrase(lang string, q timeline.Qualifier, n int64) string {
	if english(lang) {
		return (timeline.Figure{Qualifier: q, Value: n}).Phrase()
	}
	if q == "" || q == timeline.QualifierExact {
		return count(lang, n)
	}
	return i18n.Messages().T(lang, "qualifier."+string(q), count(lang, n))
}

// plural is "n words" in English, or key (with key.one) in lang.
func pluralIn(lang, key string, n int, en string) string {
	if english(lang) {
		return plural(n, en)
	}
	return i18n.Messages().N(lang, key, n)
}

// term is a fixed English term, or key's message in lang.
func term(lang, key, en string) string {
	if english(lang) {
		return en
	}
	return i18n.Messages().T(lang, key)
}
