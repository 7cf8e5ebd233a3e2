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
}
