package timeline_test

import (
	"strings"
	"testing"

	"annals/internal/timeline"
)

// One word changed inside a paragraph is marked as that word, not the
// paragraph.
func TestWordDiff(t *testing.T) {
	t.Parallel()
	old := "Security forces opened fire on protesters in Mandalay on the morning of 27 March, witnesses said."
	new := "Security forces opened fire on mourners in Mandalay on the morning of 27 March, witnesses said."
	var del, ins, same []string
	for _, e := range timeline.WordDiff(old, new) {
		switch e.Op {
		case timeline.TextDeleted:
			del = append(del, e.Text)
		case timeline.TextInserted:
			ins = append(ins, e.Text)
		default:
			same = append(same, e.Text)
		}
	}
	if strings.Join(del, "|") != "protesters" || strings.Join(ins, "|") != "mourners" {
		t.Errorf("deleted %q, inserted %q; want protesters / mourners", del, ins)
	}
	if got := strings.Join(same, ""); !strings.Contains(got, "Security forces opened fire on ") {
		t.Errorf("kept %q", got)
	}

	// Burmese words (letters with combining marks) stay whole.
	for _, e := range timeline.WordDiff("ရန်ကုန် မြို့", "မန္တလေး မြို့") {
		if e.Op == timeline.TextDeleted && e.Text != "ရန်ကုန်" {
			t.Errorf("deleted %q, want the whole word", e.Text)
		}
	}
}

// A diff names fields in staff words and never shows ids: a figure whose
// id changed (the editor's form carries none) is not a change.
func TestDiffEventsInStaffWords(t *testing.T) {
	t.Parallel()
	a, b := mergeBase(), clone(mergeBase())
	b.Figures[0].ID = 0
	b.Title = "Armed Forces Day massacre"
	b.Citations = nil
	for _, c := range timeline.DiffEvents(a, b) {
		if c.Kind == timeline.ChangeSame {
			continue
		}
		switch c.Label {
		case "Title":
		case "Source “Report”":
			if c.Kind != timeline.ChangeRemoved {
				t.Errorf("source: %s, want removed", c.Kind)
			}
		default:
			t.Errorf("unexpected change %+v", c)
		}
		if strings.Contains(c.Label+c.Old+c.New, "18") {
			t.Errorf("a change shows the figure's id: %+v", c)
		}
	}
}
