package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"annals/internal/backup"
	"annals/internal/timeline"
)

// The full staff backup (internal/backup is its file format): every table
// that holds what people made, one section per table, each row as the JSON
// object PostgreSQL makes of it (to_jsonb), so a column added by a migration
// is backed up without anyone touching this file. A restore goes into an
// empty database in one transaction, keeping every id.

// backupTable is one table of the backup, in an order that satisfies every
// foreign key when the sections are restored one after the other.
type backupTable struct {
	name  string
	order string // ORDER BY: the primary key, so two backups of the same data are byte-identical
	// omit lists columns never written to a backup (secrets, and what is
	// made from other columns); fill gives the SQL value each gets on
	// restore.
	omit []string
	fill []string
}

var backupTables = []backupTable{
	{name: "timelines", order: "id", omit: renderedHTML, fill: renderedHTMLFill},
	// Passwords never leave the database: a restored account has an empty
	// hash, which matches no password, until it is given a new one. Nor do
	// second factors: the passkey handle goes with the passkeys.
	{name: "users", order: "id", omit: []string{"password_hash", "webauthn_handle"}, fill: []string{"''", "NULL"}},
	{name: "categories", order: "id"},
	{name: "actors", order: "id"},
	{name: "places", order: "id"},
	{name: "sources", order: "id"},
	// Uploaded images, bytes and all (hex in the JSON); the table's check
	// refuses a row whose bytes do not hash to its name, so a restore
	// verifies every blob.
	{name: "media_blobs", order: `name COLLATE "C"`},
	{name: "events", order: "id", omit: renderedHTML, fill: renderedHTMLFill},
	// A link's start date is its event's (00034; the triggers that copy it
	// are paused during a restore, so the restore copies it).
	{name: "timeline_events", order: "timeline_id, event_id", omit: []string{"start_date"},
		fill: []string{"(SELECT x.start_date FROM events x WHERE x.id = event_id)"}},
	{name: "event_actors", order: "event_id, actor_id"},
	{name: "event_sources", order: "event_id, source_id"},
	// Before figures: restoring a figure lists its metric (00022), which
	// the restored list would then collide with.
	{name: "metrics", order: "id"},
	{name: "figures", order: "id"},
	{name: "event_media", order: "id"},
	{name: "eras", order: "id"},
	{name: "event_drafts", order: "event_id"},
	{name: "timeline_translations", order: `timeline_id, lang COLLATE "C"`, omit: publishedHTML, fill: renderedHTMLFill},
	{name: "event_translations", order: `event_id, lang COLLATE "C"`, omit: publishedHTML, fill: renderedHTMLFill},
	{name: "review_comments", order: "id"},
	{name: "source_merges", order: "from_id"},
	{name: "revisions", order: "id"},
	// Captures follow the revisions that hold their hashes; a restore
	// re-hashes every artefact (verifyArtefacts).
	{name: "captures", order: "id"},
	{name: "capture_artefacts", order: `capture_id, kind COLLATE "C"`},
	{name: "settings", order: `key COLLATE "C"`},
}

// The HTML of Markdown is made from the text beside it, so it is left out
// of a backup and rendered afresh on restore: HTML read from a file is
// never trusted onto a public page.
var (
	renderedHTML     = []string{"summary_html", "html_version"}
	publishedHTML    = []string{"published_summary_html", "html_version"}
	renderedHTMLFill = []string{"NULL", "0"}
)

