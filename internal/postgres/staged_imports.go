package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// StagedImportTTL is how long an uploaded file waits for its confirmation.
const StagedImportTTL = 24 * time.Hour

// stagedPerUser is how many uploads one account keeps at a time.
const stagedPerUser = 5

// StageImport keeps an uploaded file and returns its id. Files older than a
// day, and the account's uploads beyond the last few, are deleted first.
func (s *Store) StageImport(ctx context.Context, in timeline.StagedImport) (int64, error) {
	if len(in.Options) == 0 {
		in.Options = json.RawMessage(`{}`)
	}
	sum := sha256.Sum256(in.Data)
	var id int64
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `
DELETE FROM staged_imports
WHERE created_at < $1
   OR id IN (SELECT id FROM staged_imports WHERE user_id = $2 ORDER BY id DESC OFFSET $3)`,
			s.Now().Add(-StagedImportTTL), in.UserID, stagedPerUser-1); err != nil {
			return fmt.Errorf("delete old uploads: %w", err)
		}
		err := tx.QueryRow(ctx, `
INSERT INTO staged_imports (user_id, filename, format, options, data, sha256, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			in.UserID, in.Filename, in.Format, in.Options, in.Data, hex.EncodeToString(sum[:]), s.Now()).Scan(&id)
		if err != nil {
			return fmt.Errorf("keep the uploaded file: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, constraintError(err)
	}
	return id, nil
}

// errStagedGone is what a confirmation of an imported or expired upload gets.
func errStagedGone(id int64) error {
	return timeline.Errorf(timeline.ENOTFOUND,
		"Upload %d is no longer waiting: it was imported already, or it was kept for a day and deleted. Nothing was imported twice.", id)
}

func errStagedOther() error {
	return timeline.Errorf(timeline.EFORBIDDEN, "This upload was made by another account: only the person who uploaded a file can check or import it.")
}

const stagedColumns = `id, user_id, filename, format, options, data, sha256, created_at`

func scanStaged(row pgx.Row) (timeline.StagedImport, error) {
	var st timeline.StagedImport
	err := row.Scan(&st.ID, &st.UserID, &st.Filename, &st.Format, &st.Options, &st.Data, &st.SHA256, &st.CreatedAt)
	return st, err
}

// StagedImport returns upload id for account userID: ENOTFOUND when it is
// gone, EFORBIDDEN when another account uploaded it.
func (s *Store) StagedImport(ctx context.Context, id, userID int64) (timeline.StagedImport, error) {
	st, err := scanStaged(s.pool.QueryRow(ctx, `SELECT `+stagedColumns+` FROM staged_imports WHERE id = $1 AND created_at >= $2`,
		id, s.Now().Add(-StagedImportTTL)))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return timeline.StagedImport{}, errStagedGone(id)
	case err != nil:
		return timeline.StagedImport{}, fmt.Errorf("load upload %d: %w", id, err)
	case st.UserID != userID:
		return timeline.StagedImport{}, errStagedOther()
	}
	return st, nil
}

// SetStagedOptions changes the choices an upload is checked with, so a
// person can try another timeline or category without uploading again.
func (s *Store) SetStagedOptions(ctx context.Context, id, userID int64, format string, options json.RawMessage) error {
	tag, err := s.pool.Exec(ctx, `
UPDATE staged_imports SET format = $3, options = $4 WHERE id = $1 AND user_id = $2 AND created_at >= $5`,
		id, userID, format, options, s.Now().Add(-StagedImportTTL))
	if err != nil {
		return constraintError(fmt.Errorf("change the options of upload %d: %w", id, err))
	}
	if tag.RowsAffected() == 0 {
		_, err := s.StagedImport(ctx, id, userID) // gone, or someone else's
		if err == nil {
			err = errStagedGone(id)
		}
		return err
	}
	return nil
}

// stagedClaimTTL is how long a confirmation may run before another may
// take over (the server's write timeout is two minutes).
const stagedClaimTTL = 10 * time.Minute

// ConfirmStagedImport imports upload id for account userID exactly once.
// It claims the upload, calls run (which writes the import in its own
// transaction, all or nothing), and deletes the upload when run succeeds.
// A second confirmation finds the upload claimed (ECONFLICT) while the
// first runs, and gone (ENOTFOUND) after. When run fails the claim is
// released, so the person can try again. No connection is held while run
// works, so confirmations cannot starve the pool.
func (s *Store) ConfirmStagedImport(ctx context.Context, id, userID int64,
	run func(timeline.StagedImport) (timeline.ImportResult, error)) (timeline.ImportResult, error) {
	now := s.Now()
	st, err := scanStaged(s.pool.QueryRow(ctx, `
UPDATE staged_imports SET claimed_at = $3
WHERE id = $1 AND user_id = $2 AND created_at >= $4 AND (claimed_at IS NULL OR claimed_at < $5)
RETURNING `+stagedColumns, id, userID, now, now.Add(-StagedImportTTL), now.Add(-stagedClaimTTL)))
	if errors.Is(err, pgx.ErrNoRows) {
		return timeline.ImportResult{}, s.whyNotClaimed(ctx, id, userID)
	}
	if err != nil {
		return timeline.ImportResult{}, fmt.Errorf("claim upload %d: %w", id, err)
	}
	res, err := run(st)
	if err != nil {
		if _, rerr := s.pool.Exec(context.WithoutCancel(ctx), `UPDATE staged_imports SET claimed_at = NULL WHERE id = $1`, id); rerr != nil {
			err = errors.Join(err, fmt.Errorf("release upload %d: %w", id, rerr))
		}
		return timeline.ImportResult{}, err
	}
	if _, err := s.pool.Exec(context.WithoutCancel(ctx), `DELETE FROM staged_imports WHERE id = $1`, id); err != nil {
		return res, fmt.Errorf("the file was imported, but upload %d could not be deleted: %w", id, err)
	}
	return res, nil
}

// whyNotClaimed explains a failed claim: gone, someone else's, or being
// imported right now.
func (s *Store) whyNotClaimed(ctx context.Context, id, userID int64) error {
	var owner int64
	err := s.pool.QueryRow(ctx, `SELECT user_id FROM staged_imports WHERE id = $1 AND created_at >= $2`,
		id, s.Now().Add(-StagedImportTTL)).Scan(&owner)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return errStagedGone(id)
	case err != nil:
		return fmt.Errorf("look up upload %d: %w", id, err)
	case owner != userID:
		return errStagedOther()
	}
	return timeline.Errorf(timeline.ECONFLICT,
		"Upload %d is being imported right now (was the button pressed twice?). It is imported once: look at the events in a moment.", id)
}

// EventsBySlug returns the events with these slugs that exist, by slug: the
// preview uses it to warn about changes to published events, the outcome to
// link to what was imported.
func (s *Store) EventsBySlug(ctx context.Context, slugs []string) (map[string]timeline.ImportedEvent, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, slug, title, status FROM events WHERE slug = ANY($1)`, slugs)
	if err != nil {
		return nil, fmt.Errorf("find events by slug: %w", err)
	}
	out := make(map[string]timeline.ImportedEvent, len(slugs))
	var e timeline.ImportedEvent
	_, err = pgx.ForEachRow(rows, []any{&e.ID, &e.Slug, &e.Title, &e.Status}, func() error {
		out[e.Slug] = e
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read events by slug: %w", err)
	}
	return out, nil
}
