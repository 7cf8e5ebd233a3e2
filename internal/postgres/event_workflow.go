package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"annals/internal/auth"
	"annals/internal/timeline"
)

// The workflow steps on an event: submit, send back, publish, retract,
// delete, restore, discard a pending edit, and which timelines it is on.

func (s *Store) eventAction(ctx context.Context, a timeline.EventAction, fn func(pgx.Tx, timeline.StaffEvent) (int, error)) (int, error) {
	if err := timeline.ValidateText(a.Reason, false, timeline.MaxNoteLength); err != nil {
		return 0, &timeline.ValidationError{Problems: []timeline.Problem{{Field: "reason", Message: err.Error()}}}
	}
	var version int
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		cur, err := lockEvent(ctx, tx, a.ID, a.Version)
		if err != nil {
			return err
		}
		version, err = fn(tx, cur)
		return err
	})
	return version, constraintError(err)
}

// SubmitEvent puts a draft up for review.
func (s *Store) SubmitEvent(ctx context.Context, by auth.User, a timeline.EventAction) (int, error) {
	return s.eventAction(ctx, a, func(tx pgx.Tx, cur timeline.StaffEvent) (int, error) {
		return submitStep(ctx, tx, by, a, cur)
	})
}

// A step takes the locked event cur a step on; the single actions and the
// bulk actions (event_bulk.go) share them.
type eventStep func(ctx context.Context, tx pgx.Tx, by auth.User, a timeline.EventAction, cur timeline.StaffEvent) (int, error)

func submitStep(ctx context.Context, tx pgx.Tx, by auth.User, a timeline.EventAction, cur timeline.StaffEvent) (int, error) {
	if err := timeline.MayTakeStep(timeline.StepSubmit, by, cur.Facts(), a.AllowSelfPublish); err != nil {
		return 0, err
	}
	return setWorkStatus(ctx, tx, by, cur, timeline.StatusInReview, "submit", a.Reason)
}

// SendBackEvent returns work in review to draft with the reviewer's comment.
func (s *Store) SendBackEvent(ctx context.Context, by auth.User, a timeline.EventAction) (int, error) {
	return s.eventAction(ctx, a, func(tx pgx.Tx, cur timeline.StaffEvent) (int, error) {
		return sendBackStep(ctx, tx, by, a, cur)
	})
}

func sendBackStep(ctx context.Context, tx pgx.Tx, by auth.User, a timeline.EventAction, cur timeline.StaffEvent) (int, error) {
	if err := timeline.MayTakeStep(timeline.StepSendBack, by, cur.Facts(), a.AllowSelfPublish); err != nil {
		return 0, err
	}
	if strings.TrimSpace(a.Reason) == "" {
		return 0, &timeline.ValidationError{Problems: []timeline.Problem{{Field: "reason", Message: "say what needs to change"}}}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO review_comments (event_id, author_id, body) VALUES ($1, $2, $3)`,
		cur.Live.ID, nullID(by.ID), a.Reason); err != nil {
		return 0, fmt.Errorf("save comment: %w", err)
	}
	return setWorkStatus(ctx, tx, by, cur, timeline.StatusDraft, "send_back", a.Reason)
}

func setWorkStatus(ctx context.Context, tx pgx.Tx, by auth.User, cur timeline.StaffEvent, status timeline.Status, action, reason string) (int, error) {
	if cur.Pending {
		if _, err := tx.Exec(ctx, `UPDATE event_drafts SET status = $2, updated_at = now() WHERE event_id = $1`, cur.Live.ID, status); err != nil {
			return 0, fmt.Errorf("update pending edit: %w", err)
		}
		version, err := bumpVersion(ctx, tx, cur.Live.ID)
		if err != nil {
			return 0, err
		}
		w := cur.Work
		w.Status = status
		return version, eventRevision(ctx, tx, cur.Live.ID, version, action, by, reason, timeline.EventRecordOf(w), true)
	}
	var version int
	if err := tx.QueryRow(ctx, `
UPDATE events SET status = $2, version = version + 1, updated_at = now(), updated_by = $3 WHERE id = $1 RETURNING version`,
		cur.Live.ID, status, nullID(by.ID)).Scan(&version); err != nil {
		return 0, fmt.Errorf("update event status: %w", err)
	}
	return version, liveRevision(ctx, tx, cur.Live.ID, action, by, reason)
}

// PublishEvent makes work in review public: a new event goes live, a pending
// edit replaces the published version. By default the author of any part of
// the change may not publish it (EFORBIDDEN).
func (s *Store) PublishEvent(ctx context.Context, by auth.User, a timeline.EventAction) (int, error) {
	return s.eventAction(ctx, a, func(tx pgx.Tx, cur timeline.StaffEvent) (int, error) {
		return publishStep(ctx, tx, by, a, cur)
	})
}

func publishStep(ctx context.Context, tx pgx.Tx, by auth.User, a timeline.EventAction, cur timeline.StaffEvent) (int, error) {
	if err := timeline.MayTakeStep(timeline.StepPublish, by, cur.Facts(), a.AllowSelfPublish); err != nil {
		return 0, err
	}
	w := cur.Work
	w.Status = timeline.StatusPublished
	if err := w.Validate(); err != nil {
		return 0, stripItem(err)
	}
	if w.Visibility != timeline.VisibilityInternal {
		if err := refuseUnaccepted(ctx, tx, w); err != nil {
			return 0, err
		}
	}
	version, err := writeLive(ctx, tx, by, cur.Live.ID, w)
	if err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM event_drafts WHERE event_id = $1`, cur.Live.ID); err != nil {
		return 0, fmt.Errorf("clear pending edit: %w", err)
	}
	return version, liveRevision(ctx, tx, cur.Live.ID, "publish", by, a.Reason)
}

