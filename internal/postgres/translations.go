package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"annals/internal/auth"
	"annals/internal/timeline"
)

// Content translations: the title and summary of an event or a timeline in
// another language. A translation is public text, so it follows the rule of
// every public change: staff save a text, which waits (status draft) until
// a reviewer other than its authors publishes it. The public reads only the
// published text (published_title, published_summary), which stays as it
// was while a newer text waits. Every save, publication and deletion is a
// revision of the event (or timeline), entity "event_translation" (or
// "timeline_translation"), with the language in the record.

// translationTable is where translations of one kind live. The names are
// constants, never user input.
type translationTable struct {
	table, idColumn, entity string
}

func tableOf(of string) (translationTable, error) {
	switch of {
	case timeline.OfEvent:
		return translationTable{"event_translations", "event_id", "event_translation"}, nil
	case timeline.OfTimeline:
		return translationTable{"timeline_translations", "timeline_id", "timeline_translation"}, nil
	}
	return translationTable{}, timeline.Errorf(timeline.ENOTFOUND, "Only events and timelines can be translated.")
}

// TranslationOriginal returns the language and title of the event or
// timeline as written. An event is written in the language of the
// (oldest) timeline it is on, English when it is on none.
func (s *Store) TranslationOriginal(ctx context.Context, of string, id int64) (lang, title string, err error) {
	return translationOriginal(ctx, s.pool, of, id)
}

func translationOriginal(ctx context.Context, db querier, of string, id int64) (lang, title string, err error) {
	switch of {
	case timeline.OfEvent:
		err = db.QueryRow(ctx, `
SELECT coalesce((SELECT t.language FROM timeline_events te JOIN timelines t ON t.id = te.timeline_id
                 WHERE te.event_id = e.id ORDER BY t.id LIMIT 1), 'en'), e.title
FROM events e WHERE e.id = $1`, id).Scan(&lang, &title)
		err = notFound(err, "There is no event %d.", id)
	case timeline.OfTimeline:
		err = db.QueryRow(ctx, `SELECT language, title FROM timelines WHERE id = $1`, id).Scan(&lang, &title)
		err = notFound(err, "There is no timeline %d.", id)
	default:
		_, err = tableOf(of)
	}
	if err != nil {
		return "", "", fmt.Errorf("find the original of %s %d: %w", of, id, err)
	}
	return lang, title, nil
}

const translationColumns = `x.lang, x.title, x.summary, x.status, x.published_title, x.published_summary, x.version,
       coalesce(nullif(uu.name, ''), uu.email, ''), x.updated_at,
       coalesce(nullif(pu.name, ''), pu.email, ''), coalesce(x.published_at, 'epoch')`

func (t translationTable) selectSQL(where string) string {
	return `SELECT ` + translationColumns + ` FROM ` + t.table + ` x
LEFT JOIN users uu ON uu.id = x.updated_by LEFT JOIN users pu ON pu.id = x.published_by
WHERE x.` + t.idColumn + ` = $1 ` + where + ` ORDER BY x.lang`
}

