package postgres

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"annals/internal/capture"
	"annals/internal/timeline"
)

// jobInserter is an insert-only River client: jobs are queued inside the
// writer's transaction (InsertTx), so a source and its capture job land
// together or not at all. Workers run elsewhere (annals serve or worker).
var jobInserter = sync.OnceValues(func() (*river.Client[pgx.Tx], error) {
	return river.NewClient(riverpgxv5.New(nil), &river.Config{})
})

// queueCaptures queues a capture of each of the sources whose URL has no
// capture yet (nor a waiting job: the job's uniqueness sees to that).
// writeRevisions calls it for every source revision, so every writer of
// sources (editor, library, import, API) queues captures the same way.
func queueCaptures(ctx context.Context, tx pgx.Tx, ids []int64, authorID int64, reason string) error {
	if len(ids) == 0 {
		return nil
	}
	rows, err := tx.Query(ctx, `
SELECT s.id, s.url FROM sources s
WHERE s.id = ANY($1) AND s.url <> ''
  AND NOT EXISTS (SELECT 1 FROM captures c WHERE c.source_id = s.id AND c.requested_url = s.url)
ORDER BY s.id`, ids)
	if err != nil {
		return fmt.Errorf("find sources to capture: %w", err)
	}
	var params []river.InsertManyParams
	var id int64
	var url string
	if _, err := pgx.ForEachRow(rows, []any{&id, &url}, func() error {
		params = append(params, river.InsertManyParams{Args: capture.Args{SourceID: id, URL: url, By: authorID, Reason: reason}})
		return nil
	}); err != nil {
		return fmt.Errorf("find sources to capture: %w", err)
	}
	if len(params) == 0 {
		return nil
	}
	c, err := jobInserter()
	if err != nil {
		return fmt.Errorf("capture queue: %w", err)
	}
	if _, err := c.InsertManyTx(ctx, tx, params); err != nil {
		return fmt.Errorf("queue %d captures: %w", len(params), err)
	}
	return nil
}

// QueueCapture queues a new capture of a source's page now (staff's
// "capture again", the watch's recapture of a changed page).
func (s *Store) QueueCapture(ctx context.Context, sourceID, by int64, reason string) error {
	return s.withTx(ctx, func(tx pgx.Tx) error {
		var url string
		if err := tx.QueryRow(ctx, `SELECT url FROM sources WHERE id = $1`, sourceID).Scan(&url); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return timeline.Errorf(timeline.ENOTFOUND, "That source no longer exists.")
			}
			return fmt.Errorf("read source %d: %w", sourceID, err)
		}
		if url == "" {
			return timeline.Errorf(timeline.EINVALID, "This source has no URL to capture.")
		}
		c, err := jobInserter()
		if err != nil {
			return fmt.Errorf("capture queue: %w", err)
		}
		if _, err := c.InsertTx(ctx, tx, capture.Args{SourceID: sourceID, URL: url, By: by, Reason: reason}, nil); err != nil {
			return fmt.Errorf("queue capture of source %d: %w", sourceID, err)
		}
		return nil
	})
}

// captureRecord is a capture as its revision keeps it: everything but the
// bytes, whose hashes stand for them.
type captureRecord struct {
	SourceID     int64                     `json:"source_id"`
	RequestedURL string                    `json:"requested_url"`
	FinalURL     string                    `json:"final_url"`
	HTTPStatus   int                       `json:"http_status,omitempty"`
	Failure      string                    `json:"failure,omitempty"`
	CapturedAt   time.Time                 `json:"captured_at"`
	Software     string                    `json:"software"`
	Artefacts    map[string]artefactRecord `json:"artefacts,omitempty"`
}

type artefactRecord struct {
	SHA256    string `json:"sha256"`
	Size      int64  `json:"size"`
	MediaType string `json:"media_type"`
}

