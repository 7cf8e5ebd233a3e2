package timeline

import (
	"maps"
	"regexp"
	"slices"
)

// langTag is a primary language tag, as the interface languages are.
var langTag = regexp.MustCompile(`^[a-z]{2,3}$`)

// Metric is an entry of the metrics list that editors keep: what figures
// count. Figures name it by Slug; Name is how staff know it. A metric
// first seen in an import or an API write is added to the list
// unreviewed, for an editor to confirm or rename.
type Metric struct {
	Slug     string
	Name     string
	Unit     string // "people", "households", ...
	Reviewed bool
	Figures  int // how many figures count it
	// Names are the metric's name in readers' other languages, by
	// language tag ("my", "ar"): charts on pages in that language are
	// titled with it. English is Name's; a language without one falls back.
	Names map[string]string
}

// MaxUnitLength bounds a metric's unit.
const MaxUnitLength = 40

// Validate checks a metric as an editor saves it.
func (m Metric) Validate() error {
	p := NewProblems("metric " + quote(m.Slug))
	if !metricPattern.MatchString(m.Slug) {
		p.AddMsg("slug", "problem.metric.slug", "%q must be a lower-case word like \"killed\" or \"detained\" (letters, digits, _)", m.Slug)
	}
	p.AddErr("name", ValidateText(m.Name, true, MaxNameLength))
	p.AddErr("unit", ValidateText(m.Unit, false, MaxUnitLength))
	for _, lang := range slices.Sorted(maps.Keys(m.Names)) {
		if !langTag.MatchString(lang) || lang == "en" {
			p.AddMsg("names", "problem.metric.lang", "%q is not a language for a translated name (a tag like \"my\" or \"ar\"; English is the name)", lang)
			continue
		}
		p.AddErr("name_"+lang, ValidateText(m.Names[lang], false, MaxNameLength))
	}
	return p.Err()
}
