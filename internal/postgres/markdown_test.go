package postgres_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"annals/internal/markdown"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// staleHTML lists every text whose stored HTML is not what the renderer
// makes of it now, or was made by another renderer version.
func staleHTML(t *testing.T, store *postgres.Store) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	for _, q := range []string{
		`SELECT 'event ' || id, summary, summary_html, html_version FROM events`,
		`SELECT 'timeline ' || id, summary, summary_html, html_version FROM timelines`,
		`SELECT 'event translation ' || event_id || lang, published_summary, published_summary_html, html_version
		   FROM event_translations WHERE published_summary IS NOT NULL`,
		`SELECT 'timeline translation ' || timeline_id || lang, published_summary, published_summary_html, html_version
		   FROM timeline_translations WHERE published_summary IS NOT NULL`,
	} {
		rows, err := store.Pool().Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name, src string
			var html *string
			var version int
			if err := rows.Scan(&name, &src, &html, &version); err != nil {
				t.Fatal(err)
			}
			switch {
			case html == nil:
				out = append(out, name+": no HTML")
			case *html != markdown.ToHTML(src):
				out = append(out, fmt.Sprintf("%s: HTML %q, a fresh render is %q", name, *html, markdown.ToHTML(src)))
			case version != markdown.Version:
				out = append(out, fmt.Sprintf("%s: renderer version %d, want %d", name, version, markdown.Version))
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func requireFreshHTML(t *testing.T, store *postgres.Store, after string) {
	t.Helper()
	if stale := staleHTML(t, store); len(stale) > 0 {
		t.Fatalf("after %s, %d text(s) have stale HTML, first: %s", after, len(stale), stale[0])
	}
}

// Every writer stores the HTML of what it wrote: imports (the demo), the
// editor, publishing, translations, the timeline's own page, a re-import
// and a restore.
func TestStoredHTMLIsAFreshRenderAfterEveryWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, a, b := setupStaffStore(t)

	doc := loadDemo(t)
	if _, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	requireFreshHTML(t, store, "loading the demo")
	var n int
	if err := store.Pool().QueryRow(ctx, `SELECT count(*) FROM events WHERE summary_html LIKE '%<p>%'`).Scan(&n); err != nil || n < 10 {
		t.Fatalf("%d demo events have rendered HTML (%v); the check above would be empty", n, err)
	}

	// The editor: a new event, then a pending edit of it once published.
	ev := staffEvent("Bago massacre")
	ev.Summary = "Soldiers **killed** at least 82 people."
	id, v, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: ev, Timelines: []string{"tl"}, Submit: true})
	if err != nil {
		t.Fatal(err)
	}
	requireFreshHTML(t, store, "an editor's save")
	if v, err = store.PublishEvent(ctx, b, timeline.EventAction{ID: id, Version: v}); err != nil {
		t.Fatal(err)
	}
	cur, err := store.StaffEvent(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	edit := cur.Work
	edit.Summary = "Soldiers killed at least **82** people, _AAPP_ says."
	if _, _, err = store.SaveEvent(ctx, a, timeline.EventSave{Event: edit, Version: v, Submit: true}); err != nil {
		t.Fatal(err)
	}
	// The pending edit's text stays out of the public read, HTML and all.
	_, pub, err := store.PublicEvent(ctx, "tl", cur.Live.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if want := markdown.ToHTML("Soldiers **killed** at least 82 people."); pub.SummaryHTML != want {
		t.Fatalf("public HTML during a pending edit: %q, want the published %q", pub.SummaryHTML, want)
	}
	requireFreshHTML(t, store, "a pending edit")
	cur, _ = store.StaffEvent(ctx, id)
	if _, err := store.PublishEvent(ctx, b, timeline.EventAction{ID: id, Version: cur.Version}); err != nil {
		t.Fatal(err)
	}
	requireFreshHTML(t, store, "publishing a pending edit")
	_, pub, _ = store.PublicEvent(ctx, "tl", cur.Live.Slug)
	if want := markdown.ToHTML(edit.Summary); pub.SummaryHTML != want {
		t.Fatalf("public HTML after publishing the edit: %q, want %q", pub.SummaryHTML, want)
	}

	// Translations: only the published text has HTML, and it follows it.
	key := timeline.TranslationKey{Of: timeline.OfEvent, ID: id, Lang: "my"}
	tv, err := store.SaveTranslation(ctx, a, timeline.TranslationSave{Key: key, Title: "ပဲခူး", Summary: "စစ်တပ်က **ပဲခူး**"})
	if err != nil {
		t.Fatal(err)
	}
	if tv, err = store.PublishTranslation(ctx, b, timeline.TranslationAction{Key: key, Version: tv}); err != nil {
		t.Fatal(err)
	}
	requireFreshHTML(t, store, "publishing a translation")
	if _, err = store.SaveTranslation(ctx, a, timeline.TranslationSave{Key: key, Title: "ပဲခူး", Summary: "_draft_", Version: tv}); err != nil {
		t.Fatal(err)
	}
	events := []timeline.Event{pub}
	if err := store.TranslateEvents(ctx, "my", "en", events); err != nil {
		t.Fatal(err)
	}
	if want := markdown.ToHTML("စစ်တပ်က **ပဲခူး**"); events[0].SummaryHTML != want {
		t.Fatalf("translated HTML: %q, want the published translation's %q", events[0].SummaryHTML, want)
	}

	// The timeline's own summary, from the staff page.
	if err := store.SaveTimeline(ctx, a, timeline.Timeline{Slug: "tl", Title: "Timeline", Summary: "A *new* summary",
		Language: "en", Visibility: "public"}); err != nil {
		t.Fatal(err)
	}
	requireFreshHTML(t, store, "saving a timeline")

	// A re-import that changes summaries, existing and new events alike.
	doc.Timeline.Summary = "Re-imported *timeline*"
	doc.Events[0].Summary = "Changed by a **re-import**"
	extra := doc.Events[1]
	extra.Slug, extra.Summary = "imported-later", "A _new_ event"
	doc.Events = append(doc.Events, extra)
	if _, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{TimelineFields: []string{"summary"}}); err != nil {
		t.Fatal(err)
	}
	requireFreshHTML(t, store, "a re-import")

	// A restore renders afresh, whatever HTML the backup file might carry.
	var buf bytes.Buffer
	if _, err := store.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte("summary_html")) {
		t.Error("the backup carries rendered HTML")
	}
	dst := postgres.NewStore(pgtest.NewPool(t))
	if _, err := dst.RestoreBackup(ctx, &buf, timeline.RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	requireFreshHTML(t, dst, "a restore")
	if stale := staleHTML(t, dst); count(t, dst, "events") < 10 || len(stale) > 0 {
		t.Fatalf("restored %d events", count(t, dst, "events"))
	}
}

