package postgres_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"annals/internal/auth"
	"annals/internal/postgres"
	"annals/internal/timeline"
)

// publishedStaffEvent saves, submits and publishes an event on timeline
// "tl" (English) and returns its id.
func publishedStaffEvent(t *testing.T, store *postgres.Store, a, b auth.User, title string) int64 {
	t.Helper()
	ctx := context.Background()
	id, v, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: staffEvent(title), Timelines: []string{"tl"}, Submit: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.PublishEvent(ctx, b, timeline.EventAction{ID: id, Version: v}); err != nil {
		t.Fatal(err)
	}
	return id
}

func problemFields(err error) []string {
	var out []string
	if v, ok := err.(*timeline.ValidationError); ok {
		for _, p := range v.Problems {
			out = append(out, p.Field+": "+p.Message)
		}
	}
	return out
}

// A saved translation waits for review; publishing it makes it public; a
// later edit waits while the published text stays public; every step is a
// revision in the event's history.
func TestTranslationWorkflow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, a, b := setupStaffStore(t)
	id := publishedStaffEvent(t, store, a, b, "Bago massacre")
	key := timeline.TranslationKey{Of: timeline.OfEvent, ID: id, Lang: "my"}
	const title1, summary1 = "ပဲခူး အစုလိုက်အပြုံလိုက် သတ်ဖြတ်မှု", "စစ်တပ်က **ပဲခူး** မြို့တွင်"
	v, err := store.SaveTranslation(ctx, a, timeline.TranslationSave{Key: key, Title: title1, Summary: summary1})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := store.Translation(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Status != timeline.TranslationDraft || tr.Published != nil || tr.Text.Title != title1 || tr.Version != v {
		t.Fatalf("saved translation: %+v", tr)
	}
	// The public does not see a draft.
	tl, ev, err := store.PublicEvent(ctx, "tl", "bago-massacre")
	if err != nil {
		t.Fatal(err)
	}
	events := []timeline.Event{ev}
	if err := store.TranslateEvents(ctx, "my", tl.Language, events); err != nil {
		t.Fatal(err)
	}
	if events[0].Title != "Bago massacre" || events[0].TextLang != "en" || events[0].OriginalLang != "en" {
		t.Fatalf("draft translation reached the public read: %q in %q", events[0].Title, events[0].TextLang)
	}
	// Its author may not publish it; another reviewer may.
	if _, err := store.PublishTranslation(ctx, a, timeline.TranslationAction{Key: key, Version: v}); timeline.ErrorCode(err) != timeline.EFORBIDDEN {
		t.Fatalf("author publishing own translation: %v, want forbidden", err)
	}
	if v, err = store.PublishTranslation(ctx, b, timeline.TranslationAction{Key: key, Version: v}); err != nil {
		t.Fatal(err)
	}
	events = []timeline.Event{ev}
	if err := store.TranslateEvents(ctx, "my", tl.Language, events); err != nil {
		t.Fatal(err)
	}
	if events[0].Title != title1 || events[0].Summary != summary1 || events[0].TextLang != "my" || events[0].OriginalLang != "en" {
		t.Fatalf("published translation: %q %q in %q", events[0].Title, events[0].Summary, events[0].TextLang)
	}
	// Another language is untouched.
	events = []timeline.Event{ev}
	if err := store.TranslateEvents(ctx, "ar", tl.Language, events); err != nil {
		t.Fatal(err)
	}
	if events[0].Title != "Bago massacre" || events[0].TextLang != "en" {
		t.Fatalf("Arabic reader got %q in %q", events[0].Title, events[0].TextLang)
	}

	// An edit waits; the published text stays public.
	const title2 = "ပဲခူး သတ်ဖြတ်မှု (ပြင်ဆင်ပြီး)"
	v2, err := store.SaveTranslation(ctx, a, timeline.TranslationSave{Key: key, Title: title2, Summary: summary1, Version: v})
	if err != nil {
		t.Fatal(err)
	}
	tr, _ = store.Translation(ctx, key)
	if tr.Status != timeline.TranslationDraft || tr.Published == nil || tr.Published.Title != title1 || tr.Text.Title != title2 {
		t.Fatalf("pending edit: %+v", tr)
	}
	events = []timeline.Event{ev}
	_ = store.TranslateEvents(ctx, "my", tl.Language, events)
	if events[0].Title != title1 {
		t.Fatalf("the public sees %q while an edit waits, want the published %q", events[0].Title, title1)
	}
	// A stale version is refused and changes nothing.
	if _, err := store.SaveTranslation(ctx, b, timeline.TranslationSave{Key: key, Title: "stale", Version: v}); timeline.ErrorCode(err) != timeline.ECONFLICT {
		t.Fatalf("stale save: %v, want a conflict", err)
	}
	if _, err := store.PublishTranslation(ctx, b, timeline.TranslationAction{Key: key, Version: v2}); err != nil {
		t.Fatal(err)
	}
	events = []timeline.Event{ev}
	_ = store.TranslateEvents(ctx, "my", tl.Language, events)
	if events[0].Title != title2 {
		t.Fatalf("after publishing the edit the public sees %q, want %q", events[0].Title, title2)
	}

	// Every step is in the event's history, with the language.
	revs, err := store.History(ctx, "event", id)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, r := range revs {
		if r.Entity != "event_translation" {
			continue
		}
		var rec struct{ Lang, Title string }
		if err := json.Unmarshal(r.Record, &rec); err != nil || rec.Lang != "my" {
			t.Errorf("revision %d record %s: %v", r.ID, r.Record, err)
		}
		actions = append(actions, r.Action)
	}
	want := "translation_publish translation_save translation_publish translation_save"
	if got := strings.Join(actions, " "); got != want {
		t.Errorf("translation revisions, newest first: %q, want %q", got, want)
	}

	// Deleting takes it off the public read and is recorded too.
	tr, _ = store.Translation(ctx, key)
	if err := store.DeleteTranslation(ctx, b, timeline.TranslationAction{Key: key, Version: tr.Version}); err != nil {
		t.Fatal(err)
	}
	events = []timeline.Event{ev}
	_ = store.TranslateEvents(ctx, "my", tl.Language, events)
	if events[0].Title != "Bago massacre" {
		t.Fatalf("deleted translation still shown: %q", events[0].Title)
	}
	if revs, _ = store.History(ctx, "event", id); revs[0].Action != "translation_delete" {
		t.Errorf("newest revision is %q, want the deletion", revs[0].Action)
	}
}

