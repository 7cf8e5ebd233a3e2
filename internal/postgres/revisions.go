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

// revision is one entry of the record's history as the one revision writer
// takes it: who (Author is the account's name, or commandLine; AuthorID the
// account when one is known), why, and the whole record as it now is.
type revision struct {
	Entity   string
	EntityID int64
	Version  int
	Action   string
	Author   string
	AuthorID int64
	Reason   string
	Record   any // marshalled to JSON; json.RawMessage is taken as it is
}

// defaultReason says what a step did, for a revision whose author gave no
// reason (the editor's reason field is optional): every revision has one.
func defaultReason(action string) string { return timeline.RevisionLabel(action) }

// commandLine is the author of changes made with the annals command.
const commandLine = "command line"

// authorOf names the account behind a change; a change with no account
// comes from the command line.
func authorOf(by auth.User) (string, int64) {
	if name := by.DisplayName(); name != "" {
		return name, by.ID
	}
	if by.ID != 0 {
		return fmt.Sprintf("account %d", by.ID), by.ID
	}
	return commandLine, 0
}

// writeRevisions is the one place that writes revision rows: inside the
// caller's transaction, so a change and its revisions land together or not
// at all, and appended to the record's chain (chain.go) under the chain's
// lock, so concurrent writers make one linear chain. Every revision must
// name its author and a reason.
func writeRevisions(ctx context.Context, tx pgx.Tx, revs ...revision) error {
	if len(revs) == 0 {
		return nil
	}
	n := len(revs)
	entity, action, author, reason, record := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	entityID, version, authorID := make([]int64, n), make([]int32, n), make([]*int64, n)
	for i, r := range revs {
		switch {
		case r.Entity == "" || r.Action == "":
			return fmt.Errorf("revision of %s %d: entity and action are required", r.Entity, r.EntityID)
		case strings.TrimSpace(r.Author) == "":
			return fmt.Errorf("revision of %s %d: the author is required", r.Entity, r.EntityID)
		case strings.TrimSpace(r.Reason) == "":
			return fmt.Errorf("revision of %s %d: the reason is required", r.Entity, r.EntityID)
		}
		raw, err := json.Marshal(r.Record)
		if err != nil {
			return fmt.Errorf("encode revision of %s %d: %w", r.Entity, r.EntityID, err)
		}
		entity[i], entityID[i], version[i], action[i], author[i], reason[i], record[i] =
			r.Entity, r.EntityID, int32(r.Version), r.Action, r.Author, r.Reason, string(raw)
		if r.AuthorID != 0 {
			authorID[i] = &r.AuthorID
		}
	}
	head, err := lockChainHead(ctx, tx)
	if err != nil {
		return err
	}
	ids, err := nextIDs(ctx, tx, "revisions", n)
	if err != nil {
		return err
	}
	contents, prevs, chains := make([][]byte, n), make([][]byte, n), make([][]byte, n)
	for i := range revs {
		content, err := contentHash(chainEntry{ID: ids[i], Entity: entity[i], EntityID: entityID[i], Version: int(version[i]),
			Action: action[i], Author: author[i], AuthorID: authorID[i], Reason: reason[i], Record: []byte(record[i]),
			CreatedAt: head.now})
		if err != nil {
			return err
		}
		contents[i], prevs[i] = content, head.hash
		chains[i] = chainHash(head.hash, content)
		head.hash = chains[i]
	}
	// COPY: an import writes tens of thousands of revisions, and COPY
	// stores them a quarter faster than an INSERT of unnested arrays.
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"revisions"}, []string{"id", "entity", "entity_id", "version", "action",
		"author", "author_id", "reason", "record", "created_at", "content_sha256", "prev_sha256", "chain_sha256"},
		pgx.CopyFromSlice(n, func(i int) ([]any, error) {
			return []any{ids[i], entity[i], entityID[i], version[i], action[i], author[i], authorID[i], reason[i], record[i],
				head.now, contents[i], prevs[i], chains[i]}, nil
		})); err != nil {
		if n == 1 {
			return fmt.Errorf("save revision of %s %d: %w", revs[0].Entity, revs[0].EntityID, err)
		}
		return fmt.Errorf("save %d revisions: %w", n, err)
	}
	if _, err := tx.Exec(ctx, `
UPDATE revision_chain_head SET revision_id = $1, chain_sha256 = $2, revisions = revisions + $3, updated_at = $4`,
		ids[n-1], head.hash, n, head.now); err != nil {
		return fmt.Errorf("move the revision chain's head: %w", err)
	}
	// A saved source with a URL is captured (capture.go): queued here, in
	// the same transaction, whichever writer saved it.
	var sources []int64
	for _, r := range revs {
		if r.Entity == "source" && r.Action != "merged_away" {
			sources = append(sources, r.EntityID)
		}
	}
	if len(sources) > 0 {
		return queueCaptures(ctx, tx, sources, revs[0].AuthorID, "cited: "+revs[0].Reason)
	}
	return nil
}