// RetractEvent withdraws a published event: it leaves the timeline but keeps
// its permalink with a notice. A reason is required.
func (s *Store) RetractEvent(ctx context.Context, by auth.User, a timeline.EventAction) (int, error) {
	return s.eventAction(ctx, a, func(tx pgx.Tx, cur timeline.StaffEvent) (int, error) {
		return retractStep(ctx, tx, by, a, cur)
	})
}

func retractStep(ctx context.Context, tx pgx.Tx, by auth.User, a timeline.EventAction, cur timeline.StaffEvent) (int, error) {
	if err := timeline.MayTakeStep(timeline.StepRetract, by, cur.Facts(), a.AllowSelfPublish); err != nil {
		return 0, err
	}
	if strings.TrimSpace(a.Reason) == "" {
		return 0, &timeline.ValidationError{Problems: []timeline.Problem{{Field: "reason", Message: "say why the event is retracted"}}}
	}
	var version int
	if err := tx.QueryRow(ctx, `
UPDATE events SET status = 'retracted', version = version + 1, updated_at = now(), updated_by = $2 WHERE id = $1
RETURNING version`, cur.Live.ID, nullID(by.ID)).Scan(&version); err != nil {
		return 0, fmt.Errorf("retract event: %w", err)
	}
	return version, liveRevision(ctx, tx, cur.Live.ID, "retract", by, a.Reason)
}

