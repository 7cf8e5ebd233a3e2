package postgres

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// The record's chain. Every revision stores three SHA-256 hashes:
//
//	content_sha256 = SHA-256(canonical content of the revision)
//	prev_sha256    = chain_sha256 of the revision before it in id order
//	                 (32 zero bytes for the first revision of the database)
//	chain_sha256   = SHA-256(prev_sha256 || content_sha256), 64 bytes in
//
// The canonical content is one JSON object with exactly these keys, written
// in this (sorted) order, with no whitespace:
//
//	{"action":…,"author":…,"author_id":N or null,"created_at":"…","entity":…,
//	 "entity_id":N,"reason":…,"record":…,"version":N}
//
// created_at is UTC with six fractional digits ("2006-01-02T15:04:05.000000Z",
// PostgreSQL keeps microseconds). record is the stored JSON made canonical:
// object keys sorted by their UTF-8 bytes, no whitespace, strings with only
// '"', '\' and control characters escaped (\b \t \n \f \r, else \u00xx),
// integers in plain decimal, other numbers in Go's shortest 'g' form of the
// float64 they parse to, true/false/null as such. The same encoding applies
// to the outer object. Anyone holding a backup can recompute every hash.

// zeroHash is the prev_sha256 of a database's first revision.
var zeroHash = make([]byte, sha256.Size)

// chainEntry is a revision's hashed content.
type chainEntry struct {
	ID        int64
	Entity    string
	EntityID  int64
	Version   int
	Action    string
	Author    string
	AuthorID  *int64
	Reason    string
	Record    []byte // JSON, in any formatting
	CreatedAt time.Time
}

// contentHash is SHA-256 of the entry's canonical content.
func contentHash(e chainEntry) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"action":`)
	canonicalString(&b, e.Action)
	b.WriteString(`,"author":`)
	canonicalString(&b, e.Author)
	b.WriteString(`,"author_id":`)
	if e.AuthorID == nil {
		b.WriteString("null")
	} else {
		b.WriteString(strconv.FormatInt(*e.AuthorID, 10))
	}
	b.WriteString(`,"created_at":`)
	canonicalString(&b, e.CreatedAt.UTC().Format("2006-01-02T15:04:05.000000Z"))
	b.WriteString(`,"entity":`)
	canonicalString(&b, e.Entity)
	b.WriteString(`,"entity_id":`)
	b.WriteString(strconv.FormatInt(e.EntityID, 10))
	b.WriteString(`,"reason":`)
	canonicalString(&b, e.Reason)
	b.WriteString(`,"record":`)
	if err := canonicalJSON(&b, e.Record); err != nil {
		return nil, fmt.Errorf("canonical record of revision %d: %w", e.ID, err)
	}
	b.WriteString(`,"version":`)
	b.WriteString(strconv.Itoa(e.Version))
	b.WriteByte('}')
	sum := sha256.Sum256(b.Bytes())
	return sum[:], nil
}

// chainHash links a revision's content to the chain before it.
func chainHash(prev, content []byte) []byte {
	h := sha256.New()
	h.Write(prev)
	h.Write(content)
	return h.Sum(nil)
}

// canonicalJSON writes the JSON text raw in the canonical form above.
func canonicalJSON(b *bytes.Buffer, raw []byte) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return err
	}
	return canonicalValue(b, v)
}

func canonicalValue(b *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case string:
		canonicalString(b, v)
	case json.Number:
		if i, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			b.WriteString(strconv.FormatInt(i, 10))
			return nil
		}
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return fmt.Errorf("number %s: %w", v, err)
		}
		b.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
	case []any:
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := canonicalValue(b, x); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys) // Go compares strings by their bytes
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			canonicalString(b, k)
			b.WriteByte(':')
			if err := canonicalValue(b, v[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	default:
		return fmt.Errorf("unexpected JSON value %T", v)
	}
	return nil
}

func canonicalString(b *bytes.Buffer, s string) {
	const hexDigits = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte(hexDigits[r>>4])
			b.WriteByte(hexDigits[r&0xf])
		default:
			b.WriteRune(r) // invalid UTF-8 becomes U+FFFD, as encoding/json decodes it
		}
		i += size
	}
	b.WriteByte('"')
}

// chainHead is the head row as the writer holds it.
type chainHead struct {
	id    int64
	hash  []byte
	count int64
	now   time.Time
}

// lockChainHead locks the chain's head for the rest of tx, sealing the chain
// first if this database has revisions from before it had one.
func lockChainHead(ctx context.Context, tx pgx.Tx) (chainHead, error) {
	var h chainHead
	var sealed bool
	err := tx.QueryRow(ctx, `
