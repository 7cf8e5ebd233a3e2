package timeline

import (
	"encoding/json"
	"fmt"
	"time"
)

// ImportResult counts what an import changed (or, in a dry run, would
// change), with the outcome of each event in the order of the document.
type ImportResult struct {
	EventsCreated, EventsUpdated, EventsUnchanged int
	SourcesCreated, SourcesUpdated                int
	ErasCreated, ErasUpdated                      int
	Events                                        []EventOutcome
	DryRun                                        bool
	// Timeline is what the import does to the timeline itself.
	Timeline TimelineOutcome
	// Renamed lists the events of the file given another slug, because
	// their own belongs to an event on another timeline.
	Renamed []Renamed
	// NewMetrics are the metrics of the file's figures that the metrics
	// list lacked: the import adds them, marked for an editor's review.
	NewMetrics []string
}

// TimelineOutcome is what an import does to its timeline: "create",
// "update" (with the fields it changes) or "unchanged".
type TimelineOutcome struct {
	Slug    string
	Change  string
	Changes []TimelineChange
}

// TimelineChange is one field of an existing timeline that an import
// changes, because the file or the person asked for it.
type TimelineChange struct {
	Field, Old, New string
}

func (c TimelineChange) String() string {
	return fmt.Sprintf("timeline %s: %q -> %q", c.Field, c.Old, c.New)
}

// EventOutcome is what an import does to one event: "create", "update" or
// "unchanged".
type EventOutcome struct {
	Slug   string
	Change string
}

// Outcomes maps each event's slug to its change, for an import report.
func (r ImportResult) Outcomes() map[string]string {
	m := make(map[string]string, len(r.Events))
	for _, e := range r.Events {
		m[e.Slug] = e.Change
	}
	return m
}

func (r ImportResult) String() string {
	return fmt.Sprintf("events: %d created, %d updated, %d unchanged; sources: %d created, %d updated",
		r.EventsCreated, r.EventsUpdated, r.EventsUnchanged, r.SourcesCreated, r.SourcesUpdated)
}

// ImportOptions say who imports and why, for the revisions, and how.
type ImportOptions struct {
	Author string
	// AuthorID is the account importing (0 for the command line): the
	// revisions name it, as edits made in the staff UI do.
	AuthorID int64
	Reason   string
	// DryRun runs the whole import in a transaction and rolls it back: the
	// result says what would be created, updated or left unchanged.
	DryRun bool
	// Drafts creates events new to the database as drafts, and leaves the
	// status of events already in it as it is: importing a spreadsheet never
	// publishes or unpublishes anything. Without it, events get the status
	// the document gives them (annals/v1 files and backups).
	Drafts bool
	// TimelineFields are the fields of doc.Timeline ("title", "summary",
	// "language", "visibility") to set on a timeline that already exists
	// (importer.Report.TimelineFields): given on purpose by the file or the
	// person. Other fields never change an existing timeline; a new one
	// takes them all.
	TimelineFields []string
}

// StagedImport is a file uploaded on /staff/import and kept until its
// uploader confirms the import (or a day passes).
type StagedImport struct {
	ID        int64
	UserID    int64
	Filename  string
	Format    string          // "" to detect it from the file
	Options   json.RawMessage // the upload form's choices, as the web layer writes them
	Data      []byte
	SHA256    string
	CreatedAt time.Time
}

// ImportedEvent is an event an import names, as it is in the database.
type ImportedEvent struct {
	ID     int64
	Slug   string
	Title  string
	Status Status
}