func scanTranslations(rows pgx.Rows, of string, id int64) ([]timeline.StaffTranslation, error) {
	var out []timeline.StaffTranslation
	var tr timeline.StaffTranslation
	var pubTitle, pubSummary *string
	_, err := pgx.ForEachRow(rows, []any{&tr.Key.Lang, &tr.Text.Title, &tr.Text.Summary, &tr.Status, &pubTitle, &pubSummary,
		&tr.Version, &tr.UpdatedBy, &tr.UpdatedAt, &tr.PublishedBy, &tr.PublishedAt}, func() error {
		t := tr
		t.Key.Of, t.Key.ID, t.Text.Lang = of, id, tr.Key.Lang
		if pubTitle != nil && pubSummary != nil {
			t.Published = &timeline.Translation{Lang: tr.Key.Lang, Title: *pubTitle, Summary: *pubSummary}
		}
		out = append(out, t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read translations of %s %d: %w", of, id, err)
	}
	return out, nil
}

// Translations lists the translations of an event or timeline, by language.
func (s *Store) Translations(ctx context.Context, of string, id int64) ([]timeline.StaffTranslation, error) {
	t, err := tableOf(of)
	if err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, t.selectSQL(""), id)
	if err != nil {
		return nil, fmt.Errorf("load translations of %s %d: %w", of, id, err)
	}
	return scanTranslations(rows, of, id)
}

// Translation loads one translation, with the authors of its waiting text.
func (s *Store) Translation(ctx context.Context, k timeline.TranslationKey) (timeline.StaffTranslation, error) {
	return loadTranslation(ctx, s.pool, k, false)
}

func loadTranslation(ctx context.Context, db querier, k timeline.TranslationKey, lock bool) (timeline.StaffTranslation, error) {
	t, err := tableOf(k.Of)
	if err != nil {
		return timeline.StaffTranslation{}, err
	}
	q := t.selectSQL("AND x.lang = $2")
	if lock {
		q += " FOR UPDATE OF x"
	}
	rows, err := db.Query(ctx, q, k.ID, k.Lang)
	if err != nil {
		return timeline.StaffTranslation{}, fmt.Errorf("load translation of %s %d into %q: %w", k.Of, k.ID, k.Lang, err)
	}
	list, err := scanTranslations(rows, k.Of, k.ID)
	if err != nil {
		return timeline.StaffTranslation{}, err
	}
	if len(list) == 0 {
		return timeline.StaffTranslation{}, timeline.Errorf(timeline.ENOTFOUND, "This %s has no translation into %q.", k.Of, k.Lang)
	}
	out := list[0]
	rows, err = db.Query(ctx, `
SELECT DISTINCT author_id FROM revisions
WHERE entity = $1 AND entity_id = $2 AND record->>'lang' = $3 AND author_id IS NOT NULL AND action = 'translation_save'
  AND id > coalesce((SELECT max(id) FROM revisions WHERE entity = $1 AND entity_id = $2 AND record->>'lang' = $3
                       AND action IN ('translation_publish', 'translation_delete')), 0)`, t.entity, k.ID, k.Lang)
	if err != nil {
		return out, fmt.Errorf("load authors of translation: %w", err)
	}
	if out.Authors, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		return out, fmt.Errorf("read authors of translation: %w", err)
	}
	return out, nil
}

// translationRecord is a translation as a revision keeps it.
type translationRecord struct {
	Lang             string `json:"lang"`
	Title            string `json:"title"`
	Summary          string `json:"summary"`
	Status           string `json:"status"`
	PublishedTitle   string `json:"published_title"`
	PublishedSummary string `json:"published_summary"`
}

func recordOfTranslation(tr timeline.StaffTranslation) translationRecord {
	r := translationRecord{Lang: tr.Key.Lang, Title: tr.Text.Title, Summary: tr.Text.Summary, Status: tr.Status}
	if tr.Published != nil {
		r.PublishedTitle, r.PublishedSummary = tr.Published.Title, tr.Published.Summary
	}
	return r
}

func translationRevision(ctx context.Context, tx pgx.Tx, t translationTable, tr timeline.StaffTranslation, action string, by auth.User, reason string) error {
	if reason == "" {
		reason = "translation into " + tr.Key.Lang
	} else {
		reason = "translation into " + tr.Key.Lang + ": " + reason
	}
	author, authorID := authorOf(by)
	if err := writeRevisions(ctx, tx, revision{Entity: t.entity, EntityID: tr.Key.ID, Version: tr.Version, Action: action,
		Author: author, AuthorID: authorID, Reason: reason, Record: recordOfTranslation(tr)}); err != nil {
		return fmt.Errorf("save revision of translation into %q: %w", tr.Key.Lang, err)
	}
	return nil
}

func translationConflict(lang string, have, base int) error {
	return timeline.Errorf(timeline.ECONFLICT,
		"Someone else changed the %q translation while you were editing it (you started from version %d; it is now at version %d). Nothing was overwritten.",
		lang, base, have)
}

