package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"annals/internal/capture"
	"annals/internal/demo"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
)

// TestVerifyCommand: the chain verifies on a fresh database with the demo,
// and `annals verify` names the revision altered with SQL, then the one
// after a row deleted from the middle.
func TestVerifyCommand(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	env := envOf(map[string]string{"DATABASE_URL": url})
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "demo.json")
	if err := os.WriteFile(file, demo.JSON(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"import", file}, env, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"verify"}, env, nil, &out, io.Discard); err != nil {
		t.Fatalf("verify on a fresh database: %v", err)
	}
	if !strings.Contains(out.String(), "the record's chain verifies") || !strings.Contains(out.String(), "head revision") {
		t.Errorf("verify said: %s", out.String())
	}

	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var id, entityID int64
	var reason string
	if err := conn.QueryRow(ctx, `SELECT id, entity_id, reason FROM revisions WHERE entity = 'event' ORDER BY id OFFSET 5 LIMIT 1`).
		Scan(&id, &entityID, &reason); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `UPDATE revisions SET reason = 'x' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	err = run(ctx, []string{"verify"}, env, nil, io.Discard, io.Discard)
	want := "revision " + itoa(id) + " (event " + itoa(entityID) + " v1): content hash does not match: the row was changed after it was written"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("verify after an UPDATE: %v\nwant it to say %q", err, want)
	}

	// Put the reason back: the chain holds again; then remove a row.
	if _, err := conn.Exec(ctx, `UPDATE revisions SET reason = $2 WHERE id = $1`, id, reason); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"verify"}, env, nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("verify after putting the reason back: %v", err)
	}
	if _, err := conn.Exec(ctx, `DELETE FROM revisions WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	err = run(ctx, []string{"verify"}, env, nil, io.Discard, io.Discard)
	want = "revision " + itoa(id+1) + " "
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "does not follow revision "+itoa(id-1)) {
		t.Fatalf("verify after a DELETE: %v\nwant it to name revision %d", err, id+1)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// `annals verify` re-hashes captured artefacts and names one altered with
// SQL behind the trigger's back.
func TestVerifyCommandNamesAlteredCapture(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	env := envOf(map[string]string{"DATABASE_URL": url})
	ctx := context.Background()
	pool, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	store := postgres.NewStore(pool)
	if _, err := pool.Exec(ctx, `INSERT INTO sources (url, title) VALUES ('https://example.org/report', 'Report')`); err != nil {
		t.Fatal(err)
	}
	var sourceID int64
	pool.QueryRow(ctx, `SELECT id FROM sources`).Scan(&sourceID) //nolint:errcheck
	id, err := store.SaveCapture(ctx, capture.Capture{SourceID: sourceID, RequestedURL: "https://example.org/report",
		FinalURL: "https://example.org/report", HTTPStatus: 200, CapturedAt: time.Now(), Software: "test",
		Artefacts: []capture.Artefact{capture.NewArtefact("warc", "application/warc", []byte("WARC/1.1 exchange"))}})
	if err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"verify"}, env, nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("verify before: %v", err)
	}
	if _, err := pool.Exec(ctx, `BEGIN; SET LOCAL session_replication_role = replica;
UPDATE capture_artefacts SET content = convert_to('WARC/1.1 something else', 'UTF8'); COMMIT`); err != nil {
		t.Fatal(err)
	}
	err = run(ctx, []string{"verify"}, env, nil, io.Discard, io.Discard)
	want := "the warc of capture " + itoa(id) + " hashes to "
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("verify after altering the WARC: %v\nwant it to say %q", err, want)
	}
}
