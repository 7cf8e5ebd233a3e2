package timeline

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Differences between two versions of an event, in the words staff use:
// "Title", "Actor Tatmadaw added", "Figure: killed at least 64 (as of 27
// March 2021) removed". Internal ids and flags never show, and long text
// carries word-level marks of what was deleted and inserted.

// ChangeKind says how a field differs between two versions.
type ChangeKind string

const (
	ChangeSame    ChangeKind = "same"
	ChangeChanged ChangeKind = "changed"
	ChangeAdded   ChangeKind = "added"
	ChangeRemoved ChangeKind = "removed"
)

// Change is one field (or list element) compared between two versions.
type Change struct {
	Label    string // "Title", "Source “Report on the raid”"
	Kind     ChangeKind
	Old, New string     // as people read them; empty when added or removed
	Words    []TextEdit // for text that changed: the words kept, deleted and inserted
	// What Label is made of, for pages in other languages: a field's name
	// ("title", "published_date"), or a list ("actor", "source", "figure",
	// "media") and the element's name in it.
	Field, List, Item string
	// OldValue and NewValue are Old and New as values, where a page
	// writes them in its own language: a FuzzyDate, a Visibility, a bool,
	// a list's element (EventActor, Citation, Figure, Media); nil
	// otherwise. ItemValue is the element Item names.
	OldValue, NewValue, ItemValue any
}

// TextOp is what happened to a run of text.
type TextOp int8

const (
	TextSame TextOp = iota
	TextDeleted
	TextInserted
)

// TextEdit is a run of text kept, deleted or inserted.
type TextEdit struct {
	Op   TextOp
	Text string
}

// WordDiff compares two texts word by word: a one-word change inside a
// paragraph is that word deleted and another inserted, not the paragraph.
// Words are runs of letters, marks and digits; spaces and each punctuation
// sign are words of their own.
func WordDiff(old, new string) []TextEdit {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // no deadline: the same texts always give the same marks; summaries are bounded
	// Each distinct word becomes one rune, so the character diff of the
	// runes is a word diff; runes start above the BMP to stay clear of
	// surrogates.
	const first = 0x10000
	var words []string
	ids := map[string]rune{}
	encode := func(s string) []rune {
		var out []rune
		for _, w := range splitWords(s) {
			r, ok := ids[w]
			if !ok {
				r = rune(first + len(words))
				ids[w] = r
				words = append(words, w)
			}
			out = append(out, r)
		}
		return out
	}
	a, b := encode(old), encode(new)
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(a, b, false))
	var out []TextEdit
	for _, d := range diffs {
		var sb strings.Builder
		for _, r := range d.Text {
			sb.WriteString(words[r-first])
		}
		op := TextSame
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = TextDeleted
		case diffmatchpatch.DiffInsert:
			op = TextInserted
		}
		out = append(out, TextEdit{Op: op, Text: sb.String()})
	}
	return out
}

func splitWords(s string) []string {
	var out []string
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	start := 0
	var prev int // 0 none, 1 word, 2 space
	for i, r := range s {
		class := 3
		if isWord(r) {
			class = 1
		} else if unicode.IsSpace(r) {
			class = 2
		}
		if i > start && (class != prev || class == 3) {
			out = append(out, s[start:i])
			start = i
		}
		prev = class
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// textFields get word-level marks when they change.
var textFields = map[string]bool{"title": true, "summary": true}

// DiffEvents compares two versions of an event field by field, then its
// actors, sources and figures element by element. Unchanged fields are
// included (Kind ChangeSame) for pages that show them.
func DiffEvents(a, b Event) []Change {
	var out []Change
	for _, f := range scalarFields {
		show := f.show
		if show == nil {
			show = f.get
		}
		c := Change{Label: f.label, Kind: ChangeSame, Old: show(a), New: show(b), Field: f.name}
		switch f.name {
		case "start":
			c.OldValue, c.NewValue = a.When.Start, b.When.Start
		case "end":
			c.OldValue, c.NewValue = a.When.End, b.When.End
		case "visibility":
			c.OldValue, c.NewValue = a.Visibility, b.Visibility
		}
		if f.get(a) != f.get(b) {
			c.Kind = ChangeChanged
			if textFields[f.name] {
				c.Words = WordDiff(c.Old, c.New)
			}
		}
		out = append(out, c)
	}
	keys := newSourceKeys(&a, b)
	out = append(out, diffList(a.Actors, b.Actors, actorList)...)
	out = append(out, diffList(a.Citations, b.Citations, keys.citationList())...)
	out = append(out, diffList(a.Figures, b.Figures, keys.figureList())...)
	out = append(out, diffList(a.Media, b.Media, mediaList)...)
	return out
}

// diffList compares two lists by element, in b's order then the elements
// only a has.
func diffList[T any](a, b []T, kind listKind[T]) []Change {
	old := map[string]T{}
	for _, x := range a {
		old[kind.key(x)] = x
	}
	var out []Change
	seen := map[string]bool{}
	for _, x := range b {
		k := kind.key(x)
		seen[k] = true
		o, ok := old[k]
		switch {
		case !ok:
			out = append(out, Change{Label: kind.label(x), Kind: ChangeAdded, New: kind.show(x), List: kind.list, Item: kind.item(x),
				NewValue: x, ItemValue: x})
		case kind.value(o) != kind.value(x):
			out = append(out, Change{Label: kind.label(x), Kind: ChangeChanged, Old: kind.show(o), New: kind.show(x), List: kind.list, Item: kind.item(x),
				OldValue: o, NewValue: x, ItemValue: x})
		default:
			out = append(out, Change{Label: kind.label(x), Kind: ChangeSame, Old: kind.show(o), New: kind.show(x), List: kind.list, Item: kind.item(x),
				OldValue: o, NewValue: x, ItemValue: x})
		}
	}
	for _, x := range a {
		if !seen[kind.key(x)] {
			out = append(out, Change{Label: kind.label(x), Kind: ChangeRemoved, Old: kind.show(x), List: kind.list, Item: kind.item(x),
				OldValue: x, ItemValue: x})
		}
	}
	return out
}

// FigureWords describes a figure as people say it: "killed at least 64
// (as of 27 March 2021)".
func FigureWords(f Figure) string {
	s := strings.ReplaceAll(f.Metric, "_", " ") + " " + f.Phrase()
	if f.Scope == ScopeCumulative {
		s += " in all"
	}
	if !f.AsOf.IsZero() {
		s += " (as of " + f.AsOf.Format() + ")"
	}
	return s
}

// PlaceWords describes a place: "Yangon, MM (16.8, 96.15)".
func PlaceWords(p Place) string {
	s := p.Name
	if p.Country != "" {
		if s != "" {
			s += ", "
		}
		s += p.Country
	}
	if p.Lat != nil && p.Lon != nil {
		s += fmt.Sprintf(" (%s, %s)", strconv.FormatFloat(*p.Lat, 'f', -1, 64), strconv.FormatFloat(*p.Lon, 'f', -1, 64))
	}
	return strings.TrimSpace(s)
}

// VisibilityWords names a visibility for staff.
func VisibilityWords(v Visibility) string {
	switch v {
	case VisibilityPublic:
		return "public"
	case VisibilityInternal:
		return "internal (staff only)"
	}
	return string(v)
}

// RoleWords names an actor's role: "decision_maker" -> "decision maker".
func RoleWords(role string) string {
	if role == "" {
		return "(no role)"
	}
	return strings.ReplaceAll(role, "_", " ")
}
