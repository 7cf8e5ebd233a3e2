package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"annals/internal/markdown"
)

// Markdown that public pages show is rendered when it is saved, not when it
// is read (migration 00017). The rule, kept here and nowhere else: every
// writing transaction ends by rendering each text whose HTML is missing
// (withTx, RestoreBackup), and the database clears the HTML of any text a
// statement changes without it, so a writer cannot leave stale HTML behind
// and no writer renders for itself. `annals migrate` renders again the
// texts that another renderer version made (RenderMarkdown).

// markdownText is a column of Markdown and the column of its HTML. Rows are
// named by (id, lang); lang is ” for tables with one text per id.
type markdownText struct {
	table, id, lang, source, html string
}

var markdownTexts = []markdownText{
	{table: "events", id: "id", lang: "''", source: "summary", html: "summary_html"},
	{table: "timelines", id: "id", lang: "''", source: "summary", html: "summary_html"},
	// Only the published text is rendered: a translation waiting for
	// review is shown to staff alone, rendered as they look at it.
	{table: "event_translations", id: "event_id", lang: "lang", source: "published_summary", html: "published_summary_html"},
	{table: "timeline_translations", id: "timeline_id", lang: "lang", source: "published_summary", html: "published_summary_html"},
}

// textRows are rows of one markdownText to render, column by column.
type textRows struct {
	ids         []int64
	langs, srcs []string
}

func (r *textRows) add(id int64, lang, src string) {
	r.ids, r.langs, r.srcs = append(r.ids, id), append(r.langs, lang), append(r.srcs, src)
}

// storeHTML renders rows of t with markdown.ToHTML and stores the HTML with
// version: the one writer of the HTML columns. A row whose text changed
// since it was read keeps no HTML (its writer renders it).
func storeHTML(ctx context.Context, tx pgx.Tx, t markdownText, rows textRows, version int) error {
	if len(rows.ids) == 0 {
		return nil
	}
	html := make([]string, len(rows.srcs))
	for i, src := range rows.srcs {
		html[i] = markdown.ToHTML(src)
	}
	// Table and column names come from markdownTexts, never from input.
	_, err := tx.Exec(ctx, `UPDATE `+t.table+` x SET `+t.html+` = u.html, html_version = $5
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) u(id, lang, src, html)
WHERE x.`+t.id+` = u.id AND `+qualify(t.lang)+` = u.lang AND x.`+t.source+` = u.src`,
		rows.ids, rows.langs, rows.srcs, html, version)
	if err != nil {
		return fmt.Errorf("store the HTML of %s.%s: %w", t.table, t.source, err)
	}
	return nil
}

// order is the order of t's keys, the order RenderMarkdown walks them in.
func (t markdownText) order() string {
	if t.lang == "''" {
		return t.id
	}
	return t.id + `, ` + t.lang + ` COLLATE "C"`
}

func qualify(col string) string {
	if col == "''" {
		return col
	}
	return "x." + col
}

// missingHTMLSQL finds, through the *_html_missing indexes, every text this
// transaction can see without its HTML: those it wrote.
var missingHTMLSQL = func() string {
	var sql string
	for i, t := range markdownTexts {
		if i > 0 {
			sql += "\nUNION ALL "
		}
		sql += fmt.Sprintf(`SELECT %d, %s, %s, %s FROM %s WHERE %s IS NOT NULL AND %s IS NULL`,
			i, t.id, t.lang, t.source, t.table, t.source, t.html)
	}
	return sql
}()

// renderMissingHTML renders the texts tx wrote: called by every writing
// transaction before it commits.
func renderMissingHTML(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, missingHTMLSQL)
	if err != nil {
		return fmt.Errorf("find Markdown to render: %w", err)
	}
	found := make([]textRows, len(markdownTexts))
	var (
		i         int
		id        int64
		lang, src string
	)
	if _, err := pgx.ForEachRow(rows, []any{&i, &id, &lang, &src}, func() error {
		found[i].add(id, lang, src)
		return nil
	}); err != nil {
		return fmt.Errorf("find Markdown to render: %w", err)
	}
	for i, t := range markdownTexts {
		if err := storeHTML(ctx, tx, t, found[i], markdown.Version); err != nil {
			return err
		}
	}
	return nil
}

// renderBatch is how many texts RenderMarkdown renders per transaction.
const renderBatch = 500

// RenderMarkdown renders every text whose HTML is missing or was made by
// another version of the renderer than markdown.Version, a batch per
// transaction so a large database is not locked for long. It runs with the
// migrations, and returns how many texts it rendered.
func RenderMarkdown(ctx context.Context, db interface {
	Begin(context.Context) (pgx.Tx, error)
}) (int, error) {
	return renderMarkdown(ctx, db, markdown.Version, renderBatch)
}

func renderMarkdown(ctx context.Context, db interface {
	Begin(context.Context) (pgx.Tx, error)
}, version, batch int) (int, error) {
	total := 0
	for _, t := range markdownTexts {
		lastID, lastLang := int64(-1), ""
		for {
			n, id, lang, err := renderStaleBatch(ctx, db, t, version, batch, lastID, lastLang)
			if err != nil {
				return total, err
			}
			total += n
			if n < batch {
				break
			}
			lastID, lastLang = id, lang
		}
	}
	return total, nil
}

// renderStaleBatch renders the next batch of stale texts of t after
// (afterID, afterLang), in one transaction, and returns how many it
// rendered and the last one's key.
func renderStaleBatch(ctx context.Context, db interface {
	Begin(context.Context) (pgx.Tx, error)
}, t markdownText, version, limit int, afterID int64, afterLang string) (int, int64, string, error) {
	tx, err := db.Begin(ctx)
	if err != nil {
		return 0, 0, "", fmt.Errorf("begin rendering %s: %w", t.table, err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	rows, err := tx.Query(ctx, `SELECT `+t.id+`, `+t.lang+`, `+t.source+` FROM `+t.table+`
WHERE `+t.source+` IS NOT NULL AND (`+t.html+` IS NULL OR html_version <> $1)
  AND (`+t.id+`, `+t.lang+` COLLATE "C") > ($2, $3::text COLLATE "C")
ORDER BY `+t.order()+` LIMIT $4
FOR UPDATE`, version, afterID, afterLang, limit)
	if err != nil {
		return 0, 0, "", fmt.Errorf("find %s to render: %w", t.table, err)
	}
	var batch textRows
	var id int64
	var lang, src string
	if _, err := pgx.ForEachRow(rows, []any{&id, &lang, &src}, func() error {
		batch.add(id, lang, src)
		return nil
	}); err != nil {
		return 0, 0, "", fmt.Errorf("find %s to render: %w", t.table, err)
	}
	if err := storeHTML(ctx, tx, t, batch, version); err != nil {
		return 0, 0, "", err
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, 0, "", fmt.Errorf("commit rendering %s: %w", t.table, err)
	}
	return len(batch.ids), id, lang, nil
}
