package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"annals/internal/auth"
	"annals/internal/timeline"
)

// Sources lists the whole source library, by title. The uses are counted
// in one pass over citations and figures, not once per source.
func (s *Store) Sources(ctx context.Context) ([]timeline.LibrarySource, error) {
	rows, err := s.pool.Query(ctx, `
SELECT `+sourceColumns+`, s.version, coalesce(u.n, 0)
FROM sources s
LEFT JOIN (SELECT source_id, count(*) AS n
           FROM (SELECT source_id FROM event_sources UNION ALL SELECT source_id FROM figures) x
           GROUP BY source_id) u ON u.source_id = s.id
ORDER BY lower(s.title), s.id`)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	return collectLibrary(rows)
}

// LibrarySourceByID returns one source of the library.
func (s *Store) LibrarySourceByID(ctx context.Context, id int64) (timeline.LibrarySource, error) {
	var sc sourceScan
	var ls timeline.LibrarySource
	err := s.pool.QueryRow(ctx, `
SELECT `+sourceColumns+`, s.version,
  (SELECT count(*) FROM event_sources es WHERE es.source_id = s.id) + (SELECT count(*) FROM figures f WHERE f.source_id = s.id)
FROM sources s WHERE s.id = $1`, id).Scan(append(sc.dest(), &ls.Version, &ls.Uses)...)
	if err != nil {
		return ls, notFound(fmt.Errorf("load source %d: %w", id, err), "There is no source %d.", id)
	}
	ls.Source = sc.source()
	ls.NormURL = NormalizeURL(ls.Source.URL)
	return ls, nil
}

// NormalizeURL reduces a URL to what identifies the document: lower-case
// scheme and host without "www.", no fragment, no tracking parameters, no
// trailing slash. Two sources with the same normalised URL are duplicates.
func NormalizeURL(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return strings.ToLower(raw)
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	host = strings.TrimSuffix(strings.TrimSuffix(host, ":80"), ":443")
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || lk == "fbclid" || lk == "gclid" || lk == "ref" {
			q.Del(k)
		}
	}
	out := host + strings.TrimRight(u.EscapedPath(), "/")
	if enc := q.Encode(); enc != "" {
		out += "?" + enc
	}
	return out
}

// DuplicateSources groups library sources that share a normalised URL.
func (s *Store) DuplicateSources(ctx context.Context) ([][]timeline.LibrarySource, error) {
	all, err := s.Sources(ctx)
	if err != nil {
		return nil, err
	}
	groups := map[string][]timeline.LibrarySource{}
	for _, ls := range all {
		if ls.NormURL != "" {
			groups[ls.NormURL] = append(groups[ls.NormURL], ls)
		}
	}
	var out [][]timeline.LibrarySource
	for _, g := range groups {
		if len(g) > 1 {
			out = append(out, g)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0].NormURL < out[j][0].NormURL })
	return out, nil
}

// UpdateSource saves an edit of a library source. Published events citing it
// show the change at once (the library is edited by editors). A stale
// version is ECONFLICT.
func (s *Store) UpdateSource(ctx context.Context, by auth.User, src timeline.Source, version int, reason string) (int, error) {
	p := timeline.NewProblems("")
	src.Validate(p, "")
	p.AddErr("reason", timeline.ValidateText(reason, false, timeline.MaxNoteLength))
	if err := p.Err(); err != nil {
		return 0, err
	}
	var out int
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		var have int
		if err := tx.QueryRow(ctx, `SELECT version FROM sources WHERE id = $1 FOR UPDATE`, src.ID).Scan(&have); err != nil {
			return notFound(fmt.Errorf("lock source %d: %w", src.ID, err), "There is no source %d.", src.ID)
		}
		if have != version {
			return timeline.Errorf(timeline.ECONFLICT,
				"Someone else changed this source while you were editing it (you started from version %d; it is now at version %d). Nothing was overwritten.", version, have)
		}
		err := tx.QueryRow(ctx, `
UPDATE sources SET url = $2, title = $3, publisher = $4, published_date = $5, published_precision = $6,
  archive_url = $7, kind = $8, language = $9, confidential = $10, updated_by = $11, updated_at = now(),
  version = version + 1
WHERE id = $1 RETURNING version`, src.ID, src.URL, src.Title, src.Publisher, nullDate(src.Published, false),
			nullPrecision(src.Published), src.ArchiveURL, src.Kind, src.Language, src.Confidential, nullID(by.ID)).Scan(&out)
		if err != nil {
			return fmt.Errorf("update source %d: %w", src.ID, err)
		}
		return sourceRevision(ctx, tx, src.ID, "save", by, reason)
	})
	if err != nil {
		var e *timeline.Error
		if !errors.As(err, &e) && timeline.ErrorCode(constraintError(err)) == timeline.EINVALID {
			return 0, &timeline.ValidationError{Problems: []timeline.Problem{{Field: "url",
				Message: "another source in the library already has this URL: merge them instead"}}}
		}
		return 0, err
	}
	return out, nil
}