// notBackedUp are the tables deliberately left out of a backup, and why. A
// test fails when a table is in neither list, so a new table cannot be
// forgotten.
var notBackedUp = map[string]string{
	"goose_db_version": "the migrations' own record; the backup notes the schema version",
	"sessions":         "sign-ins belong to the server they were made on",
	"event_search":     "rebuilt from the events in one statement once they are restored",
	"api_tokens":       "secrets: people make new tokens after a restore",
	"staged_imports":   "uploads waiting for confirmation, transient",
	"signin_limits":    "counts of recent sign-in attempts, transient",
	"signin_devices":   "secrets: browsers sign in again after a restore",
	// Second factors are secrets (a TOTP secret opens the account with the
	// password): after a restore people enrol again.
	"user_totp":           "secrets: people set up their authenticator app again after a restore",
	"user_recovery_codes": "secrets: new recovery codes come with the new enrolment",
	"user_passkeys":       "passkeys are tied to the site's sign-ins: people add them again after a restore",
	"user_sessions":       "sign-ins belong to the server they were made on",
	"security_events":     "the server's access log, kept with pg_dump like sessions",
	// The revisions carry their hashes; a restore checks them and sets the
	// head from the last one.
	"revision_chain_head": "recomputed from the revisions' own hashes on restore",
	"chain_verifications": "this server's own checks; a restore verifies the chain afresh",
	"data_versions":       "a counter for caches that any restore bumps by writing",
	"event_search_stale":  "empty outside a writing transaction",
	"data_version_marks":  "empty outside a writing transaction",
	// Migration 00016's state of each timeline, recomputed at the end.
	"timeline_versions":      "derived from the restored rows at the restore's commit",
	"timeline_period_counts": "derived from the restored rows at the restore's commit",
	"timeline_actor_counts":  "derived from the restored rows at the restore's commit",
	"timeline_place_counts":  "derived from the restored rows at the restore's commit",
	"timeline_metric_counts": "derived from the restored rows at the restore's commit",
	"timeline_figure_events": "derived from the restored rows at the restore's commit",
	"citation_numbers":       "derived from the restored rows at the restore's commit",
	"timeline_version_marks": "empty outside a writing transaction",
	"source_checks":          "the watch's last look at each original, taken again by the next recheck",
	// River's job queue: pending captures are queued again by saving the
	// source or by the watch; finished jobs are only a log.
	"river_job":          "the job queue, transient",
	"river_leader":       "the job queue's leader election, transient",
	"river_queue":        "the job queue's queues, transient",
	"river_client":       "the job queue's clients, transient",
	"river_client_queue": "the job queue's clients, transient",
	"river_migration":    "River's own migrations record, like goose_db_version",
	"river_notification": "the job queue's notifications, transient",
}

// column is a column of a table as the catalogue describes it.
type column struct {
	name      string
	generated bool
}

