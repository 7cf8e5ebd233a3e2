package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// Search limits: a query is cut to maxTerms terms of at most maxTermRunes
// runes, so no query can make the database work unreasonably hard.
const (
	maxTerms      = 8
	maxTermRunes  = 80
	defaultLimit  = 50
	maxLimit      = 200
	maxActorFacet = 15
	maxPlaceFacet = 15
	// defaultCap bounds the matches gathered: a word in a third of
	// 100,000 events would otherwise be counted, sorted and faceted whole.
	// Gathering costs about 6 µs a match; at 1,000 the common search at
	// 100,000 events took 1.7-1.9 times what it takes at 1,000 events
	// (333 matches), at 500 within 1.5 (BenchmarkScale). Ten pages of 50
	// and the facets say where to narrow.
	defaultCap = 500
)

// SearchTerms splits a query into the terms every result must contain:
// words separated by spaces, or "quoted phrases". Terms are kept as typed
// (matching ignores case), duplicates dropped, at most 8 of 80 runes each.
func SearchTerms(q string) []string {
	var terms []string
	seen := map[string]bool{}
	add := func(t string) {
		t = strings.TrimSpace(t)
		if t == "" || len(terms) >= maxTerms {
			return
		}
		if utf8.RuneCountInString(t) > maxTermRunes {
			t = string([]rune(t)[:maxTermRunes])
		}
		key := strings.ToLower(t)
		if seen[key] {
			return
		}
		seen[key] = true
		terms = append(terms, t)
	}
	// PostgreSQL text cannot hold NUL, and control characters are never
	// part of what a reader means.
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(q, ""))
	for len(q) > 0 {
		q = strings.TrimLeftFunc(q, unicode.IsSpace)
		if q == "" {
			break
		}
		if q[0] == '"' {
			end := strings.IndexByte(q[1:], '"')
			if end < 0 {
				add(strings.Trim(q[1:], `"`))
				break
			}
			add(strings.Join(strings.Fields(q[1:1+end]), " "))
			q = q[end+2:]
			continue
		}
		end := strings.IndexFunc(q, func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
		if end < 0 {
			end = len(q)
		}
		add(q[:end])
		q = q[end:]
	}
	return terms
}

// likePattern matches s anywhere, with LIKE's own characters taken literally.
func likePattern(s string) string {
	s = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
	return "%" + s + "%"
}

// tsqueryInput quotes each term for websearch_to_tsquery, which never fails
// on odd input; quoting keeps "-" and "or" from acting as operators.
func tsqueryInput(terms []string) string {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = `"` + strings.ReplaceAll(t, `"`, " ") + `"`
	}
	return strings.Join(quoted, " ")
}