// MergeSources moves every citation and figure of source drop to source
// keep and deletes drop, which must share keep's normalised URL. Both get a
// revision; restoring an old event revision follows the merge.
func (s *Store) MergeSources(ctx context.Context, by auth.User, keep, drop int64, reason string) error {
	if keep == drop {
		return timeline.Errorf(timeline.EINVALID, "A source cannot be merged into itself.")
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		var keepURL, dropURL string
		rows, err := tx.Query(ctx, `SELECT id, url FROM sources WHERE id = ANY($1) ORDER BY id FOR UPDATE`, []int64{keep, drop})
		if err != nil {
			return fmt.Errorf("lock sources: %w", err)
		}
		n := 0
		var id int64
		var u string
		if _, err := pgx.ForEachRow(rows, []any{&id, &u}, func() error {
			n++
			if id == keep {
				keepURL = u
			} else {
				dropURL = u
			}
			return nil
		}); err != nil {
			return fmt.Errorf("read sources: %w", err)
		}
		if n != 2 {
			return timeline.Errorf(timeline.ENOTFOUND, "One of the sources to merge no longer exists.")
		}
		if keepURL == "" || NormalizeURL(keepURL) != NormalizeURL(dropURL) {
			return timeline.Errorf(timeline.EINVALID, "Only sources whose URLs are the same once normalised can be merged.")
		}
		// Events citing both keep the citation of the source kept.
		if _, err := tx.Exec(ctx, `
DELETE FROM event_sources d WHERE d.source_id = $2
  AND EXISTS (SELECT 1 FROM event_sources k WHERE k.event_id = d.event_id AND k.source_id = $1)`, keep, drop); err != nil {
			return fmt.Errorf("merge citations: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE event_sources SET source_id = $1 WHERE source_id = $2`, keep, drop); err != nil {
			return fmt.Errorf("merge citations: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE figures SET source_id = $1 WHERE source_id = $2`, keep, drop); err != nil {
			return fmt.Errorf("merge figures: %w", err)
		}
		if reason == "" {
			reason = fmt.Sprintf("merged source %d into source %d", drop, keep)
		}
		if err := sourceRevision(ctx, tx, drop, "merged_away", by, reason); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE source_merges SET into_id = $1 WHERE into_id = $2`, keep, drop); err != nil {
			return fmt.Errorf("repoint merges: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sources WHERE id = $1`, drop); err != nil {
			return fmt.Errorf("delete merged source: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO source_merges (from_id, into_id, merged_by) VALUES ($1, $2, $3)`, drop, keep, nullID(by.ID)); err != nil {
			return fmt.Errorf("record merge: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE sources SET version = version + 1, updated_at = now(), updated_by = $2 WHERE id = $1`, keep, nullID(by.ID)); err != nil {
			return fmt.Errorf("bump source version: %w", err)
		}
		return sourceRevision(ctx, tx, keep, "merge", by, reason)
	})
}

// sourceRevision records the source as it now is.
func sourceRevision(ctx context.Context, tx pgx.Tx, id int64, action string, by auth.User, reason string) error {
	author, authorID := authorOf(by)
	if strings.TrimSpace(reason) == "" {
		reason = defaultReason(action)
	}
	revs, err := sourceRevisions(ctx, tx, []int64{id}, action, author, authorID, reason)
	if err != nil {
		return err
	}
	return writeRevisions(ctx, tx, revs...)
}

// RestoreSource makes an earlier revision of a source current again, as a
// new revision. A stale version is ECONFLICT.
func (s *Store) RestoreSource(ctx context.Context, by auth.User, id int64, version int, revisionID int64) (int, error) {
	var rec struct {
		URL                string  `json:"url"`
		Title              string  `json:"title"`
		Publisher          string  `json:"publisher"`
		PublishedDate      *string `json:"published_date"`
		PublishedPrecision *string `json:"published_precision"`
		ArchiveURL         string  `json:"archive_url"`
		Kind               string  `json:"kind"`
		Language           string  `json:"language"`
		Confidential       bool    `json:"confidential"`
	}
	var raw []byte
	var revVersion int
	err := s.pool.QueryRow(ctx, `SELECT record, version FROM revisions WHERE id = $1 AND entity = 'source' AND entity_id = $2`,
		revisionID, id).Scan(&raw, &revVersion)
	if err != nil {
		return 0, notFound(fmt.Errorf("load revision %d: %w", revisionID, err), "Source %d has no revision %d.", id, revisionID)
	}
	if err := json.Unmarshal(raw, &rec); err != nil {
		return 0, fmt.Errorf("decode revision %d: %w", revisionID, err)
	}
	src := timeline.Source{ID: id, URL: rec.URL, Title: rec.Title, Publisher: rec.Publisher, ArchiveURL: rec.ArchiveURL,
		Kind: rec.Kind, Language: rec.Language, Confidential: rec.Confidential}
	if rec.PublishedDate != nil && rec.PublishedPrecision != nil {
		d, err := time.Parse("2006-01-02", *rec.PublishedDate)
		if err != nil {
			return 0, fmt.Errorf("revision %d: published date: %w", revisionID, err)
		}
		src.Published = timeline.FromTime(d, timeline.Precision(*rec.PublishedPrecision))
	}
	return s.UpdateSource(ctx, by, src, version, fmt.Sprintf("restored version %d", revVersion))
}