// SaveTranslation saves a translation's text; it waits for review before
// the public sees it (saving the published text again changes nothing
// public). It returns the new version. A stale Version is ECONFLICT; a bad
// language (not a tag, or the original's own), a missing title or a
// translation that already exists when Version is 0 are refused.
func (s *Store) SaveTranslation(ctx context.Context, by auth.User, in timeline.TranslationSave) (int, error) {
	t, err := tableOf(in.Key.Of)
	if err != nil {
		return 0, err
	}
	in.Key.Lang = strings.TrimSpace(in.Key.Lang)
	text := timeline.Translation{Lang: in.Key.Lang, Title: strings.TrimSpace(in.Title), Summary: in.Summary}
	var version int
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		original, _, err := translationOriginal(ctx, tx, in.Key.Of, in.Key.ID)
		if err != nil {
			return err
		}
		p := timeline.NewProblems("")
		p.Merge(text.Validate(original))
		p.AddErr("reason", timeline.ValidateText(in.Reason, false, timeline.MaxNoteLength))
		if err := p.Err(); err != nil {
			return err
		}
		cur, err := loadTranslation(ctx, tx, in.Key, true)
		exists := err == nil
		if err != nil && timeline.ErrorCode(err) != timeline.ENOTFOUND {
			return err
		}
		switch {
		case exists && in.Version == 0:
			return timeline.Errorf(timeline.ECONFLICT, "There is already a translation into %q; open it to change it.", in.Key.Lang)
		case !exists && in.Version != 0:
			return timeline.Errorf(timeline.ECONFLICT, "The translation into %q no longer exists; nothing was saved.", in.Key.Lang)
		case exists && cur.Version != in.Version:
			return translationConflict(in.Key.Lang, cur.Version, in.Version)
		}
		status := timeline.TranslationDraft
		if exists && cur.Published != nil && cur.Published.Title == text.Title && cur.Published.Summary == text.Summary {
			status = timeline.TranslationPublished // back to the public text: nothing waits
		}
		if !exists {
			tag, err := tx.Exec(ctx, `INSERT INTO `+t.table+` (`+t.idColumn+`, lang, title, summary, status, updated_by)
VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, in.Key.ID, in.Key.Lang, text.Title, text.Summary, status, nullID(by.ID))
			if err != nil {
				return fmt.Errorf("save translation: %w", err)
			}
			if tag.RowsAffected() == 0 {
				return timeline.Errorf(timeline.ECONFLICT, "Someone else just added a translation into %q; open it to change it.", in.Key.Lang)
			}
		} else if _, err := tx.Exec(ctx, `UPDATE `+t.table+` SET title = $3, summary = $4, status = $5, updated_by = $6,
  updated_at = now(), version = version + 1 WHERE `+t.idColumn+` = $1 AND lang = $2`,
			in.Key.ID, in.Key.Lang, text.Title, text.Summary, status, nullID(by.ID)); err != nil {
			return fmt.Errorf("save translation: %w", err)
		}
		saved, err := loadTranslation(ctx, tx, in.Key, false)
		if err != nil {
			return err
		}
		version = saved.Version
		return translationRevision(ctx, tx, t, saved, "translation_save", by, in.Reason)
	})
	if err != nil {
		return 0, constraintError(err)
	}
	return version, nil
}

// translationAction locks the translation, checks the version and runs fn.
func (s *Store) translationAction(ctx context.Context, a timeline.TranslationAction, fn func(pgx.Tx, translationTable, timeline.StaffTranslation) error) error {
	t, err := tableOf(a.Key.Of)
	if err != nil {
		return err
	}
	if err := timeline.ValidateText(a.Reason, false, timeline.MaxNoteLength); err != nil {
		return &timeline.ValidationError{Problems: []timeline.Problem{{Field: "reason", Message: err.Error()}}}
	}
	return constraintError(s.withTx(ctx, func(tx pgx.Tx) error {
		cur, err := loadTranslation(ctx, tx, a.Key, true)
		if err != nil {
			return err
		}
		if cur.Version != a.Version {
			return translationConflict(a.Key.Lang, cur.Version, a.Version)
		}
		return fn(tx, t, cur)
	}))
}

// PublishTranslation makes the waiting text of a translation public. By
// default an author of that text may not publish it (EFORBIDDEN).
func (s *Store) PublishTranslation(ctx context.Context, by auth.User, a timeline.TranslationAction) (int, error) {
	var version int
	err := s.translationAction(ctx, a, func(tx pgx.Tx, t translationTable, cur timeline.StaffTranslation) error {
		if cur.Status != timeline.TranslationDraft {
			return timeline.Errorf(timeline.ECONFLICT, "The translation into %q has no text waiting to be published.", a.Key.Lang)
		}
		if !a.AllowSelfPublish && containsID(cur.Authors, by.ID) {
			return timeline.Errorf(timeline.EFORBIDDEN, "You wrote part of this translation, so another reviewer must publish it.")
		}
		original, _, err := translationOriginal(ctx, tx, a.Key.Of, a.Key.ID)
		if err != nil {
			return err
		}
		if err := cur.Text.Validate(original); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE `+t.table+` SET published_title = title, published_summary = summary,
  status = 'published', published_by = $3, published_at = now(), version = version + 1
WHERE `+t.idColumn+` = $1 AND lang = $2`, a.Key.ID, a.Key.Lang, nullID(by.ID)); err != nil {
			return fmt.Errorf("publish translation: %w", err)
		}
		saved, err := loadTranslation(ctx, tx, a.Key, false)
		if err != nil {
			return err
		}
		version = saved.Version
		return translationRevision(ctx, tx, t, saved, "translation_publish", by, a.Reason)
	})
	return version, err
}

