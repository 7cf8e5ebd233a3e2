package views

import "annals/internal/timeline"

// View models for a timeline's windows: the overview of events over time,
// the jump-to control and the links to the neighbouring windows.

// Overview is a timeline's events counted by year, and by month for the
// years the window shows, each bar a link to its period.
type Overview struct {
	Years  []Bar
	Months []MonthBars
	Jump   JumpForm
	// Eras are the timeline's named periods as bands under the year bars,
	// one cell per bar.
	Eras []EraBand
}

// EraBand is one era drawn under a row of bars: a cell per bar, on where
// the era spans the bar's period, and a link to the window opening at the
// era's start.
type EraBand struct {
	Title string
	Span  string // "February 2021 – March 2021", in the reader's language
	URL   string
	Cells []bool
}

// MonthBars are one year's twelve months.
type MonthBars struct {
	Heading string // "2021 by month", in the reader's language
	ID      string
	Bars    []Bar
	Eras    []EraBand // the eras that reach into this year, by month
}

// Bar is one period's count.
type Bar struct {
	Short   string // the label under the bar: "2021", "Mar"
	Text    string // what a screen reader hears: "March 2021: 12 events"
	Count   int
	Height  int    // in twentieths of the tallest bar (a class bar-h0 to bar-h20)
	URL     string // the window opening at the period; empty with no events
	Current bool   // the window shows events of this period
	// Period is the year or month the bar counts, for the era bands.
	Period timeline.FuzzyDate
}

// JumpForm is the plain GET form that opens a window at a year or month,
// keeping the filters and order as hidden fields.
type JumpForm struct {
	Action string
	Hidden []Option // name in Value, value in Label
	At     string
}

// WindowNav links a window to its neighbours; an empty URL means there
// are no events that way.
type WindowNav struct {
	Shown   string // "Shown here: 50 events, March 2021 – June 2021"
	Earlier string
	Later   string
}

// Neighbours are an event page's links to the events before and after it.
type Neighbours struct {
	Previous, Next Link
}