// Bad input is refused with a clear error naming the field, and nothing is
// written.
func TestTranslationValidation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, a, b := setupStaffStore(t)
	id := publishedStaffEvent(t, store, a, b, "Bago massacre")
	for _, tc := range []struct {
		name, lang, title string
		field, words      string
	}{
		{"not a tag", "Burmese", "ပဲခူး", "lang", "is not a language code"},
		{"script injection", "my<script>", "ပဲခူး", "lang", "is not a language code"},
		{"same as the original", "en", "Bago", "lang", "the language the text was written in"},
		{"no title", "my", "   ", "title", "is required"},
		{"title too long", "my", strings.Repeat("က", 301), "title", "the limit is 300"},
	} {
		_, err := store.SaveTranslation(ctx, a, timeline.TranslationSave{
			Key: timeline.TranslationKey{Of: timeline.OfEvent, ID: id, Lang: tc.lang}, Title: tc.title})
		if timeline.ErrorCode(err) != timeline.EINVALID {
			t.Errorf("%s: %v, want invalid", tc.name, err)
			continue
		}
		found := false
		for _, p := range problemFields(err) {
			if strings.HasPrefix(p, tc.field+": ") && strings.Contains(p, tc.words) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: problems %q, want %s: …%s…", tc.name, problemFields(err), tc.field, tc.words)
		}
	}
	list, err := store.Translations(ctx, timeline.OfEvent, id)
	if err != nil || len(list) != 0 {
		t.Errorf("refused saves left translations: %+v %v", list, err)
	}
	// A second "new" translation into the same language is a conflict.
	key := timeline.TranslationKey{Of: timeline.OfEvent, ID: id, Lang: "my"}
	if _, err := store.SaveTranslation(ctx, a, timeline.TranslationSave{Key: key, Title: "ပဲခူး"}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.SaveTranslation(ctx, b, timeline.TranslationSave{Key: key, Title: "ပဲခူး ၂"}); timeline.ErrorCode(err) != timeline.ECONFLICT {
		t.Errorf("second new translation into my: %v, want a conflict", err)
	}
	// Unknown events and kinds are not found.
	if _, err := store.SaveTranslation(ctx, a, timeline.TranslationSave{Key: timeline.TranslationKey{Of: timeline.OfEvent, ID: id + 999, Lang: "my"}, Title: "x"}); timeline.ErrorCode(err) != timeline.ENOTFOUND {
		t.Errorf("translation of a missing event: %v, want not found", err)
	}
}