// DeleteEvent deletes an event the public has never seen. Published events
// are retracted instead, so their permalinks keep working. Its revisions
// stay, ending with the deletion.
func (s *Store) DeleteEvent(ctx context.Context, by auth.User, a timeline.EventAction) error {
	_, err := s.eventAction(ctx, a, func(tx pgx.Tx, cur timeline.StaffEvent) (int, error) {
		if err := timeline.MayTakeStep(timeline.StepDelete, by, cur.Facts(), a.AllowSelfPublish); err != nil {
			return 0, err
		}
		if err := eventRevision(ctx, tx, cur.Live.ID, cur.Version+1, "delete", by, a.Reason, timeline.EventRecordOf(cur.Live), false); err != nil {
			return 0, err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM events WHERE id = $1`, cur.Live.ID); err != nil {
			return 0, fmt.Errorf("delete event: %w", err)
		}
		return 0, nil
	})
	return err
}

// RestoreEvent makes an earlier revision the event's work again, as a new
// draft revision. For a published event it becomes a pending edit that goes
// through review like any other.
func (s *Store) RestoreEvent(ctx context.Context, by auth.User, a timeline.EventAction, revisionID int64) (int, error) {
	return s.eventAction(ctx, a, func(tx pgx.Tx, cur timeline.StaffEvent) (int, error) {
		var raw []byte
		var version int
		err := tx.QueryRow(ctx, `SELECT record, version FROM revisions WHERE id = $1 AND entity = 'event' AND entity_id = $2`,
			revisionID, cur.Live.ID).Scan(&raw, &version)
		if err != nil {
			return 0, notFound(fmt.Errorf("load revision %d: %w", revisionID, err), "Event %d has no revision %d.", cur.Live.ID, revisionID)
		}
		var rec timeline.EventRecord
		if err := json.Unmarshal(raw, &rec); err != nil {
			return 0, fmt.Errorf("decode revision %d: %w", revisionID, err)
		}
		e, err := eventFromRecord(ctx, tx, rec)
		if err != nil {
			return 0, err
		}
		for _, c := range e.Citations {
			if c.Source.ID == 0 {
				return 0, timeline.Errorf(timeline.ECONFLICT, "Version %d cites a source that no longer exists (%s); restore it by hand.", version, c.Source.Title)
			}
		}
		e.ID, e.Slug, e.Status = cur.Live.ID, cur.Live.Slug, timeline.StatusDraft
		if err := e.Validate(); err != nil {
			return 0, stripItem(err)
		}
		reason := a.Reason
		if reason == "" {
			reason = fmt.Sprintf("restored version %d", version)
		}
		return saveWork(ctx, tx, by, cur, e, "restore", reason)
	})
}

// DiscardPendingEdit drops a pending edit of a published event; the
// published version stays as it is.
func (s *Store) DiscardPendingEdit(ctx context.Context, by auth.User, a timeline.EventAction) (int, error) {
	return s.eventAction(ctx, a, func(tx pgx.Tx, cur timeline.StaffEvent) (int, error) {
		if err := timeline.MayTakeStep(timeline.StepDiscard, by, cur.Facts(), a.AllowSelfPublish); err != nil {
			return 0, err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM event_drafts WHERE event_id = $1`, cur.Live.ID); err != nil {
			return 0, fmt.Errorf("discard pending edit: %w", err)
		}
		version, err := bumpVersion(ctx, tx, cur.Live.ID)
		if err != nil {
			return 0, err
		}
		return version, eventRevision(ctx, tx, cur.Live.ID, version, "discard", by, a.Reason, timeline.EventRecordOf(cur.Live), false)
	})
}

// SetEventTimelines puts the event on exactly the timelines named.
func (s *Store) SetEventTimelines(ctx context.Context, by auth.User, a timeline.EventAction, slugs []string) (int, error) {
	return s.eventAction(ctx, a, func(tx pgx.Tx, cur timeline.StaffEvent) (int, error) {
		return timelinesStep(ctx, tx, by, a, cur, slugs)
	})
}

func timelinesStep(ctx context.Context, tx pgx.Tx, by auth.User, a timeline.EventAction, cur timeline.StaffEvent, slugs []string) (int, error) {
	if len(slugs) == 0 {
		return 0, &timeline.ValidationError{Problems: []timeline.Problem{{Field: "timelines", Message: "choose at least one timeline"}}}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM timeline_events WHERE event_id = $1`, cur.Live.ID); err != nil {
		return 0, fmt.Errorf("clear timelines: %w", err)
	}
	for _, slug := range slugs {
		tag, err := tx.Exec(ctx, `INSERT INTO timeline_events (timeline_id, event_id) SELECT id, $2 FROM timelines WHERE slug = $1`, slug, cur.Live.ID)
		if err != nil {
			return 0, fmt.Errorf("put event on timeline %q: %w", slug, err)
		}
		if tag.RowsAffected() == 0 {
			return 0, &timeline.ValidationError{Problems: []timeline.Problem{{Field: "timelines", Message: fmt.Sprintf("there is no timeline %q", slug)}}}
		}
	}
	version, err := bumpVersion(ctx, tx, cur.Live.ID)
	if err != nil {
		return 0, err
	}
	return version, eventRevision(ctx, tx, cur.Live.ID, version, "timelines", by,
		"timelines: "+strings.Join(slugs, ", "), timeline.EventRecordOf(cur.Work), cur.Pending)
}
