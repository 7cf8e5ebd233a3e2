package timeline

import (
	"fmt"
	"regexp"
	"strconv"
)

// Qualifier says how a source states a count: "at least 64", "about 730".
type Qualifier string

const (
	QualifierExact    Qualifier = "exact"
	QualifierAtLeast  Qualifier = "at_least"
	QualifierMoreThan Qualifier = "more_than"
	QualifierAbout    Qualifier = "about"
	QualifierNearly   Qualifier = "nearly"
	QualifierUpTo     Qualifier = "up_to"
)

// Qualifiers lists every qualifier.
var Qualifiers = []Qualifier{QualifierExact, QualifierAtLeast, QualifierMoreThan, QualifierAbout, QualifierNearly, QualifierUpTo}

// Valid reports whether q is a known qualifier.
func (q Qualifier) Valid() bool {
	for _, x := range Qualifiers {
		if q == x {
			return true
		}
	}
	return false
}

// Words is the English phrase before a number ("at least"); empty for exact.
func (q Qualifier) Words() string {
	switch q {
	case QualifierAtLeast:
		return "at least"
	case QualifierMoreThan:
		return "more than"
	case QualifierAbout:
		return "about"
	case QualifierNearly:
		return "nearly"
	case QualifierUpTo:
		return "up to"
	}
	return ""
}

// Scope says what a count covers.
type Scope string

const (
	ScopeEvent      Scope = "event"      // the toll of the one event
	ScopeCumulative Scope = "cumulative" // a running total
)

// Valid reports whether s is a known scope.
func (s Scope) Valid() bool { return s == ScopeEvent || s == ScopeCumulative }

// MaxFigureValue is the largest count a figure may hold: ten billion, more
// than the world's population, so every real count fits while chart
// arithmetic (ticks, scales in float64 and int64) stays far from overflow.
const MaxFigureValue int64 = 10_000_000_000

var metricPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// Figure is one count from one source. Figures that disagree (three sources,
// three tolls for the same day) are all kept and shown side by side.
type Figure struct {
	ID          int64
	Metric      string // killed, detained, injured, displaced, ...
	Value       int64
	Qualifier   Qualifier
	Scope       Scope
	AsOf        FuzzyDate
	Source      Source
	Attribution string // who the source credits for the count, when not the publisher ("Pledge Times (citing AAPP)")
	Note        string
}

// Validate checks the figure; fields are prefixed with prefix.
func (f Figure) Validate(p *Problems, prefix string) {
	if !metricPattern.MatchString(f.Metric) {
		p.AddMsg(prefix+"metric", "problem.metric", "%q must be a lower-case word like \"killed\" or \"detained\"", f.Metric)
	}
	if f.Value < 0 {
		p.AddMsg(prefix+"value", "problem.figure.negative", "%d is negative; a count cannot be", f.Value)
	} else if f.Value > MaxFigureValue {
		p.AddMsg(prefix+"value", "problem.figure.toolarge", "%d is more than %s, the largest count a figure can hold", f.Value, FormatCount(MaxFigureValue))
	}
	if !f.Qualifier.Valid() {
		p.AddMsg(prefix+"qualifier", "problem.oneof", "%q is not one of %s", f.Qualifier, oneOf(Qualifiers))
	}
	if !f.Scope.Valid() {
		p.AddMsg(prefix+"scope", "problem.figure.scope", "%q must be event or cumulative", f.Scope)
	}
	if f.AsOf.IsZero() {
		p.AddMsg(prefix+"as_of", "problem.required", "is required")
	}
	f.Source.Validate(p, prefix+"source.")
	p.AddErr(prefix+"attribution", ValidateText(f.Attribution, false, MaxNameLength))
	p.AddErr(prefix+"note", ValidateText(f.Note, false, MaxNoteLength))
}

// Phrase writes the count as a reader says it: "at least 64", "3,070".
func (f Figure) Phrase() string {
	n := FormatCount(f.Value)
	if w := f.Qualifier.Words(); w != "" {
		return w + " " + n
	}
	return n
}

// FormatCount writes n with thousands separators: 1348 -> "1,348".
func FormatCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	var out []byte
	if n < 0 { // the digits, not -n: math.MinInt64 has no positive twin
		out, s = append(out, '-'), s[1:]
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// MetricLabel is the heading for a metric: "killed" -> "Killed".
func MetricLabel(metric string) string {
	if metric == "" {
		return ""
	}
	b := []byte(metric)
	if 'a' <= b[0] && b[0] <= 'z' {
		b[0] -= 'a' - 'A'
	}
	for i := range b {
		if b[i] == '_' {
			b[i] = ' '
		}
	}
	return string(b)
}

// ScopeLabel describes a scope for readers.
func ScopeLabel(s Scope) string {
	switch s {
	case ScopeEvent:
		return "in this event"
	case ScopeCumulative:
		return "running total"
	}
	return fmt.Sprint(s)
}