// recordEventRevision stores the event as it now is.
func recordEventRevision(ctx context.Context, tx pgx.Tx, id int64, action string, opt timeline.ImportOptions) error {
	events, err := loadEvents(ctx, tx, eventQuery{ids: []int64{id}})
	if err != nil || len(events) != 1 {
		return fmt.Errorf("reload event %d for its revision: %w", id, err)
	}
	author, authorID := importAuthor(opt)
	return writeRevisions(ctx, tx, revision{Entity: "event", EntityID: id, Version: events[0].Version, Action: action,
		Author: author, AuthorID: authorID, Reason: opt.Reason, Record: timeline.EventRecordOf(events[0])})
}

// importAuthor names who imports: the account, else the command line.
func importAuthor(opt timeline.ImportOptions) (string, int64) {
	if strings.TrimSpace(opt.Author) == "" {
		return authorOf(auth.User{ID: opt.AuthorID})
	}
	return opt.Author, opt.AuthorID
}

// sourceRecordSQL is a source as its revisions keep it, whoever writes
// them: every column but the bookkeeping ones.
const sourceRecordSQL = `to_jsonb(s) - 'created_at' - 'updated_at' - 'updated_by' - 'version' - 'id'`

// sourceRevisions builds the revisions of sources as they now are.
func sourceRevisions(ctx context.Context, tx pgx.Tx, ids []int64, action, author string, authorID int64, reason string) ([]revision, error) {
	rows, err := tx.Query(ctx, `SELECT s.id, s.version, `+sourceRecordSQL+` FROM sources s WHERE s.id = ANY($1) ORDER BY s.id`, ids)
	if err != nil {
		return nil, fmt.Errorf("load sources for their revisions: %w", err)
	}
	var out []revision
	var id int64
	var version int
	var rec json.RawMessage
	if _, err := pgx.ForEachRow(rows, []any{&id, &version, &rec}, func() error {
		out = append(out, revision{Entity: "source", EntityID: id, Version: version, Action: action,
			Author: author, AuthorID: authorID, Reason: reason, Record: slices.Clone(rec)})
		return nil
	}); err != nil {
		return nil, fmt.Errorf("load sources for their revisions: %w", err)
	}
	if len(out) != len(ids) {
		return nil, fmt.Errorf("load sources for their revisions: found %d of %d", len(out), len(ids))
	}
	return out, nil
}

func recordSourceRevision(ctx context.Context, tx pgx.Tx, id int64, action string, opt timeline.ImportOptions) error {
	if action == string(updated) {
		// An import's change is a new version of the source, as an edit is.
		if _, err := tx.Exec(ctx, `UPDATE sources SET version = version + 1 WHERE id = $1`, id); err != nil {
			return fmt.Errorf("bump the version of source %d: %w", id, err)
		}
	}
	author, authorID := importAuthor(opt)
	revs, err := sourceRevisions(ctx, tx, []int64{id}, action, author, authorID, opt.Reason)
	if err != nil {
		return err
	}
	return writeRevisions(ctx, tx, revs...)
}

// EventRevisionCount returns how many revisions an event has.
func (s *Store) EventRevisionCount(ctx context.Context, slug string) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `
SELECT count(*) FROM revisions r JOIN events e ON e.id = r.entity_id AND r.entity = 'event' WHERE e.slug = $1`,
		slug).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count revisions of %q: %w", slug, err)
	}
	return n, nil
}
