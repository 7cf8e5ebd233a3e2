package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// History lists the revisions of one event, source or figure, newest first.
// An event's (or timeline's) history includes the revisions of its
// translations (entity "event_translation").
func (s *Store) History(ctx context.Context, entity string, id int64) ([]timeline.Revision, error) {
	rows, err := s.pool.Query(ctx, `
SELECT id, entity, entity_id, version, action, author, reason, created_at, record
FROM revisions WHERE entity IN ($1, $1 || '_translation') AND entity_id = $2 ORDER BY id DESC`, entity, id)
	if err != nil {
		return nil, fmt.Errorf("load history of %s %d: %w", entity, id, err)
	}
	var out []timeline.Revision
	var r timeline.Revision
	_, err = pgx.ForEachRow(rows, []any{&r.ID, &r.Entity, &r.EntityID, &r.Version, &r.Action, &r.Author, &r.Reason,
		&r.CreatedAt, &r.Record}, func() error {
		r.Record = append(json.RawMessage(nil), r.Record...)
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read history of %s %d: %w", entity, id, err)
	}
	if len(out) == 0 {
		return nil, timeline.Errorf(timeline.ENOTFOUND, "There is no history for %s %d.", entity, id)
	}
	return out, nil
}

// EventAtVersion is the event as it was at one version, read from the
// revision written at that version (revisions hold the whole record). It
// is the common ancestor of a three-way merge. ENOTFOUND when no revision
// has that version.
func (s *Store) EventAtVersion(ctx context.Context, id int64, version int) (timeline.Event, error) {
	var raw []byte
	err := s.pool.QueryRow(ctx, `
SELECT record FROM revisions WHERE entity = 'event' AND entity_id = $1 AND version = $2 ORDER BY id DESC LIMIT 1`,
		id, version).Scan(&raw)
	if err != nil {
		return timeline.Event{}, notFound(fmt.Errorf("load version %d of event %d: %w", version, id, err),
			"Event %d has no version %d.", id, version)
	}
	var rec timeline.EventRecord
	if err := json.Unmarshal(raw, &rec); err != nil {
		return timeline.Event{}, fmt.Errorf("decode version %d of event %d: %w", version, id, err)
	}
	e, err := eventFromRecord(ctx, s.pool, rec)
	if err != nil {
		return e, err
	}
	e.ID, e.Version = id, version
	return e, nil
}