// A statement that changes a text without its HTML cannot leave the old
// HTML behind.
func TestChangedTextLosesItsHTML(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	if _, err := store.ImportDocument(ctx, loadDemo(t), timeline.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var html *string
	err := store.Pool().QueryRow(ctx, `
WITH e AS (SELECT id FROM events ORDER BY id LIMIT 1)
UPDATE events SET summary = 'changed behind the writer''s back' FROM e WHERE events.id = e.id
RETURNING summary_html`).Scan(&html)
	if err != nil {
		t.Fatal(err)
	}
	if html != nil {
		t.Fatalf("the HTML of the old text stayed: %q", *html)
	}
}

// Bumping the renderer's version renders every text again, in batches, and
// RenderMarkdown (run by annals migrate) mends HTML made by an older one.
func TestRendererVersionRendersAgain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, a, b := setupStaffStore(t)
	if _, err := store.ImportDocument(ctx, loadDemo(t), timeline.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	id := publishedStaffEvent(t, store, a, b, "Bago massacre")
	key := timeline.TranslationKey{Of: timeline.OfEvent, ID: id, Lang: "my"}
	tv, err := store.SaveTranslation(ctx, a, timeline.TranslationSave{Key: key, Title: "ပဲခူး", Summary: "စစ်တပ်က **ပဲခူး**"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err = store.PublishTranslation(ctx, b, timeline.TranslationAction{Key: key, Version: tv}); err != nil {
		t.Fatal(err)
	}
	texts := count(t, store, "events") + count(t, store, "timelines") + 1

	n, err := postgres.RenderMarkdownForTest(ctx, store.Pool(), markdown.Version+1, 7)
	if err != nil {
		t.Fatal(err)
	}
	if n != texts {
		t.Fatalf("a new renderer version rendered %d texts, want all %d", n, texts)
	}
	var older int
	if err := store.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM events WHERE html_version <> $1)
  + (SELECT count(*) FROM event_translations WHERE html_version <> $1)`, markdown.Version+1).Scan(&older); err != nil || older != 0 {
		t.Fatalf("%d texts kept an older version (%v)", older, err)
	}

	// Garbage from an older renderer, as after a renderer fix.
	for _, q := range []string{
		`UPDATE events SET summary_html = '<script>garbage</script>', html_version = 0`,
		`UPDATE timelines SET summary_html = 'garbage', html_version = 0`,
		`UPDATE event_translations SET published_summary_html = 'garbage', html_version = 0`,
	} {
		if _, err := store.Pool().Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if n, err = postgres.RenderMarkdown(ctx, store.Pool()); err != nil || n != texts {
		t.Fatalf("rendered %d texts (%v), want %d", n, err, texts)
	}
	requireFreshHTML(t, store, "annals migrate's rendering")
	if n, err = postgres.RenderMarkdown(ctx, store.Pool()); err != nil || n != 0 {
		t.Fatalf("a second run rendered %d texts (%v), want none", n, err)
	}
}
