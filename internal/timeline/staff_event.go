package timeline

import "time"

// StaffEvent is an event as the staff editor sees it.
type StaffEvent struct {
	Live      Event    // the row the public reads when it is published
	Work      Event    // what is being edited: the pending edit, or Live
	Pending   bool     // Work is a pending edit of a published or retracted event
	Version   int      // pass it back with the next action
	Timelines []string // slugs of the timelines the event is on
	Comments  []ReviewComment
	// Authors are the accounts that wrote, restored or submitted Work since
	// it was last published; by default none of them may publish it.
	Authors   []int64
	UpdatedBy string
}

// Published reports whether the public has ever seen the event.
func (e StaffEvent) Published() bool {
	return e.Live.Status == StatusPublished || e.Live.Status == StatusRetracted
}

// Facts are what the workflow rules (MayTakeStep) need to know
// about the event's work.
func (e StaffEvent) Facts() DraftFacts {
	return DraftFacts{Status: e.Work.Status, LiveStatus: e.Live.Status, Pending: e.Pending,
		Visibility: e.Work.Visibility, Sources: len(e.Work.Citations), Authors: e.Authors}
}

// ReviewComment is a reviewer's note when sending a change back.
type ReviewComment struct {
	Author    string
	Body      string
	CreatedAt time.Time
}

// EventSummary is an event as listed for staff.
type EventSummary struct {
	ID         int64
	Slug       string
	Title      string
	Status     Status // of the work: draft, in_review, published, retracted
	LiveStatus Status
	Pending    bool
	Visibility Visibility
	UpdatedAt  time.Time
	UpdatedBy  string
	Version    int // for a bulk action to refuse an event changed since the list was shown
	Start      FuzzyDate
}

// StaffEventQuery narrows and orders the staff list of events. Every field
// is optional; the zero value lists every event, most recently changed
// first.
type StaffEventQuery struct {
	Text     string // part of the title (live or pending), or an event number
	Status   Status // of the work
	Timeline string // slug
	Category string // slug
	Author   int64  // the account that last changed it
	From, To string // ISO dates: events overlapping [From, To]
	// NeedsReviewBy lists work in review that this account may judge: it
	// wrote no part of it.
	NeedsReviewBy int64
	Sort          string // one of StaffEventSorts ("" is "changed")
	After         string // a page's Next
	Limit         int
}

// StaffEventSorts are the orders of the staff list of events.
var StaffEventSorts = []string{"changed", "oldest", "title", "date"}

// StaffEventPage is one page of the staff list and the cursor of the next
// ("" on the last page).
type StaffEventPage struct {
	Events []EventSummary
	Next   string
}

// BulkEvent names one event of a bulk action and the version the list
// showed, so an event changed since is refused rather than overwritten.
type BulkEvent struct {
	ID      int64
	Version int
}

// BulkAction is one workflow step taken on many events at once.
type BulkAction struct {
	Step             string // submit, publish, send_back, retract, add_timeline
	Events           []BulkEvent
	Reason           string // one reason for every event (send back, retract)
	Timeline         string // slug, for add_timeline
	AllowSelfPublish bool
}

// BulkResult says what a bulk action did to one event, or why it did not.
type BulkResult struct {
	ID      int64
	Title   string
	Done    bool
	Version int   // the event's version after the step
	Refusal error // why not (nil when done), for the person who asked
}
