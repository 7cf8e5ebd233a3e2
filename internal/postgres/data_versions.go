package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// dataChannel is where migration 00014's triggers announce a new data
// version, as 'site:<version>'.
const dataChannel = "annals_data"

// privateTables are the tables no public page reads, so writing them leaves
// the data version alone (a test checks that every other table has the
// data_changed trigger).
var privateTables = map[string]string{
	"goose_db_version":    "migrations",
	"users":               "staff accounts",
	"sessions":            "staff sign-ins",
	"event_drafts":        "pending edits: public when published, which writes events",
	"review_comments":     "staff discussion",
	"source_merges":       "a log; the merge itself writes sources and citations",
	"revisions":           "the record's history, staff only",
	"revision_chain_head": "the chain's head",
	"chain_verifications": "staff checks",
	"api_tokens":          "secrets",
	"staged_imports":      "uploads waiting for confirmation",
	"event_search":        "written at commit from tables that bump the version themselves (00019)",
	"event_search_stale":  "the search index's bookkeeping",
	"signin_limits":       "sign-in counters",
	"signin_devices":      "sign-in devices",
	"user_totp":           "second factors",
	"user_recovery_codes": "second factors",
	"user_passkeys":       "second factors",
	"user_sessions":       "staff sign-ins",
	"security_events":     "the access log",
	"data_versions":       "the version itself",
	"data_version_marks":  "the version's bookkeeping",
	// Migration 00016's derived state: written at commit by the triggers of
	// the tables above, within the same transaction, which bumps the
	// version already.
	"timeline_versions":      "a timeline's public version and counts, derived",
	"timeline_period_counts": "the overview's counts, derived",
	"timeline_actor_counts":  "the actor facet, derived",
	"timeline_place_counts":  "the map's counts, derived",
	"timeline_metric_counts": "the charts' counts, derived",
	"timeline_figure_events": "the charts' events, derived (00033)",
	"citation_numbers":       "source numbers, derived",
	"timeline_version_marks": "the public versions' bookkeeping",
	"source_checks":          "the watch's findings, a staff report",
	"river_job":              "the job queue (captures, rechecks)",
	"river_leader":           "the job queue's bookkeeping",
	"river_queue":            "the job queue's bookkeeping",
	"river_client":           "the job queue's bookkeeping",
	"river_client_queue":     "the job queue's bookkeeping",
	"river_migration":        "River's migrations",
	"river_notification":     "the job queue's bookkeeping",
}

// DataVersion returns the current data version of what the public sees,
// read from the primary.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.pool.QueryRow(ctx, `SELECT version FROM data_versions WHERE scope = 'site'`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read data version: %w", err)
	}
	return v, nil
}

// WatchDataVersions keeps set informed of the data version until ctx ends,
// on a connection of its own to the primary that LISTENs for the triggers'
// notifications. On every (re)connection it calls reset with the version
// read fresh, after LISTEN, so no change falls between the two; while it is
// disconnected it calls reset(0), "unknown", and tries again.
func (s *Store) WatchDataVersions(ctx context.Context, reset, set func(version int64)) {
	wait := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := s.watchOnce(ctx, reset, set)
		reset(0)
		if ctx.Err() != nil {
			return
		}
		_ = err // the next attempt says whether the database is back
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 2*time.Second)
	}
}

func (s *Store) watchOnce(ctx context.Context, reset, set func(int64)) error {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("connect to listen for data versions: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+dataChannel); err != nil {
		return fmt.Errorf("listen for data versions: %w", err)
	}
	var v int64
	if err := conn.QueryRow(ctx, `SELECT version FROM data_versions WHERE scope = 'site'`).Scan(&v); err != nil {
		return fmt.Errorf("read data version: %w", err)
	}
	reset(v)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("wait for data versions: %w", err)
		}
		scope, num, ok := strings.Cut(n.Payload, ":")
		if v, err := strconv.ParseInt(num, 10, 64); ok && scope == "site" && err == nil {
			set(v)
		}
	}
}