func tableColumns(ctx context.Context, db querier, table string) ([]column, error) {
	rows, err := db.Query(ctx, `
SELECT a.attname, a.attgenerated <> ''
FROM pg_attribute a
WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`, table)
	if err != nil {
		return nil, fmt.Errorf("read the columns of %s: %w", table, err)
	}
	var out []column
	var c column
	if _, err := pgx.ForEachRow(rows, []any{&c.name, &c.generated}, func() error {
		out = append(out, c)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read the columns of %s: %w", table, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("table %s does not exist", table)
	}
	return out, nil
}

func schemaVersion(ctx context.Context, db querier) (int64, error) {
	var v int64
	if err := db.QueryRow(ctx, `SELECT coalesce(max(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read the schema version: %w", err)
	}
	return v, nil
}

func ident(name string) string { return pgx.Identifier{name}.Sanitize() }

// Backup writes every backed-up table to w as one annals/backup-v1 JSON
// document, from one consistent snapshot, a row at a time.
func (s *Store) Backup(ctx context.Context, w io.Writer) (timeline.BackupStats, error) {
	var stats timeline.BackupStats
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return stats, fmt.Errorf("begin backup: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read-only
	// Timestamps in UTC and floats in their shortest exact form, whatever
	// the server's defaults, so the same data always gives the same bytes.
	if _, err := tx.Exec(ctx, `SET LOCAL TimeZone = 'UTC'; SET LOCAL extra_float_digits = 1`); err != nil {
		return stats, fmt.Errorf("prepare backup: %w", err)
	}
	if stats.Schema, err = schemaVersion(ctx, tx); err != nil {
		return stats, err
	}
	bw, err := backup.NewWriter(w, backup.Header{Format: backup.Format, Schema: stats.Schema})
	if err != nil {
		return stats, fmt.Errorf("write backup: %w", err)
	}
	for _, t := range backupTables {
		n, err := backupTableRows(ctx, tx, bw, t)
		if err != nil {
			return stats, err
		}
		stats.Tables = append(stats.Tables, timeline.BackupCount{Table: t.name, Rows: n})
	}
	if err := bw.Close(); err != nil {
		return stats, fmt.Errorf("write backup: %w", err)
	}
	return stats, nil
}

func backupTableRows(ctx context.Context, tx pgx.Tx, bw *backup.Writer, t backupTable) (int64, error) {
	cols, err := tableColumns(ctx, tx, t.name)
	if err != nil {
		return 0, err
	}
	var names []string
	drop := append([]string{}, t.omit...) // never nil: jsonb - NULL is NULL
	for _, c := range cols {
		switch {
		case c.generated:
			drop = append(drop, c.name)
		case !slices.Contains(t.omit, c.name):
			names = append(names, c.name)
		}
	}
	if err := bw.BeginTable(backup.Table{Name: t.name, Columns: names}); err != nil {
		return 0, fmt.Errorf("write backup: %w", err)
	}
	// The table and its order come from backupTables, never from input.
	rows, err := tx.Query(ctx, `SELECT (to_jsonb(t) - $1::text[])::text FROM `+ident(t.name)+` t ORDER BY `+t.order, drop)
	if err != nil {
		return 0, fmt.Errorf("back up %s: %w", t.name, err)
	}
	defer rows.Close()
	var row []byte
	for rows.Next() {
		if err := rows.Scan(&row); err != nil {
			return 0, fmt.Errorf("back up %s: %w", t.name, err)
		}
		if err := bw.Row(row); err != nil {
			return 0, fmt.Errorf("write backup of %s: %w", t.name, err)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("back up %s: %w", t.name, err)
	}
	n, err := bw.EndTable()
	if err != nil {
		return 0, fmt.Errorf("write backup: %w", err)
	}
	return n, nil
}

// restoreBatch is how many rows are inserted with one statement.
const (
	restoreBatchRows  = 500
	restoreBatchBytes = 4 << 20
)

// RestoreBackup reads a backup from r into this database, which must be
// empty: in one transaction, keeping every id, then moving each identity
// sequence past the highest id restored. Search documents are rebuilt by
// their triggers as the rows arrive. Restored accounts have no password.
// A damaged or truncated file, or a database that is not empty, is EINVALID
// or ECONFLICT and nothing is written.
func (s *Store) RestoreBackup(ctx context.Context, r io.Reader, opt timeline.RestoreOptions) (timeline.BackupStats, error) {
	stats, err := s.restoreBackup(ctx, r, opt)
	if err != nil {
		var te *timeline.Error
		if errors.As(err, &te) {
			return stats, &timeline.Error{Code: te.Code, Message: te.Message + "; nothing was restored"}
		}
		return stats, fmt.Errorf("restore backup (nothing was restored): %w", err)
	}
	return stats, nil
}

func (s *Store) restoreBackup(ctx context.Context, r io.Reader, opt timeline.RestoreOptions) (timeline.BackupStats, error) {
	var stats timeline.BackupStats
	br, err := backup.NewReader(r)
	if err != nil {
		return stats, err
	}
	stats.Schema = br.Header.Schema
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return stats, fmt.Errorf("begin restore: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	current, err := schemaVersion(ctx, tx)
	if err != nil {
		return stats, err
	}
	if br.Header.Schema > current {
		return stats, timeline.Errorf(timeline.EINVALID,
			"this backup was made by a newer Annals (database schema %d; this one is at %d): upgrade Annals first",
			br.Header.Schema, current)
	}
	var names []string
	for _, t := range backupTables {
		names = append(names, ident(t.name))
	}
	// Writers wait until the restore is done, and a second restore finds
	// this one's rows.
	if _, err := tx.Exec(ctx, `LOCK TABLE `+strings.Join(names, ", ")+` IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return stats, fmt.Errorf("lock tables: %w", err)
	}
	if err := requireEmpty(ctx, tx); err != nil {
		return stats, err
	}
	// The rows are restored exactly as they were: no trigger may change
	// them on the way in. The one table triggers keep (event_search) is
	// rebuilt once at the end, far faster than after every row. Foreign
	// keys are still checked. ALTER TABLE is transactional: on any failure
	// the triggers are back as they were.
	for _, name := range names {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+name+` DISABLE TRIGGER USER`); err != nil {
			return stats, fmt.Errorf("pause the triggers of %s: %w", name, err)
		}
	}
	next := 0
	for {
		sec, ok, err := br.NextTable()
		if err != nil {
			return stats, err
		}
		if !ok {
			break
		}
		i := slices.IndexFunc(backupTables, func(t backupTable) bool { return t.name == sec.Name })
		switch {
		case i < 0:
			return stats, timeline.Errorf(timeline.EINVALID,
				"the backup has a table %q that this version of Annals does not know (was it made by a newer one?)", sec.Name)
		case i < next:
			return stats, timeline.Errorf(timeline.EINVALID,
				"table %s appears twice or out of order in the backup (tables come in the order %s)", sec.Name, tableOrder())
		}
		next = i + 1
		n, err := restoreTable(ctx, tx, br, backupTables[i], sec)
		if err != nil {
			return stats, err
		}
		// Fresh statistics, so the foreign-key checks of the tables that
		// follow and the search rebuild use indexes rather than scans.
		if _, err := tx.Exec(ctx, `ANALYZE `+ident(sec.Name)); err != nil {
			return stats, fmt.Errorf("analyze %s: %w", sec.Name, err)
		}
		stats.Tables = append(stats.Tables, timeline.BackupCount{Table: sec.Name, Rows: n})
	}
	for _, name := range names {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+name+` ENABLE TRIGGER USER`); err != nil {
			return stats, fmt.Errorf("restart the triggers of %s: %w", name, err)
		}
	}
	// What the public sees changed with the paused triggers too: caches
	// must hear of it (migration 00014).
	if _, err := tx.Exec(ctx, `INSERT INTO data_version_marks (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING`); err != nil {
		return stats, fmt.Errorf("bump the data version: %w", err)
	}
	// Each timeline's public state (migration 00016), by the function its
	// triggers call at commit.
	if _, err := tx.Exec(ctx, `INSERT INTO timeline_version_marks (txid, timeline_id)
SELECT txid_current(), id FROM timelines ON CONFLICT DO NOTHING`); err != nil {
		return stats, fmt.Errorf("refresh the timelines' public state: %w", err)
	}
	if err := renderMissingHTML(ctx, tx); err != nil {
		return stats, err
	}
	// The search documents, made by the same function as at every commit.
	if _, err := tx.Exec(ctx, `SELECT refresh_event_search(array(SELECT id FROM events))`); err != nil {
		return stats, fmt.Errorf("rebuild the search index: %w", err)
	}
	if err := resetIdentities(ctx, tx); err != nil {
		return stats, err
	}
	if err := restoreChain(ctx, tx); err != nil {
		return stats, err
	}
	if b, err := verifyArtefacts(ctx, tx); err != nil {
		return stats, err
	} else if b != nil {
		return stats, timeline.Errorf(timeline.EINVALID, "the backup's captures do not verify: %s", b.Error())
	}
	if opt.DryRun {
		return stats, nil
	}
	if err := tx.Commit(ctx); err != nil {
		return stats, fmt.Errorf("commit restore: %w", err)
	}
	return stats, nil
}

