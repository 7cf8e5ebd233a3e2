package timeline

import (
	"slices"

	"annals/internal/auth"
)

// Step is one step of the editorial workflow of an event.
type Step string

const (
	StepSubmit   Step = "submit"    // a draft goes up for review
	StepPublish  Step = "publish"   // work in review becomes what the public sees
	StepSendBack Step = "send_back" // work in review goes back to draft
	StepRetract  Step = "retract"   // a published event is withdrawn
	StepDiscard  Step = "discard"   // a pending edit of a published event is dropped
	StepDelete   Step = "delete"    // an event the public never saw is deleted
)

// DraftFacts is what the workflow rules need to know about an event's work.
type DraftFacts struct {
	Status     Status     // of the work: the pending edit, or the live row
	LiveStatus Status     // of the row the public reads
	Pending    bool       // the work is a pending edit of a published or retracted event
	Visibility Visibility // of the work
	Sources    int        // how many sources the work cites
	// Authors are the accounts that wrote any part of the work since it was
	// last published, by any path: the editor, the API, an import, a
	// restore.
	Authors []int64
}

// ErrOwnChange refuses to let the author of a change publish it.
var ErrOwnChange = ErrorMsgf(EFORBIDDEN, "workflow.own", "You wrote part of this change, so another reviewer must publish it.")

// NeedsSource reports whether work with these facts needs a source before
// it may go further: what the public will see must be sourced, so it is
// asked for at submit rather than discovered at publish.
func (d DraftFacts) NeedsSource() bool {
	return d.Visibility != VisibilityInternal && d.Sources == 0
}

// errNeedsSource is the problem of submitting work without a source, on
// the sources field.
func errNeedsSource() error {
	p := NewProblems("")
	p.AddMsg("sources", "workflow.needsource", "cite at least one source before submitting: a published event needs one")
	return p.Err()
}

// MayTakeStep says whether by may take step on work with the facts d: nil,
// or an error saying why not (EFORBIDDEN for the role or for the author of
// the change, ErrOwnChange being the latter; ECONFLICT when the step does
// not apply to the work as it is; a *ValidationError naming the field to
// fix). Storage refuses with it and the staff pages decide from it which
// buttons to show, so both follow one rule.
func MayTakeStep(step Step, by auth.User, d DraftFacts, allowSelfPublish bool) error {
	need := map[Step]auth.Role{StepSubmit: auth.RoleContributor, StepPublish: auth.RoleReviewer,
		StepSendBack: auth.RoleReviewer, StepRetract: auth.RoleReviewer, StepDiscard: auth.RoleEditor,
		StepDelete: auth.RoleEditor}
	role, ok := need[step]
	if !ok {
		return ErrorMsgf(EINVALID, "workflow.nostep", "There is no step %q.", string(step))
	}
	if !by.Can(role) {
		return ErrNeedsRole(role)
	}
	published := d.LiveStatus == StatusPublished || d.LiveStatus == StatusRetracted
	switch step {
	case StepSubmit:
		if d.Status != StatusDraft {
			return ErrorMsgf(ECONFLICT, "workflow.submit", "Only a draft can be submitted; this event is %s.", statusWords(d.Status))
		}
		if d.NeedsSource() {
			return errNeedsSource()
		}
	case StepPublish:
		if d.Status != StatusInReview {
			return ErrorMsgf(ECONFLICT, "workflow.publish", "Only work in review can be published; this event is %s.", statusWords(d.Status))
		}
		if !allowSelfPublish && slices.Contains(d.Authors, by.ID) {
			return ErrOwnChange
		}
	case StepSendBack:
		if d.Status != StatusInReview {
			return ErrorMsgf(ECONFLICT, "workflow.sendback", "Only work in review can be sent back; this event is %s.", statusWords(d.Status))
		}
	case StepRetract:
		if d.LiveStatus != StatusPublished {
			return ErrorMsgf(ECONFLICT, "workflow.retract", "Only a published event can be retracted; this one is %s.", statusWords(d.LiveStatus))
		}
	case StepDiscard:
		if !d.Pending {
			return ErrorMsgf(ECONFLICT, "workflow.nopending", "This event has no pending edit.")
		}
	case StepDelete:
		if published {
			return ErrorMsgf(ECONFLICT, "workflow.delete", "A published event cannot be deleted; retract it instead.")
		}
	}
	return nil
}

// statusWords says a status as an adjective ("in review"), through the
// catalogue's staff.status.adj.* words.
func statusWords(s Status) *Message {
	switch s {
	case StatusInReview:
		return Msgf("staff.status.adj.in_review", "in review")
	case "":
		return Msgf("staff.status.adj.unknown", "unknown")
	}
	return &Message{Key: "staff.status.adj." + string(s), Text: string(s)}
}

// ErrNeedsRole refuses a step that needs role.
func ErrNeedsRole(role auth.Role) error {
	return ErrorMsgf(EFORBIDDEN, "workflow.role", "This needs the %s role.", &Message{Key: "staff.role." + string(role), Text: string(role)})
}
