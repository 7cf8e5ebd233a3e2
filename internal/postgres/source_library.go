package postgres

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// libraryCursor is where a page of the library ends: title order is
// lower(title), then id.
type libraryCursor struct {
	Title string `json:"t"`
	ID    int64  `json:"i"`
}

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
	var cur libraryCursor
	if after != "" {
		b, err := base64.RawURLEncoding.DecodeString(after)
		if err != nil || json.Unmarshal(b, &cur) != nil {
			return timeline.SourcePage{}, timeline.Errorf(timeline.EINVALID, "after=%q is not a page of the source library; start again from the first page", after)
		}
	}
	// Without words the whole library is listed: no pattern to check, so
	// the page is read straight off the title-order index.
	find := "TRUE"
	if text = strings.TrimSpace(text); text != "" {
		find = libraryFind
	}
	rows, err := s.pool.Query(ctx, librarySelect+`
WHERE `+find+` AND (@after_id = 0 OR (lower(s.title), s.id) > (@after_title, @after_id))
ORDER BY lower(s.title), s.id LIMIT @limit`,
		pgx.NamedArgs{"pattern": likePattern(text), "after_id": cur.ID, "after_title": cur.Title, "limit": limit + 1})
	if err != nil {
		return timeline.SourcePage{}, fmt.Errorf("find sources: %w", err)
	}
	list, err := collectLibrary(rows)
	if err != nil {
		return timeline.SourcePage{}, err
	}
	page := timeline.SourcePage{Sources: list}
	if len(list) > limit {
		page.Sources = list[:limit]
		last := list[limit-1].Source
		b, _ := json.Marshal(libraryCursor{Title: strings.ToLower(last.Title), ID: last.ID})
		page.Next = base64.RawURLEncoding.EncodeToString(b)
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
	var out []timeline.LibrarySource
	var sc sourceScan
	var ls timeline.LibrarySource
	_, err := pgx.ForEachRow(rows, append(sc.dest(), &ls.Version, &ls.Uses), func() error {
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
