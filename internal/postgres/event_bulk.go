package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"annals/internal/auth"
	"annals/internal/timeline"
)

// MaxBulkEvents is how many events one bulk action may name: a page of the
// staff list at its longest.
const MaxBulkEvents = 500

// bulkSteps are the steps a bulk action can take, each the same function
// as the single action's (event_workflow.go), so one rule decides both.
var bulkSteps = map[string]eventStep{
	"submit":       submitStep,
	"publish":      publishStep,
	"send_back":    sendBackStep,
	"retract":      retractStep,
	"add_timeline": nil, // addTimelineStep, which also needs the timeline
}

// addTimelineStep puts the event on one more timeline.
func addTimelineStep(ctx context.Context, tx pgx.Tx, by auth.User, a timeline.EventAction, cur timeline.StaffEvent, slug string) (int, error) {
	// Timelines are an editor's business, as for the single action.
	if !by.Can(auth.RoleEditor) {
		return 0, timeline.ErrNeedsRole(auth.RoleEditor)
	}
	if slices.Contains(cur.Timelines, slug) {
		return 0, timeline.ErrorMsgf(timeline.ECONFLICT, "workflow.ontimeline", "It is already on the timeline %q.", slug)
	}
	return timelinesStep(ctx, tx, by, a, cur, append(slices.Clone(cur.Timelines), slug))
}

// BulkEvents takes one step on many events in one transaction. Each event
// is checked by the rule of the single action (timeline.MayTakeStep, at the
// version the list showed) and gets its own revision; an event the rule
// refuses is left as it was, in a savepoint of its own, and the report says
// why. Only a failure of the database itself undoes the whole action.
func (s *Store) BulkEvents(ctx context.Context, by auth.User, b timeline.BulkAction) ([]timeline.BulkResult, error) {
	step, ok := bulkSteps[b.Step]
	p := timeline.NewProblems("")
	if !ok {
		p.Add("step", "%q is not an action on events", b.Step)
	}
	if len(b.Events) == 0 {
		p.Add("events", "choose at least one event")
	}
	if len(b.Events) > MaxBulkEvents {
		p.Add("events", "choose at most %d events at once", MaxBulkEvents)
	}
	if err := timeline.ValidateText(b.Reason, false, timeline.MaxNoteLength); err != nil {
		p.Add("reason", "%s", err.Error())
	}
	if (b.Step == "send_back" || b.Step == "retract") && strings.TrimSpace(b.Reason) == "" {
		p.Add("reason", "give one reason for every event")
	}
	if b.Step == "add_timeline" && b.Timeline == "" {
		p.Add("timeline", "choose a timeline")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	// Locked in id order, so two bulk actions never wait on each other in
	// a circle.
	events := slices.Clone(b.Events)
	slices.SortFunc(events, func(x, y timeline.BulkEvent) int { return int(x.ID - y.ID) })
	events = slices.CompactFunc(events, func(x, y timeline.BulkEvent) bool { return x.ID == y.ID })
	var out []timeline.BulkResult
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		if b.Step == "add_timeline" {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM timelines WHERE slug = $1)`, b.Timeline).Scan(&exists); err != nil {
				return fmt.Errorf("find timeline %q: %w", b.Timeline, err)
			}
			if !exists {
				return &timeline.ValidationError{Problems: []timeline.Problem{{Field: "timeline", Message: fmt.Sprintf("there is no timeline %q", b.Timeline)}}}
			}
		}
		out = out[:0]
		for _, ev := range events {
			res, err := bulkOne(ctx, tx, by, step, b, ev)
			if err != nil {
				return err
			}
			out = append(out, res)
		}
		return nil
	})
	if err != nil {
		return nil, constraintError(err)
	}
	return out, nil
}

// bulkOne takes the step on one event inside a savepoint: a refusal rolls
// back only this event.
func bulkOne(ctx context.Context, tx pgx.Tx, by auth.User, step eventStep, b timeline.BulkAction, ev timeline.BulkEvent) (timeline.BulkResult, error) {
	res := timeline.BulkResult{ID: ev.ID}
	_ = tx.QueryRow(ctx, `SELECT coalesce(d.record->>'title', e.title) FROM events e
LEFT JOIN event_drafts d ON d.event_id = e.id WHERE e.id = $1`, ev.ID).Scan(&res.Title)
	sp, err := tx.Begin(ctx)
	if err != nil {
		return res, fmt.Errorf("savepoint for event %d: %w", ev.ID, err)
	}
	a := timeline.EventAction{ID: ev.ID, Version: ev.Version, Reason: b.Reason, AllowSelfPublish: b.AllowSelfPublish}
	version, err := func() (int, error) {
		cur, err := lockEvent(ctx, sp, ev.ID, ev.Version)
		if err != nil {
			return 0, err
		}
		if step == nil {
			return addTimelineStep(ctx, sp, by, a, cur, b.Timeline)
		}
		return step(ctx, sp, by, a, cur)
	}()
	err = constraintError(err)
	if err == nil {
		if err := sp.Commit(ctx); err != nil {
			return res, fmt.Errorf("release savepoint for event %d: %w", ev.ID, err)
		}
		res.Done, res.Version = true, version
		return res, nil
	}
	if rerr := sp.Rollback(ctx); rerr != nil {
		return res, errors.Join(err, rerr)
	}
	switch timeline.ErrorCode(err) {
	case timeline.EINVALID, timeline.ECONFLICT, timeline.EFORBIDDEN, timeline.ENOTFOUND:
		res.Refusal = err
		return res, nil
	}
	return res, fmt.Errorf("%s event %d: %w", b.Step, ev.ID, err)
}