func tableOrder() string {
	var names []string
	for _, t := range backupTables {
		names = append(names, t.name)
	}
	return strings.Join(names, ", ")
}

// requireEmpty refuses a database that already holds any backed-up row,
// naming what it found.
func requireEmpty(ctx context.Context, tx pgx.Tx) error {
	var found []string
	for _, t := range backupTables {
		var n int64
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM `+ident(t.name)).Scan(&n); err != nil {
			return fmt.Errorf("count %s: %w", t.name, err)
		}
		if n > 0 {
			found = append(found, timeline.CountOf(n, t.name))
		}
	}
	if len(found) > 0 {
		return timeline.Errorf(timeline.ECONFLICT,
			"restore needs an empty database: found %s. Create a new database, point DATABASE_URL at it and import the backup there",
			strings.Join(found, ", "))
	}
	return nil
}

func restoreTable(ctx context.Context, tx pgx.Tx, br *backup.Reader, t backupTable, sec backup.Table) (int64, error) {
	cols, err := tableColumns(ctx, tx, t.name)
	if err != nil {
		return 0, err
	}
	insertable := map[string]bool{}
	for _, c := range cols {
		insertable[c.name] = !c.generated && !slices.Contains(t.omit, c.name)
	}
	var list []string
	for _, c := range sec.Columns {
		ok, exists := insertable[c]
		switch {
		case !exists:
			return 0, timeline.Errorf(timeline.EINVALID,
				"the backup's table %s has a column %q this database does not have (was it made by a newer Annals?)", t.name, c)
		case !ok:
			return 0, timeline.Errorf(timeline.EINVALID, "the backup's table %s has a column %q that is never restored", t.name, c)
		case slices.Contains(sec.Columns[:slices.Index(sec.Columns, c)], c):
			return 0, timeline.Errorf(timeline.EINVALID, "the backup's table %s names column %q twice", t.name, c)
		}
		list = append(list, ident(c))
	}
	targets, values := slices.Clone(list), slices.Clone(list)
	for i, c := range t.omit {
		targets = append(targets, ident(c))
		values = append(values, t.fill[i])
	}
	// Identifiers come from the catalogue and backupTables; the rows are a
	// parameter.
	sql := `INSERT INTO ` + ident(t.name) + ` (` + strings.Join(targets, ", ") + `) OVERRIDING SYSTEM VALUE
SELECT ` + strings.Join(values, ", ") + ` FROM jsonb_populate_recordset(NULL::` + ident(t.name) + `, $1::jsonb)`
	var batch bytes.Buffer
	var rows, first int64
	flush := func() error {
		if batch.Len() == 0 {
			return nil
		}
		batch.WriteByte(']')
		if _, err := tx.Exec(ctx, sql, batch.String()); err != nil {
			return restoreRefused(err, t.name, first+1, rows)
		}
		batch.Reset()
		return nil
	}
	for {
		row, ok, err := br.NextRow()
		if err != nil {
			return rows, err
		}
		if !ok {
			break
		}
		if len(list) == 0 {
			return rows, timeline.Errorf(timeline.EINVALID, "the backup's table %s has rows but no columns", t.name)
		}
		if batch.Len() == 0 {
			batch.WriteByte('[')
			first = rows
		} else {
			batch.WriteByte(',')
		}
		batch.Write(row)
		rows++
		if rows-first >= restoreBatchRows || batch.Len() >= restoreBatchBytes {
			if err := flush(); err != nil {
				return rows, err
			}
		}
	}
	return rows, flush()
}

// restoreRefused explains a row the database would not take.
func restoreRefused(err error, table string, from, to int64) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (strings.HasPrefix(pgErr.Code, "23") || strings.HasPrefix(pgErr.Code, "22")) {
		msg := pgErr.Message
		if pgErr.Detail != "" {
			msg += " (" + pgErr.Detail + ")"
		}
		return timeline.Errorf(timeline.EINVALID, "the database refused row %d-%d of table %s in the backup: %s", from, to, table, msg)
	}
	return fmt.Errorf("restore %s rows %d-%d: %w", table, from, to, err)
}

// resetIdentities moves each identity sequence past the highest id, so the
// next row made after a restore does not collide with a restored one.
func resetIdentities(ctx context.Context, tx pgx.Tx) error {
	for _, t := range backupTables {
		rows, err := tx.Query(ctx, `
SELECT a.attname FROM pg_attribute a
WHERE a.attrelid = to_regclass($1) AND a.attidentity <> '' AND NOT a.attisdropped`, t.name)
		if err != nil {
			return fmt.Errorf("find identity columns of %s: %w", t.name, err)
		}
		cols, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("find identity columns of %s: %w", t.name, err)
		}
		for _, c := range cols {
			_, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, $2),
  coalesce((SELECT max(`+ident(c)+`) FROM `+ident(t.name)+`), 0) + 1, false)`, t.name, c)
			if err != nil {
				return fmt.Errorf("reset the sequence of %s.%s: %w", t.name, c, err)
			}
		}
	}
	return nil
}

// TablesOutsideBackup lists the tables of the database that are neither
// backed up nor deliberately left out (notBackedUp): each is a decision
// still to make.
func (s *Store) TablesOutsideBackup(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY c.relname`)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	all, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	var out []string
	for _, name := range all {
		_, skipped := notBackedUp[name]
		if !skipped && !slices.ContainsFunc(backupTables, func(t backupTable) bool { return t.name == name }) {
			out = append(out, name)
		}
	}
	return out, nil
}
