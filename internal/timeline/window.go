package timeline

import (
	"net/url"
	"strconv"
	"strings"
)

// WindowSize is how many events a timeline page shows at once: enough to
// read on, few enough that a phone opens a 100,000-event timeline as fast
// as a small one.
const WindowSize = 50

// MaxLatest bounds an embed's "latest N" mode.
const MaxLatest = WindowSize

// Window says which events of a (filtered) timeline a page shows. The zero
// Window is the first WindowSize events, oldest first. It round-trips
// through a query string, so every window is a permalink.
type Window struct {
	// After and Before are cursors (opaque; the store gives them out and
	// checks them): the window holds the events just later in time than
	// After, or just earlier than Before. At most one of After, Before
	// and At is set.
	After, Before string
	// At opens the window at a year or month: oldest first, at the first
	// event of that period; newest first, at its last.
	At     FuzzyDate
	Newest bool // newest first; oldest first is the default
	Size   int  // events in the window; 0 means WindowSize
}

// Limit is the number of events the window holds.
func (w Window) Limit() int {
	if w.Size <= 0 || w.Size > WindowSize {
		return WindowSize
	}
	return w.Size
}

// IsFirst reports whether the window starts at the beginning of the
// timeline in its order, so there is nothing before it.
func (w Window) IsFirst() bool { return w.After == "" && w.Before == "" && w.At.IsZero() }

// WindowFromQuery reads after, before, at and order from a query string.
// Problems name the parameter.
func WindowFromQuery(q url.Values) (Window, error) {
	p := NewProblems("")
	var w Window
	switch v := q.Get("order"); v {
	case "", "oldest":
	case "newest":
		w.Newest = true
	default:
		p.Add("order", "%q must be newest or oldest", v)
	}
	w.After = strings.TrimSpace(q.Get("after"))
	w.Before = strings.TrimSpace(q.Get("before"))
	if s := strings.TrimSpace(q.Get("at")); s != "" {
		d, err := ParseDate(s)
		switch {
		case err != nil:
			p.Add("at", "%q is not a year or month (write 2021 or 2021-03)", s)
		case d.Precision == PrecisionDay:
			// A day narrows no further than its month: open there.
			w.At = FuzzyDate{Year: d.Year, Month: d.Month, Precision: PrecisionMonth}
		default:
			w.At = d
		}
	}
	set := 0
	for _, s := range []bool{w.After != "", w.Before != "", !w.At.IsZero()} {
		if s {
			set++
		}
	}
	if set > 1 {
		p.Add("at", "give only one of after, before and at")
	}
	return w, p.Err()
}

// LatestFromQuery reads an embed's latest=N (1 to MaxLatest): 0 when absent.
func LatestFromQuery(q url.Values) (int, error) {
	s := strings.TrimSpace(q.Get("latest"))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxLatest {
		return 0, Errorf(EINVALID, "latest %q must be a number from 1 to %d", s, MaxLatest)
	}
	return n, nil
}

// Query writes the window as a query string (order, then its position).
func (w Window) Query() url.Values {
	q := url.Values{}
	if w.Newest {
		q.Set("order", "newest")
	}
	switch {
	case w.After != "":
		q.Set("after", w.After)
	case w.Before != "":
		q.Set("before", w.Before)
	case !w.At.IsZero():
		q.Set("at", w.At.String())
	}
	return q
}

// EventWindow is a window of a timeline's public events.
type EventWindow struct {
	Timeline Timeline
	Events   []Event // in the window's order (oldest or newest first)
	// Earlier and Later are the cursors of the neighbouring windows, for
	// before= and after=; empty when there are no events that way.
	Earlier, Later string
}

// PeriodCount is how many events start in a year, or in one of its months.
// Month is 0 for events known only to the year.
type PeriodCount struct {
	Year  int
	Month int
	Count int
}

// Neighbours are the published events just before and after one event in
// its timeline's order; a zero Event where there is none.
type Neighbours struct {
	Previous, Next Event
}

// MetricCount is how many figures of one metric a view holds.
type MetricCount struct {
	Metric string
	Count  int
}
