package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"annals/internal/auth"
	"annals/internal/timeline"
)

// erasSQL reads a timeline's eras oldest first: by start (coarser
// precision first, as events sort), then end, then title.
const erasSQL = `
SELECT id, title, summary, start_date, start_precision, end_date, end_precision, version
FROM eras WHERE timeline_id = $1
ORDER BY start_date, array_position(ARRAY['year', 'month', 'day'], start_precision::text), end_date, title, id`

func loadEras(ctx context.Context, db querier, timelineID int64) ([]timeline.Era, error) {
	rows, err := db.Query(ctx, erasSQL, timelineID)
	if err != nil {
		return nil, fmt.Errorf("list eras: %w", err)
	}
	defer rows.Close()
	var out []timeline.Era
	for rows.Next() {
		var e timeline.Era
		var start, end dbDate
		if err := rows.Scan(&e.ID, &e.Title, &e.Summary, &start.date, &start.precision, &end.date, &end.precision, &e.Version); err != nil {
			return nil, fmt.Errorf("read era: %w", err)
		}
		e.Start, e.End = start.fuzzy(), end.fuzzy()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read eras: %w", err)
	}
	return out, nil
}

// TimelineEras returns a timeline, public or internal, with its eras, for
// the staff pages.
func (s *Store) TimelineEras(ctx context.Context, slug string) (timeline.Timeline, []timeline.Era, error) {
	t, err := s.anyTimeline(ctx, slug)
	if err != nil {
		return t, nil, err
	}
	eras, err := loadEras(ctx, s.pool, t.ID)
	return t, eras, err
}

// PublicEras returns the eras of a public timeline, oldest first; an
// internal or unknown timeline is ENOTFOUND.
func (s *Store) PublicEras(ctx context.Context, slug string) ([]timeline.Era, error) {
	t, err := s.publicTimeline(ctx, slug)
	if err != nil {
		return nil, err
	}
	return loadEras(ctx, s.read, t.ID)
}

// eraConflict is a stale edit of an era: nothing is overwritten.
func eraConflict(have, base int) error {
	return timeline.Errorf(timeline.ECONFLICT,
		"Someone else changed this era while you were editing it (you started from version %d; it is now at version %d). Nothing was overwritten.",
		base, have)
}

// SaveEra creates an era on the timeline (ID 0) or changes the era ID at
// its Version, with a revision, and returns the era's id and version. A
// stale version is ECONFLICT; an era with the same title and start on the
// timeline is EINVALID naming the title.
func (s *Store) SaveEra(ctx context.Context, by auth.User, in timeline.EraSave) (int64, int, error) {
	e := in.Era
	if err := e.Validate(); err != nil {
		return 0, 0, stripItem(err)
	}
	author, authorID := authorOf(by)
	var id int64
	var version int
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		var tlID int64
		if err := tx.QueryRow(ctx, `SELECT id FROM timelines WHERE slug = $1`, in.Timeline).Scan(&tlID); err != nil {
			return notFound(fmt.Errorf("find timeline %q: %w", in.Timeline, err), "There is no timeline %q.", in.Timeline)
		}
		var taken int64
		err := tx.QueryRow(ctx, `
SELECT id FROM eras WHERE timeline_id = $1 AND title = $2 AND start_date = $3 AND start_precision = $4 AND id <> $5`,
			tlID, e.Title, e.Start.First(), e.Start.Precision, e.ID).Scan(&taken)
		switch {
		case err == nil:
			p := timeline.NewProblems("")
			p.Add("title", "this timeline already has an era %q starting %s", e.Title, e.Start.Format())
			return p.Err()
		case !errors.Is(err, pgx.ErrNoRows):
			return fmt.Errorf("check era %q: %w", e.Title, err)
		}
		action := "create"
		if e.ID == 0 {
			err = tx.QueryRow(ctx, `
INSERT INTO eras (timeline_id, title, summary, start_date, start_precision, end_date, end_precision)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, version`,
				tlID, e.Title, e.Summary, e.Start.First(), e.Start.Precision, e.End.First(), e.End.Precision).Scan(&id, &version)
			if err != nil {
				return fmt.Errorf("save era %q: %w", e.Title, err)
			}
		} else {
			action = "save"
			if err := lockEra(ctx, tx, tlID, e.ID, e.Version); err != nil {
				return err
			}
			err = tx.QueryRow(ctx, `
UPDATE eras SET title = $2, summary = $3, start_date = $4, start_precision = $5, end_date = $6, end_precision = $7,
  version = version + 1, updated_at = now()
WHERE id = $1 RETURNING id, version`,
				e.ID, e.Title, e.Summary, e.Start.First(), e.Start.Precision, e.End.First(), e.End.Precision).Scan(&id, &version)
			if err != nil {
				return fmt.Errorf("save era %d: %w", e.ID, err)
			}
		}
		return eraRevision(ctx, tx, id, action, author, authorID, reasonOr(in.Reason, action))
	})
	if err != nil {
		return 0, 0, constraintError(err)
	}
	return id, version, nil
}

