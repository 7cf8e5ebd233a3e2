package demo

import (
	"testing"

	"annals/internal/zawgyi"
)

// TestBurmeseTranslations: the demo's Burmese texts name events of the
// demo, cover at least six of them, and are Unicode Burmese, not Zawgyi.
func TestBurmeseTranslations(t *testing.T) {
	tr, err := BurmeseTranslations()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Document()
	if err != nil {
		t.Fatal(err)
	}
	slugs := map[string]bool{}
	for _, e := range doc.Events {
		slugs[e.Slug] = true
	}
	if tr.Lang != "my" || tr.Timeline.Title == "" || tr.Timeline.Summary == "" || len(tr.Events) < 6 {
		t.Fatalf("want Burmese title, summary and at least 6 events; have lang %q, %d events", tr.Lang, len(tr.Events))
	}
	texts := []Text{tr.Timeline}
	for slug, text := range tr.Events {
		if !slugs[slug] {
			t.Errorf("translation of %q: the demo has no such event", slug)
		}
		texts = append(texts, text)
	}
	for _, text := range texts {
		for _, s := range []string{text.Title, text.Summary} {
			if zawgyi.IsZawgyi(s) {
				t.Errorf("looks like Zawgyi, want Unicode: %q", s)
			}
		}
	}
}
