package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"annals/internal/auth"
	"annals/internal/timeline"
)

// Categories lists every category staff may choose, by name: a proposed
// one says so, a rejected one is left out.
func (s *Store) Categories(ctx context.Context) ([]timeline.Category, error) {
	rows, err := s.pool.Query(ctx, `
SELECT slug, CASE WHEN state = 'proposed' THEN name || ' (proposed)' ELSE name END
FROM categories WHERE state <> 'rejected' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[timeline.Category])
	if err != nil {
		return nil, fmt.Errorf("read categories: %w", err)
	}
	return out, nil
}

// SaveCategory creates a category or renames the one with its slug, with
// a revision naming by when anything changed.
func (s *Store) SaveCategory(ctx context.Context, by auth.User, c timeline.Category) error {
	if err := c.Validate(); err != nil {
		return stripItem(err)
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		id, err := upsertCategory(ctx, tx, c)
		if err != nil {
			return err
		}
		return catalogRevision(ctx, tx, "category", id, by, "")
	})
}

// catalogTables are the tables of the things catalogRevision records.
var catalogTables = map[string]string{"timeline": "timelines", "category": "categories", "actor": "actors", "place": "places", "metric": "metrics"}

// catalogRevision records a timeline, category, actor or place as it now is
// (every column but its id and timestamps), when that differs from its last
// revision: saving it unchanged writes nothing. The first revision is its
// creation, or the first change since revisions were kept.
func catalogRevision(ctx context.Context, tx pgx.Tx, entity string, id int64, by auth.User, reason string) error {
	return catalogRevisionAs(ctx, tx, entity, id, by, "", reason)
}

// catalogRevisionAs is catalogRevision with the action named (propose,
// accept, reject); "" is create or save.
func catalogRevisionAs(ctx context.Context, tx pgx.Tx, entity string, id int64, by auth.User, action, reason string) error {
	table, ok := catalogTables[entity]
	if !ok {
		return fmt.Errorf("no revisions for %q", entity)
	}
	var rec json.RawMessage
	var count int
	var same bool
	// The table name comes from catalogTables, never from input. A
	// timeline's rendered HTML is no part of its record: it follows the
	// summary and the renderer (markdown.go).
	err := tx.QueryRow(ctx, `
WITH cur AS (SELECT to_jsonb(t) - 'id' - 'created_at' - 'updated_at' - 'summary_html' - 'html_version' AS rec
  FROM `+ident(table)+` t WHERE t.id = $2),
last AS (SELECT record FROM revisions WHERE entity = $1 AND entity_id = $2 ORDER BY id DESC LIMIT 1)
SELECT cur.rec, (SELECT count(*) FROM revisions WHERE entity = $1 AND entity_id = $2),
  coalesce((SELECT record FROM last) = cur.rec, false)
FROM cur`, entity, id).Scan(&rec, &count, &same)
	if err != nil {
		return fmt.Errorf("load %s %d for its revision: %w", entity, id, err)
	}
	if same {
		return nil
	}
	if action == "" {
		action = "save"
		if count == 0 {
			action = "create"
		}
	}
	if strings.TrimSpace(reason) == "" {
		reason = defaultReason(action)
	}
	author, authorID := authorOf(by)
	return writeRevisions(ctx, tx, revision{Entity: entity, EntityID: id, Version: count + 1, Action: action,
		Author: author, AuthorID: authorID, Reason: reason, Record: rec})
}

// Actors lists every actor, by name.
func (s *Store) Actors(ctx context.Context) ([]timeline.Actor, error) {
	rows, err := s.pool.Query(ctx, `SELECT slug, name, kind, note FROM actors ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list actors: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[timeline.Actor])
	if err != nil {
		return nil, fmt.Errorf("read actors: %w", err)
	}
	return out, nil
}

// SaveActor creates an actor or updates the one with its slug, with a
// revision naming by when anything changed.
func (s *Store) SaveActor(ctx context.Context, by auth.User, a timeline.Actor) error {
	if err := a.Validate(); err != nil {
		return stripItem(err)
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		id, err := upsertActor(ctx, tx, a)
		if err != nil {
			return err
		}
		return catalogRevision(ctx, tx, "actor", id, by, "")
	})
}

