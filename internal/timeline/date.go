package timeline

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Precision says how much of a date is known. A date is never shown or
// compared with more precision than it has: "May 2021" stays "May 2021".
type Precision string

const (
	PrecisionYear  Precision = "year"
	PrecisionMonth Precision = "month"
	PrecisionDay   Precision = "day"
)

// Valid reports whether p is one of the known precisions.
func (p Precision) Valid() bool {
	return p == PrecisionYear || p == PrecisionMonth || p == PrecisionDay
}

// FuzzyDate is a calendar date with a precision. Unknown parts are zero:
// a month-precision date has Day 0, a year-precision date Month 0 and Day 0.
// The zero FuzzyDate means "no date".
type FuzzyDate struct {
	Year      int
	Month     time.Month
	Day       int
	Precision Precision
}

// MinYear and MaxYear bound the years Annals accepts. Years before the
// common era are negative (-500 is 500 BCE) and there is no year 0, as
// TimelineJS and PostgreSQL count them. 4713 BCE is the earliest year a
// PostgreSQL date holds; a year like 20211 is a typo.
const (
	MinYear = -4713
	MaxYear = 9999
)

// YearText writes a year for readers: "2021", "602", "500 BCE".
func YearText(y int) string {
	if y < 0 {
		return strconv.Itoa(-y) + " BCE"
	}
	return strconv.Itoa(y)
}

// astronomical is the year as time.Time and the database count it, with a
// year 0: 1 BCE is 0, 500 BCE is -499.
func astronomical(y int) int {
	if y < 0 {
		return y + 1
	}
	return y
}

