package web

import (
	"context"
	"fmt"

	"annals/internal/timeline"
	"annals/views"
)

// Content in the reader's language: published translations of timelines
// and events replace the original text where they exist.

// translateContent shows a public timeline and its events in the reader's
// interface language where a published translation exists; what is not
// translated stays in the original, with TextLang saying which is which.
func (s *Server) translateContent(ctx context.Context, t *timeline.Timeline, events []timeline.Event) error {
	lang := views.Lang(ctx)
	if err := s.store.TranslateTimelines(ctx, lang, t); err != nil {
		return err
	}
	return s.store.TranslateEvents(ctx, lang, t.Language, events)
}

// translateEvent is translateContent for one event.
func (s *Server) translateEvent(ctx context.Context, t *timeline.Timeline, e timeline.Event) (timeline.Event, error) {
	events := []timeline.Event{e}
	if err := s.translateContent(ctx, t, events); err != nil {
		return e, err
	}
	return events[0], nil
}

// translateTimelines shows the home page's timelines in the reader's
// language where a published translation exists.
func (s *Server) translateTimelines(ctx context.Context, list []timeline.TimelineSummary) error {
	ts := make([]*timeline.Timeline, len(list))
	for i := range list {
		ts[i] = &list[i].Timeline
	}
	return s.store.TranslateTimelines(ctx, views.Lang(ctx), ts...)
}

// translateMixed shows each event in the reader's language where it has a
// published translation, as the timeline pages do, for lists drawn from
// several timelines: originals[i] is the language events[i] was written in
// (its timeline's). An untranslated event's TextLang is left empty: the
// timeline's language is only a guess for one event's text (a Burmese entry
// on an English timeline), so callers let the script decide.
func (s *Server) translateMixed(ctx context.Context, events []*timeline.Event, originals []string) error {
	byLang := map[string][]int{}
	for i, original := range originals {
		byLang[original] = append(byLang[original], i)
	}
	for original, idx := range byLang {
		batch := make([]timeline.Event, len(idx))
		for j, i := range idx {
			batch[j] = *events[i]
		}
		if err := s.store.TranslateEvents(ctx, views.Lang(ctx), original, batch); err != nil {
			return fmt.Errorf("translate events written in %q: %w", original, err)
		}
		for j, i := range idx {
			if batch[j].TextLang == original {
				batch[j].TextLang = ""
			}
			*events[i] = batch[j]
		}
	}
	return nil
}

// translateHits is translateMixed for search results.
func (s *Server) translateHits(ctx context.Context, hits []timeline.SearchHit) error {
	events, originals := make([]*timeline.Event, len(hits)), make([]string, len(hits))
	for i := range hits {
		events[i], originals[i] = &hits[i].Event, hits[i].TimelineLang
	}
	return s.translateMixed(ctx, events, originals)
}
