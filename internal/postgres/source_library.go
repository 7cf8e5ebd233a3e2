package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// libraryFind matches any part of a source's title, publisher or URL,
// through the trigram index on the three (migration 00013).
const libraryFind = `(s.title || ' ' || s.publisher || ' ' || s.url) ILIKE @pattern`

// librarySelect reads library sources with their uses, counted for each
// source shown rather than over the whole library.
const librarySelect = `
SELECT ` + sourceColumns + `, s.version,
       (SELECT count(*) FROM event_sources es WHERE es.source_id = s.id) +
       (SELECT count(*) FROM figures f WHERE f.source_id = s.id)
FROM sources s`

// FindSources returns a page of at most limit library sources in title
// order, after the cursor (a page's Next), whose title, publisher or URL
// contains text (all sources when text is empty).
func (s *Store) FindSources(ctx context.Context, text, after string, limit int) (timeline.SourcePage, error) {
	return s.SourceList(ctx, timeline.SourceQuery{Text: text, After: after, Limit: limit})
}

// sourceSorts are the orders of the library: the key (over s, the source)
// and its type, as staffEventSorts.
var sourceSorts = map[string]staffEventSort{
	"title":  {"lower(s.title)", "text", false, ""},
	"newest": {"s.id", "bigint", true, ""},
	"date":   {"s.published_date", "date", true, ""},
}

// SourceList returns a page of the library narrowed by q's filters, in q's
// order, after q.After.
func (s *Store) SourceList(ctx context.Context, q timeline.SourceQuery) (timeline.SourcePage, error) {
	if q.Sort == "" {
		q.Sort = "title"
	}
	p := timeline.NewProblems("")
	order, ok := sourceSorts[q.Sort]
	if !ok {
		p.Add("sort", "%q is not an order of this list", q.Sort)
	}
	if q.Kind != "" && !slices.Contains(timeline.SourceKinds, q.Kind) {
		p.Add("kind", "%q is not a kind of source", q.Kind)
	}
	cur, err := decodeStaffCursor(q.After, q.Sort)
	if err != nil {
		p.Merge(err)
	}
	if err := p.Err(); err != nil {
		return timeline.SourcePage{}, err
	}
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 100
	}
	args := pgx.NamedArgs{"limit": q.Limit + 1}
	// Without words the whole library is listed: no pattern to check, so
	// the page is read straight off the order's index.
	where := []string{"TRUE"}
	if text := strings.TrimSpace(q.Text); text != "" {
		where = append(where, libraryFind)
		args["pattern"] = likePattern(text)
	}
	if q.Kind != "" {
		where = append(where, "s.kind = @kind")
		args["kind"] = q.Kind
	}
	switch q.Confidential {
	case "yes":
		where = append(where, "s.confidential")
	case "no":
		where = append(where, "NOT s.confidential")
	}
	if q.Unused {
		where = append(where, `NOT EXISTS (SELECT 1 FROM event_sources es WHERE es.source_id = s.id)
  AND NOT EXISTS (SELECT 1 FROM figures f WHERE f.source_id = s.id)`)
	}
	dir, cmp := "ASC", ">"
	if order.desc {
		dir, cmp = "DESC", "<"
	}
	// A source without a date sorts last in date order, and its key is
	// the far past so a cursor can name it.
	key := order.key
	if q.Sort == "date" {
		key = "coalesce(s.published_date, '-infinity'::date)"
	}
	if cur.ID != 0 {
		where = append(where, fmt.Sprintf("(%s, s.id) %s (@after_key::%s, @after_id)", key, cmp, order.typ))
		args["after_key"], args["after_id"] = cur.Key, cur.ID
	}
	sel := strings.Replace(librarySelect, "\nFROM sources s", ", ("+key+")::text\nFROM sources s", 1)
	rows, err := s.pool.Query(ctx, sel+`
WHERE `+strings.Join(where, " AND ")+`
ORDER BY `+key+` `+dir+`, s.id `+dir+` LIMIT @limit`, args)
	if err != nil {
		return timeline.SourcePage{}, fmt.Errorf("find sources: %w", err)
	}
	var keys []string
	list, err := collectLibraryKeyed(rows, &keys)
	if err != nil {
		return timeline.SourcePage{}, err
	}
	page := timeline.SourcePage{Sources: list}
	if len(list) > q.Limit {
		page.Sources = list[:q.Limit]
		page.Next = staffCursor{Sort: q.Sort, Key: keys[q.Limit-1], ID: list[q.Limit-1].Source.ID}.encode()
	}
	return page, nil
}

// SourcesByID returns the library sources with these ids, in title order
// (the ones a form already cites, whatever it searched for).
func (s *Store) SourcesByID(ctx context.Context, ids []int64) ([]timeline.LibrarySource, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, librarySelect+` WHERE s.id = ANY($1) ORDER BY lower(s.title), s.id`, ids)
	if err != nil {
		return nil, fmt.Errorf("read sources by id: %w", err)
	}
	return collectLibrary(rows)
}

func collectLibrary(rows pgx.Rows) ([]timeline.LibrarySource, error) {
	return collectLibraryKeyed(rows, nil)
}

// collectLibraryKeyed reads sources and, when keys is not nil, each row's
// sort key after them.
func collectLibraryKeyed(rows pgx.Rows, keys *[]string) ([]timeline.LibrarySource, error) {
	var out []timeline.LibrarySource
	var sc sourceScan
	var ls timeline.LibrarySource
	var key string
	dest := append(sc.dest(), &ls.Version, &ls.Uses)
	if keys != nil {
		dest = append(dest, &key)
	}
	_, err := pgx.ForEachRow(rows, dest, func() error {
		if keys != nil {
			*keys = append(*keys, key)
		}
		ls.Source = sc.source()
		ls.NormURL = NormalizeURL(ls.Source.URL)
		out = append(out, ls)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read sources: %w", err)
	}
	return out, nil
}