SELECT revision_id, chain_sha256, revisions, sealed_at IS NOT NULL, now() FROM revision_chain_head FOR UPDATE`).
		Scan(&h.id, &h.hash, &h.count, &sealed, &h.now)
	if err != nil {
		return h, fmt.Errorf("lock the revision chain: %w", err)
	}
	if sealed {
		return h, nil
	}
	return sealChain(ctx, tx, h)
}

// sealChain hashes, in id order, the revisions written before the chain
// existed (after a migration or a restore of an older backup), and marks
// the chain sealed: from then on only the revision writer adds to it.
func sealChain(ctx context.Context, tx pgx.Tx, h chainHead) (chainHead, error) {
	var ids []int64
	var contents, prevs, chains [][]byte
	rows, err := tx.Query(ctx, `SELECT `+chainColumns+` FROM revisions WHERE id > $1 ORDER BY id`, h.id)
	if err != nil {
		return h, fmt.Errorf("read revisions to seal: %w", err)
	}
	var e chainEntry
	var stored storedHashes
	if _, err := pgx.ForEachRow(rows, chainScan(&e, &stored), func() error {
		content, err := contentHash(e)
		if err != nil {
			return err
		}
		chain := chainHash(h.hash, content)
		ids, contents, prevs, chains = append(ids, e.ID), append(contents, content), append(prevs, h.hash), append(chains, chain)
		h.id, h.hash, h.count = e.ID, chain, h.count+1
		return nil
	}); err != nil {
		return h, fmt.Errorf("hash revisions to seal: %w", err)
	}
	if len(ids) > 0 {
		if _, err := tx.Exec(ctx, `
UPDATE revisions r SET content_sha256 = u.content, prev_sha256 = u.prev, chain_sha256 = u.chain
FROM unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::bytea[]) AS u(id, content, prev, chain)
WHERE r.id = u.id`, ids, contents, prevs, chains); err != nil {
			return h, fmt.Errorf("seal revisions: %w", err)
		}
	}
	if _, err := tx.Exec(ctx, `
