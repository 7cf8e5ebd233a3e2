package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// fingerprintSQL digests what the public page shows of the public timeline
// row and, for each of its published, public events (or only the one named
// @event): the event's public columns, its place and category, its actors,
// its citations and figures, and its published translations. It leaves out
// everything staff change without the public seeing it: an event's version
// (bumped by pending edits, submissions and comments), pending edits and
// translations waiting for review, drafts, and everything about a
// confidential source except that it is there (loadEvents blanks the rest,
// and the locator, note and attribution that go with it). Otherwise anyone
// polling a page would learn from its ETag what staff are working on.
// An event page's digest also holds the numbers of its sources.
// Categories, actors and places have no update times, so their text is
// digested. Events that leave the public set (retracted, made internal,
// moved back to draft) drop out of the digest, which changes it too.
const fingerprintSQL = `
WITH t AS (
  SELECT id, slug, title, summary, language, updated_at FROM timelines
  WHERE slug = @slug AND visibility = 'public'
), ev AS (
  SELECT e.id, e.slug, e.title, e.summary, e.start_date, e.start_precision, e.end_date, e.end_precision,
         e.start_time, e.end_time, e.status, e.visibility, e.created_at, e.updated_at, e.category_id, e.place_id
  FROM t JOIN timeline_events te ON te.timeline_id = t.id JOIN events e ON e.id = te.event_id
  WHERE e.status = 'published' AND e.visibility = 'public' AND (@event::text IS NULL OR e.slug = @event)
), src AS (
  -- A source as the public sees it: a confidential one only as its id.
  SELECT s.id, CASE WHEN s.confidential THEN ROW(s.id, true)::text
                    ELSE ROW(s.id, s.url, s.title, s.publisher, s.published_date, s.published_precision,
                             s.accessed_at, s.archive_url, s.sha256, s.kind, s.language, s.updated_at)::text END AS v,
         s.confidential, CASE WHEN NOT s.confidential THEN s.updated_at END AS changed
  FROM sources s
  WHERE s.id IN (SELECT es.source_id FROM ev JOIN event_sources es ON es.event_id = ev.id
                 UNION SELECT f.source_id FROM ev JOIN figures f ON f.event_id = ev.id)
), ` + citationNumbersCTE + `, part (k, v, changed) AS (
  SELECT 't', t::text, t.updated_at FROM t
  UNION ALL
  SELECT 'e', ev::text || c.slug || c.name || coalesce(p::text, ''), ev.updated_at
  FROM ev JOIN categories c ON c.id = ev.category_id LEFT JOIN places p ON p.id = ev.place_id
  UNION ALL
  SELECT 'a', ROW(ea.event_id, ea.role, ea.position, a.slug, a.name, a.kind, a.note)::text, NULL::timestamptz
  FROM ev JOIN event_actors ea ON ea.event_id = ev.id JOIN actors a ON a.id = ea.actor_id
  UNION ALL
  SELECT 's', ROW(es.event_id, es.position, src.v,
                  CASE WHEN NOT src.confidential THEN ROW(es.locator, es.note) END)::text, src.changed
  FROM ev JOIN event_sources es ON es.event_id = ev.id JOIN src ON src.id = es.source_id
  UNION ALL
  SELECT 'f', ROW(f.id, f.event_id, f.metric, f.value, f.qualifier, f.scope, f.as_of_date, f.as_of_precision,
                  f.note, f.position, src.v, CASE WHEN NOT src.confidential THEN f.attribution END)::text, src.changed
  FROM ev JOIN figures f ON f.event_id = ev.id JOIN src ON src.id = f.source_id
  UNION ALL
  -- Published translations (translations.go); a text waiting for review
  -- shows nowhere, so it is left out.
  SELECT 'u', ROW(tt.lang, tt.published_title, tt.published_summary, tt.published_at)::text, tt.published_at
  FROM t JOIN timeline_translations tt ON tt.timeline_id = t.id WHERE tt.published_title IS NOT NULL
  UNION ALL
  SELECT 'v', ROW(et.event_id, et.lang, et.published_title, et.published_summary, et.published_at)::text, et.published_at
  FROM ev JOIN event_translations et ON et.event_id = ev.id WHERE et.published_title IS NOT NULL
  UNION ALL
  -- An event page numbers its sources as the whole timeline does
  -- (citations.go), so other events can change what it shows. The whole
  -- timeline's digest covers that already: skip the work there.
  SELECT 'n', ROW(cn_num.source_id, cn_num.n)::text, NULL::timestamptz
  FROM cn_num WHERE @event::text IS NOT NULL AND cn_num.source_id IN (SELECT id FROM src)
)
SELECT EXISTS (SELECT 1 FROM t),
       encode(sha256(convert_to(coalesce(string_agg(k || v, E'\n' ORDER BY k, v), ''), 'UTF8')), 'hex'),
       max(changed),
       (SELECT version FROM data_versions WHERE scope = 'site')
FROM part`

// TimelineFingerprint returns the fingerprint of the public timeline slug
// with its published, public events; with eventSlug, of the timeline row and
// that one event. An unknown or internal timeline is ENOTFOUND. It reads
// every event, not only those a filter would select: a filter is part of the
// page's address, which the caller adds to the ETag.
func (s *Store) TimelineFingerprint(ctx context.Context, slug, eventSlug string) (timeline.Fingerprint, error) {
	var fp timeline.Fingerprint
	var exists bool
	var changed *time.Time
	args := pgx.NamedArgs{"slug": slug, "event": nil}
	if eventSlug != "" {
		args["event"] = eventSlug
	}
	if err := s.read.QueryRow(ctx, fingerprintSQL, args).Scan(&exists, &fp.Digest, &changed, &fp.Version); err != nil {
		return fp, fmt.Errorf("fingerprint timeline %q: %w", slug, err)
	}
	if !exists {
		return fp, timeline.Errorf(timeline.ENOTFOUND, "There is no timeline %q.", slug)
	}
	if changed != nil {
		fp.Changed = *changed
	}
	return fp, nil
}

// HomeFingerprint returns the fingerprint of the list of public timelines on
// the home page: each public timeline with the count and span of its
// published, public events.
func (s *Store) HomeFingerprint(ctx context.Context) (timeline.Fingerprint, error) {
	var fp timeline.Fingerprint
	var changed *time.Time
	err := s.read.QueryRow(ctx, `
WITH row AS (
  SELECT ROW(t.id, t.slug, t.title, t.summary, t.language, t.updated_at,
             count(e.id), min(e.start_date), max(e.start_date), max(e.updated_at),
             (SELECT string_agg(ROW(tt.lang, tt.published_title, tt.published_summary)::text, ',' ORDER BY tt.lang)
              FROM timeline_translations tt WHERE tt.timeline_id = t.id AND tt.published_title IS NOT NULL))::text AS v,
         greatest(t.updated_at, max(e.updated_at)) AS changed
  FROM timelines t
  JOIN timeline_events te ON te.timeline_id = t.id
  JOIN events e ON e.id = te.event_id AND e.status = 'published' AND e.visibility = 'public'
  WHERE t.visibility = 'public'
  GROUP BY t.id
)
SELECT encode(sha256(convert_to(coalesce(string_agg(v, E'\n' ORDER BY v), ''), 'UTF8')), 'hex'), max(changed),
       (SELECT version FROM data_versions WHERE scope = 'site')
FROM row`).Scan(&fp.Digest, &changed, &fp.Version)
	if err != nil {
		return fp, fmt.Errorf("fingerprint home page: %w", err)
	}
	if changed != nil {
		fp.Changed = *changed
	}
	return fp, nil
}
