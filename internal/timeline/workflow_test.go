package timeline_test

import (
	"errors"
	"testing"

	"annals/internal/auth"
	"annals/internal/timeline"
)

func TestMayTakeStep(t *testing.T) {
	t.Parallel()
	contributor := auth.User{ID: 1, Role: auth.RoleContributor}
	reviewer := auth.User{ID: 2, Role: auth.RoleReviewer}
	editor := auth.User{ID: 3, Role: auth.RoleEditor}
	disabled := auth.User{ID: 4, Role: auth.RoleAdmin, Disabled: true}
	draft := timeline.DraftFacts{Status: timeline.StatusDraft, LiveStatus: timeline.StatusDraft, Sources: 1}
	unsourced := draft
	unsourced.Sources = 0
	internalUnsourced := unsourced
	internalUnsourced.Visibility = timeline.VisibilityInternal
	review := timeline.DraftFacts{Status: timeline.StatusInReview, LiveStatus: timeline.StatusInReview, Sources: 1,
		Authors: []int64{1}}
	imported := review // the editor imported a change to the event in review
	imported.Authors = []int64{1, 3}
	pendingEdit := timeline.DraftFacts{Status: timeline.StatusInReview, LiveStatus: timeline.StatusPublished,
		Pending: true, Sources: 1, Authors: []int64{2}}
	published := timeline.DraftFacts{Status: timeline.StatusPublished, LiveStatus: timeline.StatusPublished, Sources: 1}

	const ok = ""
	for _, c := range []struct {
		name  string
		step  timeline.Step
		by    auth.User
		facts timeline.DraftFacts
		self  bool
		want  string // error code, "own" for ErrOwnChange
	}{
		{"contributor submits a sourced draft", timeline.StepSubmit, contributor, draft, false, ok},
		{"submit without a source", timeline.StepSubmit, contributor, unsourced, false, timeline.EINVALID},
		{"submit an internal event without a source", timeline.StepSubmit, contributor, internalUnsourced, false, ok},
		{"submit work already in review", timeline.StepSubmit, contributor, review, false, timeline.ECONFLICT},
		{"contributor publishes", timeline.StepPublish, contributor, review, false, timeline.EFORBIDDEN},
		{"reviewer publishes another's work", timeline.StepPublish, reviewer, review, false, ok},
		{"author publishes own work", timeline.StepPublish, contributor, review, true, timeline.EFORBIDDEN},
		{"importer publishes the imported change", timeline.StepPublish, editor, imported, false, "own"},
		{"importer publishes, self-publishing on", timeline.StepPublish, editor, imported, true, ok},
		{"editor publishes a change they did not write", timeline.StepPublish, editor, review, false, ok},
		{"author publishes own pending edit", timeline.StepPublish, reviewer, pendingEdit, false, "own"},
		{"publish a draft", timeline.StepPublish, reviewer, draft, false, timeline.ECONFLICT},
		{"disabled account publishes", timeline.StepPublish, disabled, review, true, timeline.EFORBIDDEN},
		{"author sends back own work", timeline.StepSendBack, reviewer, pendingEdit, false, ok},
		{"send back a draft", timeline.StepSendBack, reviewer, draft, false, timeline.ECONFLICT},
		{"retract a published event", timeline.StepRetract, reviewer, published, false, ok},
		{"retract a draft", timeline.StepRetract, reviewer, draft, false, timeline.ECONFLICT},
		{"discard a pending edit", timeline.StepDiscard, editor, pendingEdit, false, ok},
		{"reviewer discards", timeline.StepDiscard, reviewer, pendingEdit, false, timeline.EFORBIDDEN},
		{"discard without a pending edit", timeline.StepDiscard, editor, draft, false, timeline.ECONFLICT},
		{"delete a draft", timeline.StepDelete, editor, draft, false, ok},
		{"delete a published event", timeline.StepDelete, editor, published, false, timeline.ECONFLICT},
		{"unknown step", "fly", editor, draft, false, timeline.EINVALID},
	} {
		err := timeline.MayTakeStep(c.step, c.by, c.facts, c.self)
		got := timeline.ErrorCode(err)
		if errors.Is(err, timeline.ErrOwnChange) {
			got = "own"
		}
		if got != c.want {
			t.Errorf("%s: %q (%v), want %q", c.name, got, err, c.want)
		}
	}
	// The refusal of an unsourced submit names the field to fix.
	var v *timeline.ValidationError
	if err := timeline.MayTakeStep(timeline.StepSubmit, contributor, unsourced, false); !errors.As(err, &v) ||
		v.Problems[0].Field != "sources" {
		t.Errorf("unsourced submit: %v, want a problem on sources", err)
	}
}
