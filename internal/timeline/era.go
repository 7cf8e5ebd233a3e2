package timeline

import "fmt"

// Era is a named period of a timeline ("Clearance operations"): a title,
// an optional short summary (Markdown) and the dates it spans, each with
// its own precision as an event's dates have. An era has no workflow: it is
// public when its timeline is.
type Era struct {
	ID      int64
	Title   string
	Summary string
	Start   FuzzyDate
	End     FuzzyDate
	Version int
}

// Key is what identifies an era within its timeline for imports: its
// title and start. Re-importing a file changes an era with the same key
// and never adds a second one.
func (e Era) Key() string { return e.Title + "\x00" + e.Start.String() }

// Range is the era's span as a date range, for formatting.
func (e Era) Range() DateRange { return DateRange{Start: e.Start, End: e.End} }

// EraItem names an era in problems.
func EraItem(title string) string { return "era " + quote(title) }

// Validate checks every field: a title, a short summary, a start and an
// end that is not before the start (compared by first days, as the
// database constraint does).
func (e Era) Validate() error {
	p := NewProblems(EraItem(e.Title))
	p.AddErr("title", ValidateText(e.Title, true, MaxTitleLength))
	p.AddErr("summary", ValidateText(e.Summary, false, MaxNoteLength))
	switch {
	case e.Start.IsZero():
		p.AddMsg("start", "problem.start.required", "a start date is required")
	case !e.Start.Precision.Valid():
		p.AddMsg("start", "problem.precision", "precision %q: must be year, month or day", e.Start.Precision)
	}
	switch {
	case e.End.IsZero():
		p.AddMsg("end", "problem.end.required", "an end date is required")
	case !e.End.Precision.Valid():
		p.AddMsg("end", "problem.precision", "precision %q: must be year, month or day", e.End.Precision)
	case !e.Start.IsZero() && e.End.First().Before(e.Start.First()):
		p.AddMsg("end", "problem.end.before", "the end (%s) is before the start (%s)", e.End, e.Start)
	}
	return p.Err()
}

// EraSave is a staff change to one of a timeline's eras: a new era when ID
// is 0, else the era ID at Version (a stale version is a conflict).
type EraSave struct {
	Timeline string // slug
	Era      Era
	Reason   string
}

// validateEras checks a document's eras: each valid, no key twice.
func validateEras(p *Problems, eras []Era) {
	seen := map[string]bool{}
	for i, e := range eras {
		if seen[e.Key()] {
			p.AddMsg(fmt.Sprintf("eras[%d]", i), "problem.era.twice", "era %q starting %s is listed twice", e.Title, e.Start)
		}
		seen[e.Key()] = true
		p.Merge(e.Validate())
	}
}