// Timelines are translated the same way; a Burmese-language timeline
// refuses a Burmese translation.
func TestTimelineTranslation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, a, b := setupStaffStore(t)
	tl, err := store.TimelineBySlug(ctx, "tl")
	if err != nil {
		t.Fatal(err)
	}
	key := timeline.TranslationKey{Of: timeline.OfTimeline, ID: tl.ID, Lang: "my"}
	v, err := store.SaveTranslation(ctx, a, timeline.TranslationSave{Key: key, Title: "အချိန်ဇယား", Summary: "အကျဉ်း"})
	if err != nil {
		t.Fatal(err)
	}
	got := tl
	_ = store.TranslateTimelines(ctx, "my", &got)
	if got.Title != "Timeline" || got.TextLang != "en" {
		t.Fatalf("draft timeline translation shown: %q in %q", got.Title, got.TextLang)
	}
	if _, err := store.PublishTranslation(ctx, b, timeline.TranslationAction{Key: key, Version: v}); err != nil {
		t.Fatal(err)
	}
	got = tl
	if err := store.TranslateTimelines(ctx, "my", &got); err != nil {
		t.Fatal(err)
	}
	if got.Title != "အချိန်ဇယား" || got.Summary != "အကျဉ်း" || got.TextLang != "my" || got.Language != "en" {
		t.Fatalf("published timeline translation: %+v", got)
	}
	if revs, err := store.History(ctx, "timeline", tl.ID); err != nil || len(revs) != 3 || revs[0].Entity != "timeline_translation" ||
		revs[2].Entity != "timeline" || revs[2].Action != "create" {
		t.Errorf("timeline history: %d revisions, %v", len(revs), err)
	}
	if err := store.SaveTimeline(ctx, auth.User{}, timeline.Timeline{Slug: "mm", Title: "မြန်မာ", Language: "my", Visibility: "public"}); err != nil {
		t.Fatal(err)
	}
	mm, _ := store.TimelineBySlug(ctx, "mm")
	_, err = store.SaveTranslation(ctx, a, timeline.TranslationSave{Key: timeline.TranslationKey{Of: timeline.OfTimeline, ID: mm.ID, Lang: "my"}, Title: "x"})
	if timeline.ErrorCode(err) != timeline.EINVALID || !strings.Contains(timeline.ErrorMessage(err), "written in") {
		t.Errorf("Burmese translation of a Burmese timeline: %v", err)
	}
}

// Search finds an event by a word of its published translation, never by
// one of a translation waiting for review.
func TestSearchFindsPublishedTranslations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, a, b := setupStaffStore(t)
	id := publishedStaffEvent(t, store, a, b, "Bago massacre")
	key := timeline.TranslationKey{Of: timeline.OfEvent, ID: id, Lang: "my"}
	v, err := store.SaveTranslation(ctx, a, timeline.TranslationSave{Key: key, Title: "ပဲခူးမြို့တွင်သတ်ဖြတ်မှု"})
	if err != nil {
		t.Fatal(err)
	}
	search := func(q string) int {
		t.Helper()
		res, err := store.Search(ctx, timeline.SearchQuery{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if n := search("ပဲခူးမြို့"); n != 0 {
		t.Fatalf("a draft translation's word found %d events", n)
	}
	if _, err := store.PublishTranslation(ctx, b, timeline.TranslationAction{Key: key, Version: v}); err != nil {
		t.Fatal(err)
	}
	if n := search("ပဲခူးမြို့"); n != 1 {
		t.Fatalf("a published translation's word (inside a longer run) found %d events, want 1", n)
	}
	tr, _ := store.Translation(ctx, key)
	if _, err := store.SaveTranslation(ctx, a, timeline.TranslationSave{Key: key, Title: "နေပြည်တော်", Version: tr.Version}); err != nil {
		t.Fatal(err)
	}
	if n := search("နေပြည်တော်"); n != 0 {
		t.Errorf("a waiting edit's word found %d events", n)
	}
	if n := search("ပဲခူးမြို့"); n != 1 {
		t.Errorf("the published text is no longer found while an edit waits: %d", n)
	}
}

// Public pages' ETags follow published translations: saving a text for
// review changes nothing public, publishing it does.
func TestFingerprintFollowsPublishedTranslations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, a, b := setupStaffStore(t)
	id := publishedStaffEvent(t, store, a, b, "Bago massacre")
	tl, _ := store.TimelineBySlug(ctx, "tl")
	digests := func() [3]string {
		t.Helper()
		var out [3]string
		for i, ev := range []string{"", "bago-massacre"} {
			fp, err := store.TimelineFingerprint(ctx, "tl", ev)
			if err != nil {
				t.Fatal(err)
			}
			out[i] = fp.Digest
		}
		fp, err := store.HomeFingerprint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out[2] = fp.Digest
		return out
	}
	before := digests()
	ek := timeline.TranslationKey{Of: timeline.OfEvent, ID: id, Lang: "my"}
	tk := timeline.TranslationKey{Of: timeline.OfTimeline, ID: tl.ID, Lang: "my"}
	ev, err := store.SaveTranslation(ctx, a, timeline.TranslationSave{Key: ek, Title: "ပဲခူး"})
	if err != nil {
		t.Fatal(err)
	}
	tv, err := store.SaveTranslation(ctx, a, timeline.TranslationSave{Key: tk, Title: "အချိန်ဇယား"})
	if err != nil {
		t.Fatal(err)
	}
	if got := digests(); got != before {
		t.Fatalf("saving translations for review changed public fingerprints: %v -> %v", before, got)
	}
	if _, err := store.PublishTranslation(ctx, b, timeline.TranslationAction{Key: ek, Version: ev}); err != nil {
		t.Fatal(err)
	}
	mid := digests()
	if mid[0] == before[0] || mid[1] == before[1] {
		t.Errorf("publishing the event's translation left the timeline or event fingerprint unchanged")
	}
	if _, err := store.PublishTranslation(ctx, b, timeline.TranslationAction{Key: tk, Version: tv}); err != nil {
		t.Fatal(err)
	}
	if after := digests(); after[2] == mid[2] || after[0] == mid[0] {
		t.Errorf("publishing the timeline's translation left the home or timeline fingerprint unchanged")
	}
}