// DeleteEra deletes the era id of the timeline at version, with a revision
// keeping the era as it was.
func (s *Store) DeleteEra(ctx context.Context, by auth.User, slug string, id int64, version int, reason string) error {
	author, authorID := authorOf(by)
	return s.withTx(ctx, func(tx pgx.Tx) error {
		var tlID int64
		if err := tx.QueryRow(ctx, `SELECT id FROM timelines WHERE slug = $1`, slug).Scan(&tlID); err != nil {
			return notFound(fmt.Errorf("find timeline %q: %w", slug, err), "There is no timeline %q.", slug)
		}
		if err := lockEra(ctx, tx, tlID, id, version); err != nil {
			return err
		}
		// The revision is written first, from the row as it is: the
		// record of a deleted era is the era it was.
		if err := eraRevision(ctx, tx, id, "delete", author, authorID, reasonOr(reason, "delete")); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM eras WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete era %d: %w", id, err)
		}
		return nil
	})
}

// lockEra locks the era's row and checks it belongs to the timeline and is
// still at version base.
func lockEra(ctx context.Context, tx pgx.Tx, timelineID, id int64, base int) error {
	var have int
	err := tx.QueryRow(ctx, `SELECT version FROM eras WHERE id = $1 AND timeline_id = $2 FOR UPDATE`, id, timelineID).Scan(&have)
	if err != nil {
		return notFound(fmt.Errorf("lock era %d: %w", id, err), "There is no era %d on this timeline.", id)
	}
	if have != base {
		return eraConflict(have, base)
	}
	return nil
}

func reasonOr(reason, action string) string {
	if strings.TrimSpace(reason) == "" {
		return defaultReason(action)
	}
	return reason
}

// eraRecordSQL is an era as its revisions keep it, whoever writes them:
// every column but the bookkeeping ones.
const eraRecordSQL = `to_jsonb(x) - 'id' - 'version' - 'created_at' - 'updated_at'`

// eraRevision records the era as it now is, through the one writer.
func eraRevision(ctx context.Context, tx pgx.Tx, id int64, action, author string, authorID int64, reason string) error {
	var version int
	var rec json.RawMessage
	if err := tx.QueryRow(ctx, `SELECT x.version, `+eraRecordSQL+` FROM eras x WHERE x.id = $1`, id).Scan(&version, &rec); err != nil {
		return fmt.Errorf("load era %d for its revision: %w", id, err)
	}
	return writeRevisions(ctx, tx, revision{Entity: "era", EntityID: id, Version: version, Action: action,
		Author: author, AuthorID: authorID, Reason: reason, Record: rec})
}

// importEras writes a file's eras to the timeline: an era is matched by
// its title and start (timeline.Era.Key), created when new, changed (with
// a revision) when its summary or end differ, and left alone when equal.
// An import never deletes an era.
func importEras(ctx context.Context, tx pgx.Tx, timelineID int64, eras []timeline.Era, opt timeline.ImportOptions) (created, updated int, err error) {
	if len(eras) == 0 {
		return 0, 0, nil
	}
	have, err := loadEras(ctx, tx, timelineID)
	if err != nil {
		return 0, 0, err
	}
	byKey := map[string]timeline.Era{}
	for _, e := range have {
		byKey[e.Key()] = e
	}
	author, authorID := importAuthor(opt)
	for _, e := range eras {
		cur, ok := byKey[e.Key()]
		var id int64
		action := "create"
		switch {
		case !ok:
			err = tx.QueryRow(ctx, `
INSERT INTO eras (timeline_id, title, summary, start_date, start_precision, end_date, end_precision)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
				timelineID, e.Title, e.Summary, e.Start.First(), e.Start.Precision, e.End.First(), e.End.Precision).Scan(&id)
			created++
		case cur.Summary != e.Summary || cur.End != e.End:
			action, id = "update", cur.ID
			_, err = tx.Exec(ctx, `
UPDATE eras SET summary = $2, end_date = $3, end_precision = $4, version = version + 1, updated_at = now() WHERE id = $1`,
				id, e.Summary, e.End.First(), e.End.Precision)
			updated++
		default:
			continue
		}
		if err != nil {
			return 0, 0, fmt.Errorf("import era %q: %w", e.Title, err)
		}
		if err := eraRevision(ctx, tx, id, action, author, authorID, opt.Reason); err != nil {
			return 0, 0, err
		}
	}
	return created, updated, nil
}
