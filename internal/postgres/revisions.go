package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// eventRecord is the whole event as a revision keeps it: plain JSON with
// stable names, so history can be read and compared field by field.
type eventRecord struct {
	Slug       string           `json:"slug"`
	Title      string           `json:"title"`
	Summary    string           `json:"summary"`
	Start      string           `json:"start"`
	End        string           `json:"end,omitempty"`
	StartTime  string           `json:"start_time,omitempty"`
	EndTime    string           `json:"end_time,omitempty"`
	Category   string           `json:"category"`
	Place      timeline.Place   `json:"place"`
	Status     timeline.Status  `json:"status"`
	Visibility string           `json:"visibility"`
	Actors     []actorRecord    `json:"actors"`
	Citations  []citationRecord `json:"sources"`
	Figures    []figureRecord   `json:"figures"`
	// Pending marks a proposed edit of a published event, not yet public.
	Pending bool `json:"pending,omitempty"`
}

type actorRecord struct {
	Actor string `json:"actor"`
	Role  string `json:"role,omitempty"`
}

type citationRecord struct {
	SourceID int64  `json:"source_id"`
	Title    string `json:"title"`
	Locator  string `json:"locator,omitempty"`
	Note     string `json:"note,omitempty"`
}

type figureRecord struct {
	ID          int64  `json:"id"`
	Metric      string `json:"metric"`
	Value       int64  `json:"value"`
	Qualifier   string `json:"qualifier"`
	Scope       string `json:"scope"`
	AsOf        string `json:"as_of"`
	SourceID    int64  `json:"source_id"`
	Attribution string `json:"attribution,omitempty"`
	Note        string `json:"note,omitempty"`
}

func recordOf(e timeline.Event) eventRecord {
	r := eventRecord{
		Slug: e.Slug, Title: e.Title, Summary: e.Summary, Start: e.When.Start.String(), End: e.When.End.String(),
		StartTime: e.When.StartTime.String(), EndTime: e.When.EndTime.String(),
		Category: e.Category.Slug, Place: e.Place, Status: e.Status, Visibility: string(e.Visibility),
		Actors: []actorRecord{}, Citations: []citationRecord{}, Figures: []figureRecord{},
	}
	for _, a := range e.Actors {
		r.Actors = append(r.Actors, actorRecord{Actor: a.Actor.Slug, Role: a.Role})
	}
	for _, c := range e.Citations {
		r.Citations = append(r.Citations, citationRecord{SourceID: c.Source.ID, Title: c.Source.Title, Locator: c.Locator, Note: c.Note})
	}
	for _, f := range e.Figures {
		r.Figures = append(r.Figures, figureRecord{ID: f.ID, Metric: f.Metric, Value: f.Value, Qualifier: string(f.Qualifier),
			Scope: string(f.Scope), AsOf: f.AsOf.String(), SourceID: f.Source.ID, Attribution: f.Attribution, Note: f.Note})
	}
	return r
}

// recordEventRevision stores the event as it now is, inside the transaction
// that changed it, so a change and its revision land together or not at all.
func recordEventRevision(ctx context.Context, tx pgx.Tx, id int64, action string, opt ImportOptions) error {
	events, err := loadEvents(ctx, tx, eventQuery{ids: []int64{id}})
	if err != nil || len(events) != 1 {
		return fmt.Errorf("reload event %d for its revision: %w", id, err)
	}
	record, err := json.Marshal(recordOf(events[0]))
	if err != nil {
		return fmt.Errorf("encode revision: %w", err)
	}
	_, err = tx.Exec(ctx, `
INSERT INTO revisions (entity, entity_id, version, action, author, author_id, reason, record)
VALUES ('event', $1, $2, $3, $4, $7, $5, $6)`, id, events[0].Version, action, opt.Author, opt.Reason, record, nullID(opt.AuthorID))
	if err != nil {
		return fmt.Errorf("save revision of event %d: %w", id, err)
	}
	return nil
}

func recordSourceRevision(ctx context.Context, tx pgx.Tx, id int64, action string, opt ImportOptions) error {
	_, err := tx.Exec(ctx, `
INSERT INTO revisions (entity, entity_id, version, action, author, reason, record)
SELECT 'source', s.id, (SELECT count(*) + 1 FROM revisions r WHERE r.entity = 'source' AND r.entity_id = s.id),
       $2, $3, $4, to_jsonb(s) - 'created_at' - 'updated_at'
FROM sources s WHERE s.id = $1`, id, action, opt.Author, opt.Reason)
	if err != nil {
		return fmt.Errorf("save revision of source %d: %w", id, err)
	}
	return nil
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