UPDATE revision_chain_head SET revision_id = $1, chain_sha256 = $2, revisions = $3, sealed_at = now(), updated_at = now()`,
		h.id, h.hash, h.count); err != nil {
		return h, fmt.Errorf("seal the revision chain: %w", err)
	}
	return h, nil
}

// SealChain hashes the revisions of a database that has none hashed yet
// (the first start after the chain's migration); a sealed chain is left as
// it is.
func SealChain(ctx context.Context, db interface {
	Begin(context.Context) (pgx.Tx, error)
}) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin sealing the revision chain: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	if _, err := lockChainHead(ctx, tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit the sealed revision chain: %w", err)
	}
	return nil
}

const chainColumns = `id, entity, entity_id, version, action, author, author_id, reason, record::text, created_at,
  content_sha256, prev_sha256, chain_sha256`

type storedHashes struct{ content, prev, chain []byte }

func chainScan(e *chainEntry, s *storedHashes) []any {
	if s == nil {
		s = new(storedHashes)
	}
	return []any{&e.ID, &e.Entity, &e.EntityID, &e.Version, &e.Action, &e.Author, &e.AuthorID, &e.Reason,
		&e.Record, &e.CreatedAt, &s.content, &s.prev, &s.chain}
}

// verifyChain walks every revision in id order from the first, recomputing
// each hash, and stops at the first that does not hold. It then checks the
// head row names the last revision, so revisions cut off the end show too.
func verifyChain(ctx context.Context, q querier) (timeline.ChainStatus, error) {
	start := time.Now()
	var st timeline.ChainStatus
	var headID, headCount int64
	var headHash []byte
	var sealed bool
	if err := q.QueryRow(ctx, `SELECT revision_id, chain_sha256, revisions, sealed_at IS NOT NULL FROM revision_chain_head`).
		Scan(&headID, &headHash, &headCount, &sealed); err != nil {
		return st, fmt.Errorf("read the chain's head: %w", err)
	}
	prev := zeroHash
	st.Head = hex.EncodeToString(prev)
	rows, err := q.Query(ctx, `SELECT `+chainColumns+` FROM revisions ORDER BY id`)
	if err != nil {
		return st, fmt.Errorf("read revisions: %w", err)
	}
	defer rows.Close()
	var e chainEntry
	var s storedHashes
	fail := func(problem string) {
		st.Break = &timeline.ChainBreak{RevisionID: e.ID, Entity: e.Entity, EntityID: e.EntityID, Version: e.Version, Problem: problem}
	}
	for rows.Next() {
		if err := rows.Scan(chainScan(&e, &s)...); err != nil {
			return st, fmt.Errorf("read revisions: %w", err)
		}
		content, err := contentHash(e)
		if err != nil {
			fail("its record is not valid JSON: the row was changed after it was written")
			break
		}
		switch {
		case s.content == nil:
			if !sealed {
				fail("it has no hash yet: the chain has not been sealed (run annals migrate)")
			} else {
				fail("it has no hash: it was added outside the revision writer")
			}
		case !bytes.Equal(s.content, content):
			fail("content hash does not match: the row was changed after it was written")
		case !bytes.Equal(s.prev, prev):
			fail(fmt.Sprintf("it does not follow revision %d: a revision before it was removed or changed", st.HeadID))
		case !bytes.Equal(s.chain, chainHash(prev, content)):
			fail("chain hash does not match: its hashes were changed after it was written")
		}
		if st.Break != nil {
			break
		}
		prev = s.chain
		st.Revisions++
		st.HeadID, st.Head = e.ID, hex.EncodeToString(prev)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("read revisions: %w", err)
	}
	if st.Break == nil && sealed && (headID != st.HeadID || !bytes.Equal(headHash, prev) || headCount != st.Revisions) {
		st.Break = &timeline.ChainBreak{RevisionID: headID, Problem: fmt.Sprintf(
			"the chain's head names revision %d of %d but the last revision is %d of %d: revisions were removed from the end",
			headID, headCount, st.HeadID, st.Revisions)}
	}
	// The captures' bytes are held to the hashes their revisions keep.
	if st.Break == nil {
		b, err := verifyArtefacts(ctx, q)
		if err != nil {
			return st, err
		}
		st.Break = b
	}
	st.Seconds = time.Since(start).Seconds()
	return st, nil
}

// VerifyChain walks the whole chain in one snapshot and records the outcome
// (who asked, when, the head reached) for the admin page. A chain that does
// not hold is a ChainStatus with Break set, not an error.
func (s *Store) VerifyChain(ctx context.Context, by string) (timeline.ChainStatus, error) {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return timeline.ChainStatus{}, fmt.Errorf("begin verifying the chain: %w", err)
	}
	st, err := verifyChain(ctx, tx)
	tx.Rollback(ctx) //nolint:errcheck // read-only
	if err != nil {
		return st, err
	}
	problem := ""
	if st.Break != nil {
		problem = st.Break.Error()
	}
	head, _ := hex.DecodeString(st.Head)
	if _, err := s.pool.Exec(ctx, `