// The matching events are computed once (MATERIALIZED) and then counted,
// paged and grouped into facets in the same statement. At most @cap + 1
// are gathered, the first found, so a common word stops the scan early
// instead of reading every event that has it; the extra one only tells
// that there are more, and is left out of the pages and facets (n is the
// order in which they were found). %s is the text condition, built only
// from constant fragments and numbered parameters.
const searchSQL = `
WITH found AS MATERIALIZED (
  -- The inner query (fenced by OFFSET 0) applies the text and filters
  -- first; only what survives is probed, one index lookup each, for a
  -- public timeline. Left to itself the planner hashed all of
  -- timeline_events and events even for a rare word.
  SELECT c.* FROM (
    SELECT e.id, e.start_date, e.start_precision, e.start_time, e.category_id, e.place_id
    FROM events e %s
    WHERE e.status = 'published' AND e.visibility = 'public'
      AND (cardinality(@categories::text[]) = 0
           OR e.category_id IN (SELECT id FROM categories WHERE slug = ANY(@categories)))
      AND (cardinality(@actors::text[]) = 0 OR e.id IN (
           SELECT ea.event_id FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
           WHERE a.slug = ANY(@actors) GROUP BY ea.event_id HAVING count(*) = cardinality(@actors)))
      AND (cardinality(@places::bigint[]) = 0 OR e.place_id = ANY(@places))
      AND (@from::date IS NULL OR e.last_day >= @from)
      AND (@to::date IS NULL OR e.start_date <= @to)
      %s
    OFFSET 0) c
  WHERE EXISTS (SELECT 1 FROM timeline_events te
                WHERE te.event_id = c.id AND te.timeline_id = ANY(@timelines::bigint[]) OFFSET 0)
  LIMIT @cap + 1
),
numbered AS MATERIALIZED (SELECT found.*, row_number() OVER () AS n FROM found),
matches AS MATERIALIZED (SELECT * FROM numbered WHERE n <= @cap)
SELECT
  (SELECT count(*) FROM numbered),
  (SELECT coalesce(array_agg(id ORDER BY start_date, rank, secs, id), '{}') FROM (
     SELECT id, start_date, array_position(ARRAY['year', 'month', 'day'], start_precision::text) AS rank,
            coalesce(extract(epoch FROM start_time)::int, -1) AS secs
     FROM matches ORDER BY start_date, rank, secs, id LIMIT @limit OFFSET @offset) page),
  (SELECT coalesce(json_agg(json_build_object('value', c.slug, 'label', c.name, 'count', m.n)
                            ORDER BY m.n DESC, c.name), '[]')
   FROM (SELECT category_id, count(*) AS n FROM matches GROUP BY category_id) m
   JOIN categories c ON c.id = m.category_id),
  (SELECT coalesce(json_agg(json_build_object('value', a.slug, 'label', a.name, 'count', m.n)
                            ORDER BY m.n DESC, a.name), '[]')
   FROM (SELECT ea.actor_id, count(*) AS n FROM matches JOIN event_actors ea ON ea.event_id = matches.id
         GROUP BY ea.actor_id ORDER BY n DESC LIMIT @actor_facets) m
   JOIN actors a ON a.id = m.actor_id),
  (SELECT coalesce(json_agg(json_build_object('value', y::text, 'label', y::text, 'count', n) ORDER BY y), '[]')
   FROM (SELECT extract(year FROM start_date)::int AS y, count(*) AS n FROM matches GROUP BY 1) years),
  (SELECT coalesce(json_agg(json_build_object('value', p.id::text, 'label', p.name, 'country', p.country, 'count', m.n)
                            ORDER BY m.n DESC, p.name, p.id), '[]')
   FROM (SELECT place_id, count(*) AS n FROM matches WHERE place_id IS NOT NULL
         GROUP BY place_id ORDER BY n DESC, place_id LIMIT @place_facets) m
   JOIN places p ON p.id = m.place_id),
  (SELECT coalesce(array_agg(DISTINCT lexeme), '{}') FROM unnest(to_tsvector('english', @tsquery::text)))`