// SaveCapture stores a capture, its artefacts and its revision in one
// transaction. Nothing updates them afterwards.
func (s *Store) SaveCapture(ctx context.Context, c capture.Capture) (int64, error) {
	var id int64
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		author, authorID := commandLine, int64(0)
		if c.By != 0 {
			var name, email string
			err := tx.QueryRow(ctx, `SELECT name, email FROM users WHERE id = $1`, c.By).Scan(&name, &email)
			switch {
			case err == nil:
				author, authorID = name, c.By
				if author == "" {
					author = email
				}
			case !errors.Is(err, pgx.ErrNoRows):
				return fmt.Errorf("read the account that asked for the capture: %w", err)
			}
		}
		var textHash []byte
		rec := captureRecord{SourceID: c.SourceID, RequestedURL: c.RequestedURL, FinalURL: c.FinalURL, HTTPStatus: c.HTTPStatus,
			Failure: c.Failure, CapturedAt: c.CapturedAt.UTC().Truncate(time.Microsecond), Software: c.Software}
		for _, a := range c.Artefacts {
			if a.Kind == "text" {
				textHash = a.SHA256[:]
			}
			if rec.Artefacts == nil {
				rec.Artefacts = map[string]artefactRecord{}
			}
			rec.Artefacts[a.Kind] = artefactRecord{SHA256: hex.EncodeToString(a.SHA256[:]), Size: int64(len(a.Content)), MediaType: a.MediaType}
		}
		reason := c.Reason
		if reason == "" {
			reason = "captured the cited page"
		}
		if err := tx.QueryRow(ctx, `
INSERT INTO captures (source_id, requested_url, final_url, http_status, ok, failure, text_sha256, captured_at, seconds,
  requested_by, requested_name, reason, software)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			c.SourceID, c.RequestedURL, c.FinalURL, nullInt(c.HTTPStatus), c.Failure == "", c.Failure, textHash, rec.CapturedAt,
			c.Seconds, nullID(authorID), author, reason, c.Software).Scan(&id); err != nil {
			return fmt.Errorf("save capture of source %d: %w", c.SourceID, err)
		}
		for _, a := range c.Artefacts {
			if _, err := tx.Exec(ctx, `
INSERT INTO capture_artefacts (capture_id, kind, media_type, sha256, size, content) VALUES ($1, $2, $3, $4, $5, $6)`,
				id, a.Kind, a.MediaType, a.SHA256[:], len(a.Content), a.Content); err != nil {
				return fmt.Errorf("save the %s of capture %d: %w", a.Kind, id, err)
			}
		}
		return writeRevisions(ctx, tx, revision{Entity: "capture", EntityID: id, Version: 1, Action: "capture",
			Author: author, AuthorID: authorID, Reason: reason, Record: rec})
	})
	return id, err
}

func nullInt(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

// sourceCapturesSQL selects the captures of a source and of the sources
// merged into it.
const sourceCapturesSQL = `
SELECT c.id, c.source_id, c.requested_url, c.final_url, coalesce(c.http_status, 0), c.failure, c.captured_at, c.seconds,
  c.requested_name, c.reason, c.software,
  coalesce((SELECT jsonb_agg(jsonb_build_object('Kind', a.kind, 'MediaType', a.media_type, 'SHA256', encode(a.sha256, 'hex'),
    'Size', a.size) ORDER BY a.kind) FROM capture_artefacts a WHERE a.capture_id = c.id), '[]')
FROM captures c
WHERE (c.source_id = $1 OR c.source_id IN (SELECT from_id FROM source_merges WHERE into_id = $1))`

func scanCaptures(rows pgx.Rows) ([]capture.Summary, error) {
	var out []capture.Summary
	var c capture.Summary
	_, err := pgx.ForEachRow(rows, []any{&c.ID, &c.SourceID, &c.RequestedURL, &c.FinalURL, &c.HTTPStatus, &c.Failure,
		&c.CapturedAt, &c.Seconds, &c.RequestedBy, &c.Reason, &c.Software, &c.Artefacts}, func() error {
		out = append(out, c)
		c = capture.Summary{}
		return nil
	})
	return out, err
}

// SourceCaptures returns every capture of a source, newest first, for staff.
func (s *Store) SourceCaptures(ctx context.Context, sourceID int64) ([]capture.Summary, error) {
	rows, err := s.pool.Query(ctx, sourceCapturesSQL+` ORDER BY c.id DESC`, sourceID)
	if err != nil {
		return nil, fmt.Errorf("read captures of source %d: %w", sourceID, err)
	}
	out, err := scanCaptures(rows)
	if err != nil {
		return nil, fmt.Errorf("read captures of source %d: %w", sourceID, err)
	}
	return out, nil
}

// PublicCaptures returns the successful captures of a public source,
// newest first; a confidential source has none in public.
func (s *Store) PublicCaptures(ctx context.Context, sourceID int64) ([]capture.Summary, error) {
	rows, err := s.read.Query(ctx, sourceCapturesSQL+`
  AND c.ok AND EXISTS (SELECT 1 FROM sources s WHERE s.id = $1 AND NOT s.confidential)
ORDER BY c.id DESC`, sourceID)
	if err != nil {
		return nil, fmt.Errorf("read captures of source %d: %w", sourceID, err)
	}
	out, err := scanCaptures(rows)
	if err != nil {
		return nil, fmt.Errorf("read captures of source %d: %w", sourceID, err)
	}
	return out, nil
}

// CaptureArtefact returns the bytes of one artefact of a capture of a
// source, for staff.
func (s *Store) CaptureArtefact(ctx context.Context, sourceID, captureID int64, kind string) (string, []byte, error) {
	return s.artefact(ctx, s.pool, sourceID, captureID, kind, false)
}

// PublicCaptureArtefact returns an artefact for the public: only of a
// successful capture of a public source, and only the text or the
// screenshot (the WARC holds headers and the PDF is for staff).
func (s *Store) PublicCaptureArtefact(ctx context.Context, sourceID, captureID int64, kind string) (string, []byte, error) {
	if kind != "text" && kind != "screenshot" {
		return "", nil, timeline.Errorf(timeline.ENOTFOUND, "No such copy.")
	}
	return s.artefact(ctx, s.read, sourceID, captureID, kind, true)
}

func (s *Store) artefact(ctx context.Context, q querier, sourceID, captureID int64, kind string, public bool) (string, []byte, error) {
	var mt string
	var b []byte
	err := q.QueryRow(ctx, `
SELECT a.media_type, a.content FROM capture_artefacts a JOIN captures c ON c.id = a.capture_id
WHERE a.capture_id = $2 AND a.kind = $3
  AND (c.source_id = $1 OR c.source_id IN (SELECT from_id FROM source_merges WHERE into_id = $1))
  AND (NOT $4 OR (c.ok AND EXISTS (SELECT 1 FROM sources s WHERE s.id = $1 AND NOT s.confidential)))`,
		sourceID, captureID, kind, public).Scan(&mt, &b)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil, timeline.Errorf(timeline.ENOTFOUND, "No such copy.")
	}
	if err != nil {
		return "", nil, fmt.Errorf("read the %s of capture %d: %w", kind, captureID, err)
	}
	return mt, b, nil
}
