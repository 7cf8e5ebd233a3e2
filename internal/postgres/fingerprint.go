package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// A public page's fingerprint is the public version of its timeline
// (migration 00016): bumped at commit by every transaction that changed
// something the timeline's public pages show, and by nothing else. Which
// changes count is decided once, by the triggers of that migration: a
// published or retracted public event and its citations, figures, actors
// and published translations, the timeline row and its published
// translations, a cited source as the public sees it (a confidential one
// only as being there), categories, actors and places in use, settings.
// Staff work the public cannot see (drafts, pending edits, submissions,
// comments, translations waiting for review, a confidential source's
// details) leaves it alone, so an ETag built from it tells nobody what
// staff are doing. Reading it costs one keyed row, whatever the size of
// the timeline.

// digestOf hides the raw counter behind a hash: the ETag is opaque.
func digestOf(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TimelineFingerprint returns the fingerprint of the public timeline slug:
// the same for the timeline's pages and its event pages (eventSlug), which
// show its citation numbers and their neighbours' titles. An unknown or
// internal timeline is ENOTFOUND.
func (s *Store) TimelineFingerprint(ctx context.Context, slug, eventSlug string) (timeline.Fingerprint, error) {
	var fp timeline.Fingerprint
	var id, version int64
	err := s.read.QueryRow(ctx, `
SELECT t.id, coalesce(v.version, 0), coalesce(v.changed_at, t.updated_at),
       (SELECT version FROM data_versions WHERE scope = 'site')
FROM timelines t LEFT JOIN timeline_versions v ON v.timeline_id = t.id
WHERE t.slug = $1 AND t.visibility = 'public'`, slug).Scan(&id, &version, &fp.Changed, &fp.Version)
	if err == pgx.ErrNoRows {
		return fp, timeline.Errorf(timeline.ENOTFOUND, "There is no timeline %q.", slug)
	}
	if err != nil {
		return fp, fmt.Errorf("fingerprint timeline %q: %w", slug, err)
	}
	fp.Digest = timelineDigest(id, version)
	return fp, nil
}

// HomeFingerprint returns the fingerprint of the list of public timelines on
// the home page: the public version of each public timeline (which its
// title, summary, translations, count and span change).
func (s *Store) HomeFingerprint(ctx context.Context) (timeline.Fingerprint, error) {
	var fp timeline.Fingerprint
	var list string
	var changed *time.Time
	err := s.read.QueryRow(ctx, `
SELECT coalesce(string_agg(t.id || ':' || coalesce(v.version, 0), ',' ORDER BY t.id), ''), max(v.changed_at),
       (SELECT version FROM data_versions WHERE scope = 'site')
FROM timelines t LEFT JOIN timeline_versions v ON v.timeline_id = t.id
WHERE t.visibility = 'public'`).Scan(&list, &changed, &fp.Version)
	if err != nil {
		return fp, fmt.Errorf("fingerprint home page: %w", err)
	}
	fp.Digest = digestOf("home", list)
	if changed != nil {
		fp.Changed = *changed
	}
	return fp, nil
}
