package postgres

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// PublicEventStream reads the published, public events of a public timeline
// that match f and calls write with the snapshot they were read in (the
// timeline, its fingerprint digest and the revision chain's head) and a
// sequence walking them in timeline order, exportBatch at a time: what a
// printout needs to hold every event of a 100,000-event timeline in
// bounded memory. Everything is read in one repeatable-read snapshot, so
// the digest and the head describe exactly the events walked; a caller that
// read other parts of the page before (counts, citation numbers) compares
// the digest with theirs to know they saw the same data.
func (s *Store) PublicEventStream(ctx context.Context, slug string, f timeline.Filter,
	write func(snap timeline.PublicSnapshot, events timeline.EventSeq) error) error {
	tx, err := s.read.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return fmt.Errorf("read timeline %q: %w", slug, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	var snap timeline.PublicSnapshot
	if snap.Timeline, err = timelineRow(ctx, tx, slug, true); err != nil {
		return err
	}
	var version int64
	if err := tx.QueryRow(ctx, `SELECT coalesce((SELECT version FROM timeline_versions WHERE timeline_id = $1), 0)`,
		snap.Timeline.ID).Scan(&version); err != nil {
		return fmt.Errorf("read the public version of %q: %w", slug, err)
	}
	snap.Digest = timelineDigest(snap.Timeline.ID, version)
	if snap.ChainHead, err = readChainHead(ctx, tx); err != nil {
		return err
	}
	shape, err := readTimelineShape(ctx, tx, snap.Timeline.ID)
	if err != nil {
		return err
	}
	events := walkEvents(ctx, tx, eventQuery{timelineID: snap.Timeline.ID, publicOnly: true, filter: f, shape: &shape}, slug)
	return write(snap, events)
}

// timelineDigest is the fingerprint digest of a timeline at a public
// version: TimelineFingerprint's, and PublicEventStream's to compare with.
func timelineDigest(id, version int64) string {
	return digestOf("timeline", strconv.FormatInt(id, 10), strconv.FormatInt(version, 10))
}