INSERT INTO chain_verifications (verified_by, ok, revisions, head_id, head_sha256, problem, seconds)
VALUES ($1, $2, $3, $4, $5, $6, $7)`, by, st.OK(), st.Revisions, st.HeadID, head, problem, st.Seconds); err != nil {
		return st, fmt.Errorf("record the chain's verification: %w", err)
	}
	return st, nil
}

// ChainHead returns the chain's head: its revision, hash and count, and At,
// when that revision was written. At is the record's time, not the
// request's, so an export made twice of an unchanged record is the same
// bytes (and the same ETag).
func (s *Store) ChainHead(ctx context.Context) (timeline.ChainHead, error) {
	return readChainHead(ctx, s.pool)
}

// readChainHead reads the chain's head from db (a pool, or a transaction's
// snapshot).
func readChainHead(ctx context.Context, db querier) (timeline.ChainHead, error) {
	var h timeline.ChainHead
	var hash []byte
	if err := db.QueryRow(ctx, `
SELECT h.revision_id, h.chain_sha256, h.revisions, coalesce(r.created_at, h.updated_at)
FROM revision_chain_head h LEFT JOIN revisions r ON r.id = h.revision_id`).
		Scan(&h.Revision, &hash, &h.Revisions, &h.At); err != nil {
		return h, fmt.Errorf("read the chain's head: %w", err)
	}
	h.SHA256 = hex.EncodeToString(hash)
	return h, nil
}

// LastVerification returns the latest walk of the chain; ok is false when
// it has never been verified.
func (s *Store) LastVerification(ctx context.Context) (timeline.Verification, bool, error) {
	var v timeline.Verification
	var head []byte
	err := s.pool.QueryRow(ctx, `
SELECT verified_at, verified_by, ok, revisions, head_id, head_sha256, problem, seconds
FROM chain_verifications ORDER BY id DESC LIMIT 1`).
		Scan(&v.At, &v.By, &v.OK, &v.Revisions, &v.HeadID, &head, &v.Problem, &v.Seconds)
	if errors.Is(err, pgx.ErrNoRows) {
		return v, false, nil
	}
	if err != nil {
		return v, false, fmt.Errorf("read the last verification of the chain: %w", err)
	}
	v.HeadSHA256 = hex.EncodeToString(head)
	return v, true, nil
}

// restoreChain checks the chain of revisions just restored and makes the
// last one the head. A backup from before the chain (no revision hashed) is
// sealed as it is; a backup whose chain does not verify is refused, naming
// the first revision that does not hold.
func restoreChain(ctx context.Context, tx pgx.Tx) error {
	var hashed, unhashed int64
	if err := tx.QueryRow(ctx, `
SELECT count(*) FILTER (WHERE content_sha256 IS NOT NULL), count(*) FILTER (WHERE content_sha256 IS NULL) FROM revisions`).
		Scan(&hashed, &unhashed); err != nil {
		return fmt.Errorf("count restored revisions: %w", err)
	}
	if hashed == 0 {
		if _, err := tx.Exec(ctx, `
UPDATE revision_chain_head SET revision_id = 0, chain_sha256 = $1, revisions = 0, sealed_at = NULL, updated_at = now()`, zeroHash); err != nil {
			return fmt.Errorf("reset the revision chain: %w", err)
		}
		_, err := lockChainHead(ctx, tx)
		return err
	}
	// The head is set from the rows first, so the walk below compares the
	// chain with itself; any break shows as the first revision that fails.
	if _, err := tx.Exec(ctx, `
UPDATE revision_chain_head h SET revision_id = coalesce(r.id, 0), chain_sha256 = coalesce(r.chain_sha256, $1),
  revisions = (SELECT count(*) FROM revisions), sealed_at = now(), updated_at = now()
FROM (SELECT 1) one LEFT JOIN (SELECT id, chain_sha256 FROM revisions ORDER BY id DESC LIMIT 1) r ON true`, zeroHash); err != nil {
		return fmt.Errorf("set the revision chain's head: %w", err)
	}
	st, err := verifyChain(ctx, tx)
	if err != nil {
		return err
	}
	if st.Break != nil {
		return timeline.Errorf(timeline.EINVALID, "the backup's record chain does not verify: %s", st.Break.Error())
	}
	return nil
}
