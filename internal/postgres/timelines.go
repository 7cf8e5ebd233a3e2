package postgres

import (
	"context"
	"fmt"

	"annals/internal/timeline"
)

// PublicTimelines lists the public timelines that have at least one
// published event, most recently updated first.
func (s *Store) PublicTimelines(ctx context.Context) ([]timeline.TimelineSummary, error) {
	rows, err := s.read.Query(ctx, `
SELECT t.id, t.slug, t.title, t.summary, t.language, t.visibility, t.updated_at,
       v.event_count, v.first_date, v.last_date
FROM timelines t JOIN timeline_versions v ON v.timeline_id = t.id -- counted at write time (migration 00016)
WHERE t.visibility = 'public' AND v.event_count > 0
ORDER BY t.updated_at DESC, t.id`)
	if err != nil {
		return nil, fmt.Errorf("list timelines: %w", err)
	}
	defer rows.Close()
	var out []timeline.TimelineSummary
	for rows.Next() {
		var ts timeline.TimelineSummary
		t := &ts.Timeline
		var first, last dbDate
		if err := rows.Scan(&t.ID, &t.Slug, &t.Title, &t.Summary, &t.Language, &t.Visibility, &t.UpdatedAt,
			&ts.EventCount, &first.date, &last.date); err != nil {
			return nil, fmt.Errorf("read timeline: %w", err)
		}
		year := string(timeline.PrecisionYear)
		first.precision, last.precision = &year, &year
		ts.First, ts.Last = first.fuzzy(), last.fuzzy()
		out = append(out, ts)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list timelines: %w", err)
	}
	return out, nil
}

// HasTimelines reports whether any timeline exists, public or not.
func (s *Store) HasTimelines(ctx context.Context) (bool, error) {
	var ok bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM timelines)`).Scan(&ok); err != nil {
		return false, fmt.Errorf("count timelines: %w", err)
	}
	return ok, nil
}

// PublicTimeline returns the public timeline slug with its published, public
// events that match f, oldest first. An unknown or internal timeline is
// ENOTFOUND.
func (s *Store) PublicTimeline(ctx context.Context, slug string, f timeline.Filter) (timeline.PublicTimeline, error) {
	var out timeline.PublicTimeline
	t, err := s.publicTimeline(ctx, slug)
	if err != nil {
		return out, err
	}
	out.Timeline = t
	out.Events, err = loadEvents(ctx, s.read, eventQuery{timelineID: t.ID, publicOnly: true, filter: f})
	if err != nil {
		return out, fmt.Errorf("load timeline %q: %w", slug, err)
	}
	return out, s.publicFacets(ctx, &out)
}

// PublicTimelineFacets is PublicTimeline without its events: the timeline
// and the categories and actors its filter form offers.
func (s *Store) PublicTimelineFacets(ctx context.Context, slug string) (timeline.PublicTimeline, error) {
	var out timeline.PublicTimeline
	t, err := s.publicTimeline(ctx, slug)
	if err != nil {
		return out, err
	}
	out.Timeline = t
	return out, s.publicFacets(ctx, &out)
}

// PublicFigureEvents returns the published, public events of a public
// timeline that match f and carry figures, oldest first, each with its
// figures only (no actors, citations or media): what its charts draw,
// without loading the events that have none.
func (s *Store) PublicFigureEvents(ctx context.Context, slug string, f timeline.Filter) ([]timeline.Event, error) {
	t, err := s.publicTimeline(ctx, slug)
	if err != nil {
		return nil, err
	}
	events, err := loadEvents(ctx, s.read, eventQuery{timelineID: t.ID, publicOnly: true, filter: f, withFigures: true})
	if err != nil {
		return nil, fmt.Errorf("load the figures of %q: %w", slug, err)
	}
	return events, nil
}

// publicFacets loads the categories and actors of out's published, public
// events, from the counts kept at write time (migration 00016).
func (s *Store) publicFacets(ctx context.Context, out *timeline.PublicTimeline) error {
	t, slug := out.Timeline, out.Timeline.Slug
	rows, err := s.read.Query(ctx, `
SELECT c.slug, c.name
FROM categories c
WHERE c.id IN (SELECT category_id FROM timeline_period_counts WHERE timeline_id = $1)
ORDER BY c.name`, t.ID)
	if err != nil {
		return fmt.Errorf("load categories of %q: %w", slug, err)
	}
	var c timeline.Category
	for rows.Next() {
		if err := rows.Scan(&c.Slug, &c.Name); err != nil {
			rows.Close()
			return fmt.Errorf("read category: %w", err)
		}
		out.Categories = append(out.Categories, c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load categories of %q: %w", slug, err)
	}
	rows, err = s.read.Query(ctx, `
SELECT a.slug, a.name, a.kind, a.note
FROM timeline_actor_counts ac JOIN actors a ON a.id = ac.actor_id
WHERE ac.timeline_id = $1
ORDER BY a.name`, t.ID)
	if err != nil {
		return fmt.Errorf("load actors of %q: %w", slug, err)
	}
	var a timeline.Actor
	for rows.Next() {
		if err := rows.Scan(&a.Slug, &a.Name, &a.Kind, &a.Note); err != nil {
			rows.Close()
			return fmt.Errorf("read actor: %w", err)
		}
		out.Actors = append(out.Actors, a)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load actors of %q: %w", slug, err)
	}
	return nil
}

// PublicEvent returns a published, public event on a public timeline, or a
// retracted one: its permalink stays, and the page says it was retracted.
func (s *Store) PublicEvent(ctx context.Context, timelineSlug, eventSlug string) (timeline.Timeline, timeline.Event, error) {
	t, err := s.publicTimeline(ctx, timelineSlug)
	if err != nil {
		return t, timeline.Event{}, err
	}
	events, err := loadEvents(ctx, s.read, eventQuery{timelineID: t.ID, slug: eventSlug, publicOnly: true, retracted: true})
	if err != nil {
		return t, timeline.Event{}, fmt.Errorf("load event %q: %w", eventSlug, err)
	}
	if len(events) == 0 {
		return t, timeline.Event{}, timeline.Errorf(timeline.ENOTFOUND, "There is no event %q on this timeline.", eventSlug)
	}
	return t, events[0], nil
}

func (s *Store) publicTimeline(ctx context.Context, slug string) (timeline.Timeline, error) {
	return timelineRow(ctx, s.read, slug, true)
}

// PublicTimelineSummary returns the public timeline slug with the count and
// span of its published, public events, kept at write time (migration
// 00016): one row, whatever the timeline's size.
func (s *Store) PublicTimelineSummary(ctx context.Context, slug string) (timeline.TimelineSummary, error) {
	var ts timeline.TimelineSummary
	t := &ts.Timeline
	var first, last dbDate
	err := s.read.QueryRow(ctx, `
SELECT t.id, t.slug, t.title, t.summary, t.language, t.visibility, t.updated_at,
       coalesce(v.event_count, 0), v.first_date, v.last_date
FROM timelines t LEFT JOIN timeline_versions v ON v.timeline_id = t.id
WHERE t.slug = $1 AND t.visibility = 'public'`, slug).Scan(&t.ID, &t.Slug, &t.Title, &t.Summary, &t.Language,
		&t.Visibility, &t.UpdatedAt, &ts.EventCount, &first.date, &last.date)
	if err != nil {
		return ts, notFound(fmt.Errorf("load timeline %q: %w", slug, err), "There is no timeline %q.", slug)
	}
	year := string(timeline.PrecisionYear)
	first.precision, last.precision = &year, &year
	ts.First, ts.Last = first.fuzzy(), last.fuzzy()
	return ts, nil
}
