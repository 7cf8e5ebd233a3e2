package web

import (
	"slices"
	"unicode"

	"annals/views"
)

// highlighter finds the searched words in a text: every occurrence of a
// term, ignoring case, and every word that starts with one of the English
// stems full-text search matched ("kill" marks "killed").
type highlighter struct {
	terms [][]rune
	stems [][]rune
}

func newHighlighter(terms, stems []string) highlighter {
	var h highlighter
	for _, t := range terms {
		if r := foldRunes(t); len(r) > 0 {
			h.terms = append(h.terms, r)
		}
	}
	// Stems come from the English configuration: only Latin-script stems
	// are word stems. Burmese has no spaces, so a "word" there is a whole
	// run of text and extending a match to its end would mark too much.
	for _, s := range stems {
		if r := foldRunes(s); len(r) >= 3 && latin(r) {
			h.stems = append(h.stems, r)
		}
	}
	return h
}

func latin(rs []rune) bool {
	for _, r := range rs {
		if !unicode.In(r, unicode.Latin, unicode.Digit) {
			return false
		}
	}
	return true
}

func foldRunes(s string) []rune {
	r := []rune(s)
	for i := range r {
		r[i] = unicode.ToLower(r[i])
	}
	return r
}

// spans returns the marked rune ranges of text, sorted and merged.
func (h highlighter) spans(text []rune) [][2]int {
	folded := make([]rune, len(text))
	for i, r := range text {
		folded[i] = unicode.ToLower(r)
	}
	var spans [][2]int
	for _, t := range h.terms {
		for i := 0; i+len(t) <= len(folded); i++ {
			if slices.Equal(folded[i:i+len(t)], t) {
				spans = append(spans, [2]int{i, i + len(t)})
			}
		}
	}
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	for _, s := range h.stems {
		for i := 0; i+len(s) <= len(folded); i++ {
			if (i == 0 || !isWord(folded[i-1])) && slices.Equal(folded[i:i+len(s)], s) {
				end := i + len(s)
				for end < len(folded) && isWord(folded[end]) {
					end++
				}
				spans = append(spans, [2]int{i, end})
			}
		}
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	var merged [][2]int
	for _, s := range spans {
		if n := len(merged); n > 0 && s[0] <= merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], s[1])
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

func (h highlighter) matches(s string) bool { return len(h.spans([]rune(s))) > 0 }

// mark splits s into plain and marked segments.
func (h highlighter) mark(s string) []views.Segment {
	text := []rune(s)
	var out []views.Segment
	at := 0
	for _, sp := range h.spans(text) {
		if sp[0] > at {
			out = append(out, views.Segment{Text: string(text[at:sp[0]])})
		}
		out = append(out, views.Segment{Text: string(text[sp[0]:sp[1]]), Mark: true})
		at = sp[1]
	}
	if at < len(text) || len(out) == 0 {
		out = append(out, views.Segment{Text: string(text[at:])})
	}
	return out
}

// snippet cuts text to about n runes around its first match.
func (h highlighter) snippet(text string, n int) string {
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	start := 0
	if sp := h.spans(r); len(sp) > 0 && sp[0][1] > n-40 {
		start = max(sp[0][0]-60, 0)
		// Start at a word boundary where there is one nearby.
		for i := start; i < sp[0][0] && i < start+20; i++ {
			if unicode.IsSpace(r[i]) {
				start = i + 1
				break
			}
		}
	}
	end := min(start+n, len(r))
	out := string(r[start:end])
	if start > 0 {
		out = "…" + out
	}
	if end < len(r) {
		out += "…"
	}
	return out
}
