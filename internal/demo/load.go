package demo

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"

	"annals/internal/auth"
	"annals/internal/timeline"
)

// The demo's Burmese translations (machine-drafted, to be reviewed by a
// native speaker): the native format carries no translations, so they
// live beside it and are saved and published through the store's normal
// translation path, as a reviewer would.
//
//go:embed myanmar-2021.my.json
var myanmar2021my []byte

// Translations are one language's texts of the demo timeline and some of
// its events (by slug).
type Translations struct {
	Lang     string          `json:"lang"`
	Note     string          `json:"note"`
	Timeline Text            `json:"timeline"`
	Events   map[string]Text `json:"events"`
}

// Text is a translated title and summary.
type Text struct {
	Title   string `json:"title"`
	Summary string `json:"summary"`
}

// BurmeseTranslations returns the demo's Burmese texts.
func BurmeseTranslations() (Translations, error) {
	var t Translations
	if err := json.Unmarshal(myanmar2021my, &t); err != nil {
		return t, fmt.Errorf("decode demo translations: %w", err)
	}
	return t, nil
}

// Store is what loading the demo needs of the database.
type Store interface {
	ImportDocument(ctx context.Context, doc timeline.Document, opt timeline.ImportOptions) (timeline.ImportResult, error)
	TimelineBySlug(ctx context.Context, slug string) (timeline.Timeline, error)
	StaffEventID(ctx context.Context, timelineSlug, eventSlug string) (int64, error)
	SaveTranslation(ctx context.Context, by auth.User, in timeline.TranslationSave) (int, error)
	PublishTranslation(ctx context.Context, by auth.User, a timeline.TranslationAction) (int, error)
}

// Import imports the demo timeline into store, without translations;
// reason is recorded in every revision.
func Import(ctx context.Context, store Store, reason string) (timeline.ImportResult, error) {
	doc, err := Document()
	if err != nil {
		return timeline.ImportResult{}, fmt.Errorf("decode demo: %w", err)
	}
	res, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: reason})
	if err != nil {
		return res, fmt.Errorf("import demo: %w", err)
	}
	return res, nil
}

// Load imports the demo timeline into store and publishes its
// translations; reason is recorded in every revision.
func Load(ctx context.Context, store Store, reason string) (timeline.ImportResult, error) {
	res, err := Import(ctx, store, reason)
	if err != nil {
		return res, err
	}
	doc, err := Document()
	if err != nil {
		return res, fmt.Errorf("decode demo: %w", err)
	}
	tr, err := BurmeseTranslations()
	if err != nil {
		return res, err
	}
	t, err := store.TimelineBySlug(ctx, doc.Timeline.Slug)
	if err != nil {
		return res, err
	}
	if err := publish(ctx, store, timeline.TranslationKey{Of: timeline.OfTimeline, ID: t.ID, Lang: tr.Lang}, tr.Timeline, reason); err != nil {
		return res, err
	}
	slugs := make([]string, 0, len(tr.Events))
	for slug := range tr.Events {
		slugs = append(slugs, slug)
	}
	sort.Strings(slugs) // the same order, so the same revisions, every time
	for _, slug := range slugs {
		id, err := store.StaffEventID(ctx, doc.Timeline.Slug, slug)
		if err != nil {
			return res, fmt.Errorf("demo translation of %q: %w", slug, err)
		}
		if err := publish(ctx, store, timeline.TranslationKey{Of: timeline.OfEvent, ID: id, Lang: tr.Lang}, tr.Events[slug], reason); err != nil {
			return res, fmt.Errorf("demo translation of %q: %w", slug, err)
		}
	}
	return res, nil
}

// publish saves a translation and publishes it. The system, not a person,
// loads the demo, so no reviewer other than the author exists.
func publish(ctx context.Context, store Store, key timeline.TranslationKey, text Text, reason string) error {
	v, err := store.SaveTranslation(ctx, auth.User{}, timeline.TranslationSave{Key: key, Title: text.Title, Summary: text.Summary, Reason: reason})
	if err != nil {
		return fmt.Errorf("save %s translation: %w", key.Lang, err)
	}
	if _, err := store.PublishTranslation(ctx, auth.User{}, timeline.TranslationAction{Key: key, Version: v, Reason: reason, AllowSelfPublish: true}); err != nil {
		return fmt.Errorf("publish %s translation: %w", key.Lang, err)
	}
	return nil
}