// Search finds published, public events on public timelines whose title,
// summary, place, actors or (non-confidential) source titles contain every
// term of q.Text, or match it by English full-text search, narrowed by q's
// filters. An empty q.Text with no filter finds nothing. Any text is a
// valid query: LIKE and regular-expression characters are matched
// literally. An unknown or internal q.Timeline is ENOTFOUND.
func (s *Store) Search(ctx context.Context, q timeline.SearchQuery) (timeline.SearchResults, error) {
	var out timeline.SearchResults
	var timelineID int64
	if q.Timeline != "" {
		t, err := s.publicTimeline(ctx, q.Timeline)
		if err != nil {
			return out, err
		}
		out.Timeline, timelineID = t, t.ID
	}
	out.Terms = SearchTerms(q.Text)
	if len(out.Terms) == 0 && q.Filter.IsZero() {
		return out, nil
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)
	searchCap := q.Cap
	if searchCap <= 0 {
		searchCap = defaultCap
	}
	args := pgx.NamedArgs{
		"categories":   nonNil(q.Filter.Categories),
		"actors":       nonNil(q.Filter.Actors),
		"places":       nonNilIDs(q.Filter.Places),
		"from":         nullDate(q.Filter.From, false),
		"to":           nullDate(q.Filter.To, true),
		"limit":        limit,
		"offset":       max(q.Offset, 0),
		"actor_facets": maxActorFacet,
		"place_facets": maxPlaceFacet,
		"tsquery":      tsqueryInput(out.Terms),
		"cap":          searchCap,
	}
	join, cond := "", ""
	if len(out.Terms) > 0 {
		join = "JOIN event_search s ON s.event_id = e.id"
		likes := make([]string, len(out.Terms))
		for i, t := range out.Terms {
			name := fmt.Sprintf("term%d", i)
			args[name] = likePattern(t)
			likes[i] = "s.document LIKE lower(@" + name + "::text)"
		}
		cond = "AND (s.words @@ websearch_to_tsquery('english', @tsquery) OR (" + strings.Join(likes, " AND ") + "))"
	}
	// One read-only snapshot for the public timelines, the matches and the
	// events loaded for them.
	tx, err := s.read.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead})
	if err != nil {
		return out, fmt.Errorf("search: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read-only
	// The public timelines searched: the one asked for, or all of them.
	timelineIDs := []int64{timelineID}
	if timelineID == 0 {
		rows, err := tx.Query(ctx, `SELECT id FROM timelines WHERE visibility = 'public'`)
		if err != nil {
			return out, fmt.Errorf("search: list public timelines: %w", err)
		}
		timelineIDs, err = pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return out, fmt.Errorf("search: list public timelines: %w", err)
		}
	}
	args["timelines"] = timelineIDs
	var ids []int64
	var cats, actors, years, places []byte
	// DescribeExec uses an unnamed statement, planned for these very
	// values: a cached generic plan cannot tell a rare word (use the
	// trigram index) from a common one (scan), and once PostgreSQL switches
	// to one, rare words took 0.5 s instead of milliseconds on 100,000 events.
	err = tx.QueryRow(ctx, fmt.Sprintf(searchSQL, join, cond), pgx.QueryExecModeDescribeExec, args).
		Scan(&out.Total, &ids, &cats, &actors, &years, &places, &out.Stems)
	if err != nil {
		return out, fmt.Errorf("search: %w", err)
	}
	if out.Total > searchCap {
		out.Total, out.More = searchCap, true
	}
	for _, f := range []struct {
		data []byte
		into *[]timeline.FacetCount
	}{{cats, &out.Categories}, {actors, &out.Actors}, {years, &out.Years}, {places, &out.Places}} {
		if err := json.Unmarshal(f.data, f.into); err != nil {
			return out, fmt.Errorf("read search facets: %w", err)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	events, err := loadEvents(ctx, tx, eventQuery{ids: ids, publicOnly: true})
	if err != nil {
		return out, fmt.Errorf("load search results: %w", err)
	}
	homes, err := publicHomes(ctx, tx, ids, timelineID)
	if err != nil {
		return out, err
	}
	for _, e := range events {
		h, ok := homes[e.ID]
		if !ok {
			continue // not on a public timeline: cannot happen in one snapshot
		}
		h.Event = e
		out.Hits = append(out.Hits, h)
	}
	return out, nil
}

// publicHomes finds, for each event, the public timeline to link it to: the
// one searched, or else the oldest public timeline it is on.
func publicHomes(ctx context.Context, db querier, ids []int64, timelineID int64) (map[int64]timeline.SearchHit, error) {
	rows, err := db.Query(ctx, `
SELECT DISTINCT ON (te.event_id) te.event_id, t.slug, t.title, t.language
FROM timeline_events te JOIN timelines t ON t.id = te.timeline_id
WHERE te.event_id = ANY($1) AND t.visibility = 'public' AND ($2::bigint IS NULL OR t.id = $2)
ORDER BY te.event_id, t.id`, ids, nullID(timelineID))
	if err != nil {
		return nil, fmt.Errorf("find timelines of results: %w", err)
	}
	homes := map[int64]timeline.SearchHit{}
	var id int64
	var h timeline.SearchHit
	_, err = pgx.ForEachRow(rows, []any{&id, &h.TimelineSlug, &h.TimelineTitle, &h.TimelineLang}, func() error {
		homes[id] = h
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read timelines of results: %w", err)
	}
	return homes, nil
}