// ParseDate reads "2021", "2021-05" or "2021-02-01"; the precision follows
// from how much is written. A year before the common era has a minus sign:
// "-0500" is 500 BCE (TimelineJS's count, not ISO 8601's, which has a year 0).
func ParseDate(s string) (FuzzyDate, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return FuzzyDate{}, Msgf("problem.date.empty", "date is empty")
	}
	sign := 1
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		sign = -1
		s = rest
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 {
		return FuzzyDate{}, Msgf("problem.date.format", "date %q: write YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		want := 2
		if i == 0 {
			want = 4
		}
		if len(p) != want {
			return FuzzyDate{}, Msgf("problem.date.format", "date %q: write YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return FuzzyDate{}, Msgf("problem.date.number", "date %q: %q is not a number", s, p)
		}
		nums[i] = n
	}
	nums[0] *= sign
	switch len(nums) {
	case 1:
		return NewYear(nums[0])
	case 2:
		return NewMonth(nums[0], nums[1])
	default:
		return NewDay(nums[0], nums[1], nums[2])
	}
}

// ParseDateWithPrecision parses s and checks that it has exactly precision p,
// so a file that says "month" but writes a day is rejected, not truncated.
func ParseDateWithPrecision(s string, p Precision) (FuzzyDate, error) {
	d, err := ParseDate(s)
	if err != nil {
		return FuzzyDate{}, err
	}
	if p == "" {
		return d, nil
	}
	if !p.Valid() {
		return FuzzyDate{}, Msgf("problem.precision", "precision %q: must be year, month or day", string(p))
	}
	if d.Precision != p {
		return FuzzyDate{}, Msgf("problem.date.precision", "date %q has %s precision but %s was given", s, d.Precision, p)
	}
	return d, nil
}

// NewYear returns a year-precision date.
func NewYear(y int) (FuzzyDate, error) {
	if y == 0 {
		return FuzzyDate{}, Msgf("problem.date.year0", "there is no year 0: 1 BCE is followed by 1 CE")
	}
	if y < MinYear || y > MaxYear {
		year := func(y int) FuzzyDate { return FuzzyDate{Year: y, Precision: PrecisionYear} }
		return FuzzyDate{}, Msgf("problem.date.year", "year %s is out of range (%s to %s)", year(y), year(MinYear), year(MaxYear))
	}
	return FuzzyDate{Year: y, Precision: PrecisionYear}, nil
}

// NewMonth returns a month-precision date.
func NewMonth(y, m int) (FuzzyDate, error) {
	d, err := NewYear(y)
	if err != nil {
		return d, err
	}
	if m < 1 || m > 12 {
		return FuzzyDate{}, Msgf("problem.date.month", "month %d does not exist (%d-%d)", m, 1, 12)
	}
	return FuzzyDate{Year: y, Month: time.Month(m), Precision: PrecisionMonth}, nil
}

// NewDay returns a day-precision date, rejecting days the month lacks
// (31 February, 31 April, 29 February outside leap years).
func NewDay(y, m, day int) (FuzzyDate, error) {
	d, err := NewMonth(y, m)
	if err != nil {
		return d, err
	}
	if day < 1 || day > daysIn(y, time.Month(m)) {
		return FuzzyDate{}, Msgf("problem.date.day", "%s does not exist",
			FuzzyDate{Year: y, Month: time.Month(m), Day: day, Precision: PrecisionDay})
	}
	return FuzzyDate{Year: y, Month: time.Month(m), Day: day, Precision: PrecisionDay}, nil
}

// FromTime returns the date of t at precision p.
func FromTime(t time.Time, p Precision) FuzzyDate {
	y := t.Year()
	if y <= 0 {
		y-- // time counts a year 0; 1 BCE is year 0 there
	}
	switch p {
	case PrecisionYear:
		return FuzzyDate{Year: y, Precision: p}
	case PrecisionMonth:
		return FuzzyDate{Year: y, Month: t.Month(), Precision: p}
	default:
		return FuzzyDate{Year: y, Month: t.Month(), Day: t.Day(), Precision: PrecisionDay}
	}
}

func daysIn(y int, m time.Month) int {
	return time.Date(astronomical(y), m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether d is "no date".
func (d FuzzyDate) IsZero() bool { return d.Precision == "" }

// First is the first day the date can mean (1 May 2021 for "May 2021").
func (d FuzzyDate) First() time.Time {
	y := astronomical(d.Year)
	switch d.Precision {
	case PrecisionYear:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	case PrecisionMonth:
		return time.Date(y, d.Month, 1, 0, 0, 0, 0, time.UTC)
	case PrecisionDay:
		return time.Date(y, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	}
	return time.Time{}
}

// Last is the last day the date can mean (31 May 2021 for "May 2021").
func (d FuzzyDate) Last() time.Time {
	switch d.Precision {
	case PrecisionYear:
		return time.Date(astronomical(d.Year), 12, 31, 0, 0, 0, 0, time.UTC)
	case PrecisionMonth:
		return time.Date(astronomical(d.Year), d.Month, daysIn(d.Year, d.Month), 0, 0, 0, 0, time.UTC)
	case PrecisionDay:
		return d.First()
	}
	return time.Time{}
}

// String is the ISO form at the date's own precision: "2021", "2021-05",
// "2021-02-01", "0602", "-0500" (500 BCE). It is what forms, files and
// query strings carry; ParseDate reads it back.
func (d FuzzyDate) String() string {
	year := fmt.Sprintf("%04d", d.Year)
	if d.Year < 0 {
		year = fmt.Sprintf("-%04d", -d.Year)
	}
	switch d.Precision {
	case PrecisionYear:
		return year
	case PrecisionMonth:
		return fmt.Sprintf("%s-%02d", year, int(d.Month))
	case PrecisionDay:
		return fmt.Sprintf("%s-%02d-%02d", year, int(d.Month), d.Day)
	}
	return ""
}

// Format writes the date for readers, in English: "2021", "May 2021",
// "1 February 2021". No part that is not known is ever written.
func (d FuzzyDate) Format() string {
	switch d.Precision {
	case PrecisionYear:
		return YearText(d.Year)
	case PrecisionMonth:
		return fmt.Sprintf("%s %s", d.Month, YearText(d.Year))
	case PrecisionDay:
		return fmt.Sprintf("%d %s %s", d.Day, d.Month, YearText(d.Year))
	}
	return ""
}

// Compare orders dates by their first day, then coarser precision first, so
// "2021" sorts before "January 2021" which sorts before "1 January 2021".
func (d FuzzyDate) Compare(o FuzzyDate) int {
	if c := d.First().Compare(o.First()); c != 0 {
		return c
	}
	return precisionRank(d.Precision) - precisionRank(o.Precision)
}

func precisionRank(p Precision) int {
	switch p {
	case PrecisionYear:
		return 1
	case PrecisionMonth:
		return 2
	case PrecisionDay:
		return 3
	}
	return 0
}

// DateRange is when an event happened: a start and an optional end.
type DateRange struct {
	Start FuzzyDate
	End   FuzzyDate // zero when the event has no end date
	// StartTime and EndTime are the optional local times of day of the
	// start and the end; each needs a day-precision date beside it.
	StartTime TimeOfDay
	EndTime   TimeOfDay
}

// Validate checks that the range has a start and does not end before it
// starts. An end may be less precise than the start ("3 March 2021 - 2022").
func (r DateRange) Validate() error {
	if r.Start.IsZero() {
		return Msgf("problem.start.required", "a start date is required")
	}
	// Compared by first days, as the database constraint does: an end of
	// "2021" for a start of "1 March 2021" would begin before the start.
	if !r.End.IsZero() && r.End.First().Before(r.Start.First()) {
		return Msgf("problem.end.before", "the end (%s) is before the start (%s)", r.End, r.Start)
	}
	return nil
}

// Error texts for a time without a day; forms and importers show them.
const (
	ErrStartTimeNeedsDay = "a time needs a date with its day"
	ErrEndTimeNeedsEnd   = "a time needs an end date with its day"
)

// validateTimes records the problems with the times of day: a time needs a
// day-precision date, and on a single day the end is not before the start.
func (r DateRange) validateTimes(p *Problems) {
	if !r.StartTime.IsZero() && r.Start.Precision != PrecisionDay {
		p.AddMsg("start_time", "problem.time.needsday", ErrStartTimeNeedsDay)
	}
	if !r.EndTime.IsZero() {
		if r.End.IsZero() || r.End.Precision != PrecisionDay {
			p.AddMsg("end_time", "problem.time.needsend", ErrEndTimeNeedsEnd)
		} else if r.End == r.Start && !r.StartTime.IsZero() && r.EndTime.Compare(r.StartTime) < 0 {
			p.AddMsg("end_time", "problem.time.before", "the end (%s) is before the start (%s) on the same day", r.EndTime, r.StartTime)
		}
	}
}

// Format writes the range for readers: "1 February 2021" or
// "1 February 2021 – May 2021".
func (r DateRange) Format() string {
	start := withTime(r.Start.Format(), r.StartTime)
	if r.End.IsZero() || (r.End == r.Start && (r.EndTime.IsZero() || r.EndTime == r.StartTime)) {
		return start
	}
	if r.End == r.Start {
		return start + " – " + r.EndTime.String()
	}
	return start + " – " + withTime(r.End.Format(), r.EndTime)
}

func withTime(date string, t TimeOfDay) string {
	if t.IsZero() {
		return date
	}
	return date + ", " + t.String()
}

// Last is the last day the range can cover.
func (r DateRange) Last() time.Time {
	if r.End.IsZero() {
		return r.Start.Last()
	}
	return r.End.Last()
}

// StartDateTime is the machine-readable start for an HTML datetime
// attribute: "2021-02-01T03:00" with a time, else the date at its precision.
func (r DateRange) StartDateTime() string {
	if r.StartTime.IsZero() || r.Start.Precision != PrecisionDay {
		return r.Start.String()
	}
	return r.Start.String() + "T" + r.StartTime.String()
}
