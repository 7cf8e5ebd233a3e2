package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// revisionText is what the history list's search reads: the reason, the
// author's name and the record's title (or name). The same expression is
// indexed by trigrams (00028), so it must not change without the index.
const revisionText = `(r.reason || ' ' || r.author || ' ' || coalesce(r.record->>'title', r.record->>'name', ''))`

// revisionSorts are the history list's orders, as staffEventSorts. Ids
// follow the order revisions were written (the chain's order), so the
// newest are the highest.
var revisionSorts = map[string]staffEventSort{
	"newest": {"r.id", "bigint", true, ""},
	"oldest": {"r.id", "bigint", false, ""},
	"author": {"lower(r.author)", "text", false, ""},
}

// RevisionList returns a page of the staff history list: every revision of
// the record narrowed by q's filters, in q's order, after q.After, without
// the records themselves. Filters are added to the statement only when
// set, so each list is planned for what it asks.
func (s *Store) RevisionList(ctx context.Context, q timeline.RevisionQuery) (timeline.RevisionPage, error) {
	var page timeline.RevisionPage
	p := timeline.NewProblems("")
	if q.Sort == "" {
		q.Sort = "newest"
	}
	order, ok := revisionSorts[q.Sort]
	if !ok {
		p.Add("sort", "%q is not an order of this list", q.Sort)
	}
	if q.Action != "" && !slices.Contains(timeline.RevisionActions, q.Action) {
		p.Add("action", "%q is not a kind of change", q.Action)
	}
	if q.Entity != "" && !slices.Contains(timeline.RevisionEntities, q.Entity) {
		p.Add("entity", "%q is not a kind of record", q.Entity)
	}
	args := pgx.NamedArgs{}
	where := []string{}
	for _, d := range []struct {
		field, value string
		last         bool
	}{{"from", q.From, false}, {"to", q.To, true}} {
		if d.value == "" {
			continue
		}
		fd, err := timeline.ParseDate(d.value)
		if err != nil {
			p.Add(d.field, "%s", err.Error())
			continue
		}
		if d.last {
			where = append(where, "r.created_at < @to")
			args["to"] = fd.Last().AddDate(0, 0, 1)
		} else {
			where = append(where, "r.created_at >= @from")
			args["from"] = fd.First()
		}
	}
	cur, err := decodeStaffCursor(q.After, q.Sort)
	if err != nil {
		p.Merge(err)
	}
	if err := p.Err(); err != nil {
		return page, err
	}
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 50
	}
	if q.Entities != nil {
		where = append(where, "r.entity = ANY(@entities)")
		args["entities"] = q.Entities
	}
	if text := strings.TrimSpace(q.Text); text != "" {
		where = append(where, revisionText+" ILIKE @pattern")
		args["pattern"] = likePattern(text)
	}
	if q.Author != 0 {
		where = append(where, "r.author_id = @author")
		args["author"] = q.Author
	}
	if q.Action != "" {
		where = append(where, "r.action = @action")
		args["action"] = q.Action
	}
	if q.Entity != "" {
		where = append(where, "r.entity = @entity")
		args["entity"] = q.Entity
	}
	if q.Timeline != "" {
		// What belongs to a timeline now: its events (and their
		// translations and figures), its eras and itself.
		where = append(where, `(
  (r.entity IN ('event', 'event_translation') AND r.entity_id IN (SELECT te.event_id FROM timeline_events te
    JOIN timelines t ON t.id = te.timeline_id WHERE t.slug = @timeline))
  OR (r.entity = 'figure' AND r.entity_id IN (SELECT f.id FROM figures f JOIN timeline_events te ON te.event_id = f.event_id
    JOIN timelines t ON t.id = te.timeline_id WHERE t.slug = @timeline))
  OR (r.entity = 'era' AND r.entity_id IN (SELECT a.id FROM eras a JOIN timelines t ON t.id = a.timeline_id WHERE t.slug = @timeline))
  OR (r.entity IN ('timeline', 'timeline_translation') AND r.entity_id = (SELECT id FROM timelines WHERE slug = @timeline)))`)
		args["timeline"] = q.Timeline
	}
	dir, cmp := "ASC", ">"
	if order.desc {
		dir, cmp = "DESC", "<"
	}
	if cur.ID != 0 {
		where = append(where, fmt.Sprintf("(%s, r.id) %s (@after_key::%s, @after_id)", order.key, cmp, order.typ))
		args["after_key"], args["after_id"] = cur.Key, cur.ID
	}
	if len(where) == 0 {
		where = []string{"TRUE"}
	}
	args["limit"] = q.Limit + 1
	// The order's key and type come from revisionSorts, never from input.
	rows, err := s.pool.Query(ctx, `
SELECT r.id, r.entity, r.entity_id, r.version, r.action, r.author, r.reason, r.created_at,
  coalesce(r.record->>'title', r.record->>'name', ''), (`+order.key+`)::text
FROM revisions r
WHERE `+strings.Join(where, "\n  AND ")+`
ORDER BY `+order.key+` `+dir+`, r.id `+dir+` LIMIT @limit`, args)
	if err != nil {
		return page, fmt.Errorf("list revisions: %w", err)
	}
	var e timeline.RevisionEntry
	var key string
	var keys []string
	_, err = pgx.ForEachRow(rows, []any{&e.ID, &e.Entity, &e.EntityID, &e.Version, &e.Action, &e.Author, &e.Reason,
		&e.CreatedAt, &e.Title, &key}, func() error {
		page.Revisions = append(page.Revisions, e)
		keys = append(keys, key)
		return nil
	})
	if err != nil {
		return page, fmt.Errorf("read revisions: %w", err)
	}
	if len(page.Revisions) > q.Limit {
		page.Revisions = page.Revisions[:q.Limit]
		page.Next = staffCursor{Sort: q.Sort, Key: keys[q.Limit-1], ID: page.Revisions[q.Limit-1].ID}.encode()
	}
	return page, nil
}
