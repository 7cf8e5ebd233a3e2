// Hooks into package postgres for the tests in package postgres_test.
package postgres

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// EventRecordsForTest returns each event of a timeline as loaded, written
// as a revision record, with the id, for tests in package postgres_test.
func (s *Store) EventRecordsForTest(ctx context.Context, timelineID int64) (map[int64][]byte, []timeline.Event, error) {
	events, err := loadEvents(ctx, s.pool, eventQuery{timelineID: timelineID})
	if err != nil {
		return nil, nil, err
	}
	out := map[int64][]byte{}
	for _, e := range events {
		out[e.ID], _ = json.Marshal(timeline.EventRecordOf(e))
	}
	return out, events, nil
}

// PrivateTablesForTest returns the tables whose writes leave the data
// version alone.
func PrivateTablesForTest() map[string]string { return privateTables }

// RenderMarkdownForTest is RenderMarkdown as if the renderer's version were
// version (what bumping markdown.Version does), batch texts at a time.
func RenderMarkdownForTest(ctx context.Context, db interface {
	Begin(context.Context) (pgx.Tx, error)
}, version, batch int) (int, error) {
	return renderMarkdown(ctx, db, version, batch)
}

// Every table kept out of the data version has a reason, and a decision
// about backups too: it is backed up or left out on purpose (the database
// tests check the schema's tables against both lists; this checks the
// lists against each other, without a database).
func TestPrivateTablesHaveABackupDecision(t *testing.T) {
	backedUp := map[string]bool{}
	for _, bt := range backupTables {
		backedUp[bt.name] = true
	}
	for name, why := range privateTables {
		if why == "" {
			t.Errorf("privateTables[%q] gives no reason", name)
		}
		if _, left := notBackedUp[name]; !left && !backedUp[name] {
			t.Errorf("%s is kept out of the data version but neither backed up nor left out of backups on purpose", name)
		}
	}
}