// AllTimelines lists every timeline, public or internal, by title.
func (s *Store) AllTimelines(ctx context.Context) ([]timeline.Timeline, error) {
	rows, err := s.pool.Query(ctx, `
SELECT id, slug, title, summary, language, visibility, updated_at FROM timelines ORDER BY title`)
	if err != nil {
		return nil, fmt.Errorf("list timelines: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[timeline.Timeline])
	if err != nil {
		return nil, fmt.Errorf("read timelines: %w", err)
	}
	return out, nil
}

// SaveTimeline creates a timeline or updates the one with its slug, with a
// revision naming by when anything changed.
func (s *Store) SaveTimeline(ctx context.Context, by auth.User, t timeline.Timeline) error {
	if err := t.Validate(); err != nil {
		return stripItem(err)
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		id, err := upsertTimeline(ctx, tx, t)
		if err != nil {
			return err
		}
		return catalogRevision(ctx, tx, "timeline", id, by, "")
	})
}

// catalogLists are the catalogues that FindCatalog lists: the table, what
// a row's kind is, and how its uses are counted, per row shown.
var catalogLists = map[string]struct{ table, kind, uses string }{
	"actor": {"actors", "c.kind", "(SELECT count(*) FROM event_actors x WHERE x.actor_id = c.id)"},
	"category": {"categories", "''",
		"(SELECT count(*) FROM events x WHERE x.category_id = c.id)"},
}

var catalogSorts = map[string]staffEventSort{
	"name":   {"lower(c.name)", "text", false, ""},
	"newest": {"c.id", "bigint", true, ""},
}

// FindCatalog returns a page of actors or categories (entity "actor" or
// "category") whose name or slug contains q.Text, in q's order. It is the
// list of /staff/actors and the editor's actor search, which must find
// one actor among 50,000: the trigram and name-order indexes of 00025.
func (s *Store) FindCatalog(ctx context.Context, entity string, q timeline.CatalogQuery) (timeline.CatalogPage, error) {
	var page timeline.CatalogPage
	list, ok := catalogLists[entity]
	if !ok {
		return page, fmt.Errorf("no catalogue %q", entity)
	}
	if q.Sort == "" {
		q.Sort = "name"
	}
	p := timeline.NewProblems("")
	order, ok := catalogSorts[q.Sort]
	if !ok {
		p.Add("sort", "%q is not an order of this list", q.Sort)
	}
	if q.Kind != "" && (entity != "actor" || !slices.Contains(timeline.ActorKinds, q.Kind)) {
		p.Add("kind", "%q is not a kind of actor", q.Kind)
	}
	cur, err := decodeStaffCursor(q.After, q.Sort)
	if err != nil {
		p.Merge(err)
	}
	if err := p.Err(); err != nil {
		return page, err
	}
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 100
	}
	args := pgx.NamedArgs{"limit": q.Limit + 1}
	where := []string{"TRUE"}
	if text := strings.TrimSpace(q.Text); text != "" {
		where = append(where, "(c.name || ' ' || c.slug) ILIKE @pattern")
		args["pattern"] = likePattern(text)
	}
	if q.Slugs != nil {
		where = append(where, "c.slug = ANY(@slugs)")
		args["slugs"] = q.Slugs
	} else {
		// A rejected proposal is offered nowhere; asked for by slug (what
		// a draft already cites), it is listed, marked.
		where = append(where, "c.state <> 'rejected'")
	}
	if q.Kind != "" {
		where = append(where, "c.kind = @kind")
		args["kind"] = q.Kind
	}
	dir, cmp := "ASC", ">"
	if order.desc {
		dir, cmp = "DESC", "<"
	}
	if cur.ID != 0 {
		where = append(where, fmt.Sprintf("(%s, c.id) %s (@after_key::%s, @after_id)", order.key, cmp, order.typ))
		args["after_key"], args["after_id"] = cur.Key, cur.ID
	}
	note := "''"
	if entity == "actor" {
		note = "c.note"
	}
	// Table, columns and order come from catalogLists and catalogSorts.
	rows, err := s.pool.Query(ctx, `
SELECT c.id, c.slug, c.name, `+list.kind+`, `+note+`, `+list.uses+`, c.state, (`+order.key+`)::text
FROM `+ident(list.table)+` c
WHERE `+strings.Join(where, " AND ")+`
ORDER BY `+order.key+` `+dir+`, c.id `+dir+` LIMIT @limit`, args)
	if err != nil {
		return page, fmt.Errorf("find %s: %w", list.table, err)
	}
	var it timeline.CatalogItem
	var id, lastID int64
	var key, lastKey string
	n := 0
	_, err = pgx.ForEachRow(rows, []any{&id, &it.Slug, &it.Name, &it.Kind, &it.Note, &it.Uses, &it.State, &key}, func() error {
		n++
		if n > q.Limit {
			return nil
		}
		page.Items = append(page.Items, it)
		lastID, lastKey = id, key
		return nil
	})
	if err != nil {
		return page, fmt.Errorf("read %s: %w", list.table, err)
	}
	if n > q.Limit {
		page.Next = staffCursor{Sort: q.Sort, Key: lastKey, ID: lastID}.encode()
	}
	return page, nil
}