// DeleteTranslation deletes a translation, its published text included; its
// revisions stay, ending with the deletion.
func (s *Store) DeleteTranslation(ctx context.Context, by auth.User, a timeline.TranslationAction) error {
	return s.translationAction(ctx, a, func(tx pgx.Tx, t translationTable, cur timeline.StaffTranslation) error {
		cur.Version++
		if err := translationRevision(ctx, tx, t, cur, "translation_delete", by, a.Reason); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM `+t.table+` WHERE `+t.idColumn+` = $1 AND lang = $2`, a.Key.ID, a.Key.Lang); err != nil {
			return fmt.Errorf("delete translation: %w", err)
		}
		return nil
	})
}

// publishedTranslations returns the published texts in lang of the given
// events or timelines, by id.
func publishedTranslations(ctx context.Context, db querier, of, lang string, ids []int64) (map[int64]timeline.Translation, error) {
	out := map[int64]timeline.Translation{}
	if len(ids) == 0 || lang == "" {
		return out, nil
	}
	t, err := tableOf(of)
	if err != nil {
		return nil, err
	}
	rows, err := db.Query(ctx, `SELECT `+t.idColumn+`, published_title, published_summary, coalesce(published_summary_html, '') FROM `+t.table+`
WHERE lang = $1 AND `+t.idColumn+` = ANY($2) AND published_title IS NOT NULL`, lang, ids)
	if err != nil {
		return nil, fmt.Errorf("load %s translations into %q: %w", of, lang, err)
	}
	var id int64
	var tr timeline.Translation
	if _, err := pgx.ForEachRow(rows, []any{&id, &tr.Title, &tr.Summary, &tr.SummaryHTML}, func() error {
		tr.Lang = lang
		out[id] = tr
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read %s translations into %q: %w", of, lang, err)
	}
	return out, nil
}

// TranslateEvents puts the published translation into lang of each event
// in place of its title and summary, where there is one, and records in
// TextLang and OriginalLang which language each is shown in. original is
// the language the events were written in (their timeline's). Only
// published text is ever read; pass only events the reader may see.
func (s *Store) TranslateEvents(ctx context.Context, lang, original string, events []timeline.Event) error {
	ids := make([]int64, 0, len(events))
	for _, e := range events {
		ids = append(ids, e.ID)
	}
	var found map[int64]timeline.Translation
	if !timeline.SameLanguage(lang, original) {
		var err error
		if found, err = publishedTranslations(ctx, s.read, timeline.OfEvent, lang, ids); err != nil {
			return err
		}
	}
	for i := range events {
		e := &events[i]
		e.OriginalLang, e.TextLang = original, original
		if tr, ok := found[e.ID]; ok {
			e.Title, e.Summary, e.SummaryHTML, e.TextLang = tr.Title, tr.Summary, tr.SummaryHTML, tr.Lang
		}
	}
	return nil
}

// TranslateTimelines is TranslateEvents for timelines: each is shown in
// its published translation into lang where there is one, and TextLang
// says which language it is shown in.
func (s *Store) TranslateTimelines(ctx context.Context, lang string, timelines ...*timeline.Timeline) error {
	ids := make([]int64, 0, len(timelines))
	for _, t := range timelines {
		if !timeline.SameLanguage(lang, t.Language) {
			ids = append(ids, t.ID)
		}
	}
	found, err := publishedTranslations(ctx, s.read, timeline.OfTimeline, lang, ids)
	if err != nil {
		return err
	}
	for _, t := range timelines {
		t.TextLang = t.Language
		if tr, ok := found[t.ID]; ok {
			t.Title, t.Summary, t.SummaryHTML, t.TextLang = tr.Title, tr.Summary, tr.SummaryHTML, tr.Lang
		}
	}
	return nil
}

// TimelineBySlug loads a timeline, public or not, for staff.
func (s *Store) TimelineBySlug(ctx context.Context, slug string) (timeline.Timeline, error) {
	var t timeline.Timeline
	err := s.pool.QueryRow(ctx, `SELECT id, slug, title, summary, language, visibility, updated_at FROM timelines WHERE slug = $1`, slug).
		Scan(&t.ID, &t.Slug, &t.Title, &t.Summary, &t.Language, &t.Visibility, &t.UpdatedAt)
	if err != nil {
		return t, notFound(fmt.Errorf("load timeline %q: %w", slug, err), "There is no timeline %q.", slug)
	}
	return t, nil
}
