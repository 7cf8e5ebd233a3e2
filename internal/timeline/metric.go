package timeline

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
}

// MaxUnitLength bounds a metric's unit.
const MaxUnitLength = 40

// Validate checks a metric as an editor saves it.
func (m Metric) Validate() error {
	p := NewProblems("metric " + quote(m.Slug))
	if !metricPattern.MatchString(m.Slug) {
		p.Add("slug", "%q must be a lower-case word like \"killed\" or \"detained\" (letters, digits, _)", m.Slug)
	}
	p.AddErr("name", ValidateText(m.Name, true, MaxNameLength))
	p.AddErr("unit", ValidateText(m.Unit, false, MaxUnitLength))
	return p.Err()
}
