package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// verifyArtefacts re-hashes every stored artefact and compares it with the
// hash on its row and with the hash its capture's revision holds (which
// the chain protects). It names the first that does not hold, or returns
// nil. A capture with no revision is named too.
func verifyArtefacts(ctx context.Context, q querier) (*timeline.ChainBreak, error) {
	var (
		revID, captureID       int64
		kind, stored, computed string
		recorded               *string
	)
	err := q.QueryRow(ctx, `
SELECT coalesce(r.id, 0), a.capture_id, a.kind, encode(a.sha256, 'hex'), encode(sha256(a.content), 'hex'),
  r.record->'artefacts'->a.kind->>'sha256'
FROM capture_artefacts a LEFT JOIN revisions r ON r.entity = 'capture' AND r.entity_id = a.capture_id
WHERE r.id IS NULL OR a.sha256 <> sha256(a.content)
   OR encode(a.sha256, 'hex') IS DISTINCT FROM r.record->'artefacts'->a.kind->>'sha256'
ORDER BY a.capture_id, a.kind LIMIT 1`).Scan(&revID, &captureID, &kind, &stored, &computed, &recorded)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("re-hash captured artefacts: %w", err)
	}
	b := &timeline.ChainBreak{RevisionID: revID, Entity: "capture", EntityID: captureID, Version: 1}
	switch {
	case revID == 0:
		b.Problem = fmt.Sprintf("the %s of capture %d has no revision: it was added outside the capture writer", kind, captureID)
	case stored != computed:
		b.Problem = fmt.Sprintf("the %s of capture %d hashes to %s, not the %s recorded: its bytes were changed after the capture",
			kind, captureID, computed, stored)
	default:
		rec := "nothing"
		if recorded != nil {
			rec = *recorded
		}
		b.Problem = fmt.Sprintf("the %s of capture %d has hash %s but its revision records %s: the artefact was replaced",
			kind, captureID, stored, rec)
	}
	return b, nil
}
